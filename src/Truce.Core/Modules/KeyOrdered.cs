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
/// Log indexes kept sorted as they are added: the key index of a book whose records are named by the entry that made
/// them (incidents, reports). Records come in log order, so an add is an append; one that comes out of order (an
/// incident re-created under its old id by re-correlation) is inserted where it belongs.
/// </summary>
public sealed class SortedIndexes : IReadOnlyList<long>
{
    readonly List<long> _ids = [];

    public int Count => _ids.Count;

    public long this[int position] => _ids[position];

    /// <summary>Adds <paramref name="id"/> unless it is there already.</summary>
    public void Add(long id)
    {
        if (_ids.Count == 0 || id > _ids[^1])
        {
            _ids.Add(id);
            return;
        }
        var at = _ids.BinarySearch(id);
        if (at < 0)
        {
            _ids.Insert(~at, id);
        }
    }

    public void Clear() => _ids.Clear();

    public int After(string? key) => RowLayer.PositionAfter(_ids, key);

    public IEnumerator<long> GetEnumerator() => _ids.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The records of a book kept by log index (a <see cref="SortedIndexes"/> and the dictionary it indexes), as
/// a layer reads them: <paramref name="make"/> turns each into the layer's record.</summary>
public sealed class IndexedRecords<TValue, TRecord>(SortedIndexes order, IReadOnlyDictionary<long, TValue> values, Func<TValue, TRecord> make)
    : IKeyOrdered<TRecord>
{
    public int Count => order.Count;

    public TRecord this[int position] => make(values[order[position]]);

    public int After(string? key) => order.After(key);

    public IEnumerator<TRecord> GetEnumerator()
    {
        for (var p = 0; p < order.Count; p++)
        {
            yield return this[p];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
