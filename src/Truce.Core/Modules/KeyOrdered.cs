using System.Collections;

namespace Truce.Core.Modules;

/// <summary>
/// A layer's records in key order, reached by position: what a scope hands a <see cref="RowLayer{TRecord, TRow}"/> when
/// its book keeps an index by key, so a page seeks to its cursor and stops once full instead of passing over every
/// record (docs/BENCHMARKS.md, "Exchange").
/// </summary>
public interface IKeyOrdered<out TRecord> : IReadOnlyList<TRecord>
{
    /// <summary>The position of the first record whose key sorts after <paramref name="key"/> (ordinally); 0 for null.</summary>
    int After(string? key);
}

/// <summary>
/// Records a book can name by what changed them: every record changed by an entry at or after a log size, and maybe
/// some that were not (the layer checks each against its versions). A change-feed page then costs the changes since,
/// not a pass over the book: a follower polling every few seconds would otherwise read the whole book each time.
/// </summary>
public interface IChangeIndexed<out TRecord>
{
    IEnumerable<TRecord> ChangedSince(long after);
}

/// <summary>Shorthands over <see cref="IKeyOrdered{TRecord}"/>.</summary>
public static class KeyOrdered
{
    /// <summary>The same records in the same order, each made into another (a layer's record of a book's value);
    /// with <paramref name="changedSince"/>, they are <see cref="IChangeIndexed{TRecord}"/> too.</summary>
    public static IKeyOrdered<TOut> Map<TIn, TOut>(this IKeyOrdered<TIn> records, Func<TIn, TOut> make, Func<long, IEnumerable<TIn>>? changedSince = null) =>
        changedSince is null ? new Mapped<TIn, TOut>(records, make) : new Indexed<TIn, TOut>(records, make, changedSince);

    /// <summary>The same records made into others, with those changed since a log size, and whose book keeps their points
    /// (<see cref="IPointIndexed{TRecord}"/>): <paramref name="points"/> hands the kept index, up to date.</summary>
    public static IKeyOrdered<TOut> Map<TIn, TOut>(this IKeyOrdered<TIn> records, Func<TIn, TOut> make, Func<long, IEnumerable<TIn>> changedSince,
        Func<Func<TOut, IndexedPoint?>, PointIndex<TOut>> points) => new Pointed<TIn, TOut>(records, make, changedSince, points);

    class Indexed<TIn, TOut>(IKeyOrdered<TIn> records, Func<TIn, TOut> make, Func<long, IEnumerable<TIn>> changedSince)
        : Mapped<TIn, TOut>(records, make), IChangeIndexed<TOut>
    {
        public IEnumerable<TOut> ChangedSince(long after) => changedSince(after).Select(Make);
    }

    sealed class Pointed<TIn, TOut>(IKeyOrdered<TIn> records, Func<TIn, TOut> make, Func<long, IEnumerable<TIn>> changedSince,
        Func<Func<TOut, IndexedPoint?>, PointIndex<TOut>> points) : Indexed<TIn, TOut>(records, make, changedSince), IPointIndexed<TOut>
    {
        public PointIndex<TOut> Points(Func<TOut, IndexedPoint?> place) => points(place);
    }

    class Mapped<TIn, TOut>(IKeyOrdered<TIn> records, Func<TIn, TOut> make) : IKeyOrdered<TOut>
    {
        protected TOut Make(TIn record) => make(record);

        public int Count => records.Count;

        public TOut this[int position] => make(records[position]);

        public int After(string? key) => records.After(key);

        public IEnumerator<TOut> GetEnumerator()
        {
            for (var p = 0; p < records.Count; p++)
            {
                yield return make(records[p]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
