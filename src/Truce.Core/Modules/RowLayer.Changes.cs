using Truce.Core.Access;

namespace Truce.Core.Modules;

public sealed partial class RowLayer<TRecord, TRow>
{
    /// <summary>
    /// One pass over the reader's book: records changed after <paramref name="after"/> and past the cursor are kept in a
    /// heap of <c>limit + 1</c> by key (as <see cref="Page"/> does); the count of features shown is taken in the same
    /// pass, and given only on the last page.
    /// </summary>
    public override LayerChanges Changes(Reader reader, long after, LayerQuery query)
    {
        var versions = spec.Versions ?? (_ => (-1, -1));
        return (LayerChanges)scope(reader, records =>
        {
            if (records is IKeyOrdered<TRecord> ordered)
            {
                return SeekChanges(ordered, after, query, versions);
            }
            var heap = SmallestKeys(query.Limit + 1);
            long shown = 0;
            var n = 0;
            foreach (var r in records)
            {
                Tick(n++, query.Stop);
                // `after` is a log size: the entries since are those at index `after` and beyond.
                if (versions(r).Changed >= after && spec.Key(r) is var key && (query.After is null || string.CompareOrdinal(key, query.After) > 0))
                {
                    Keep(heap, r, key, query.Limit + 1);
                }
                if (Shows(r))
                {
                    shown++;
                }
            }
            var kept = InOrder(heap);
            var page = kept.Take(query.Limit).ToList();
            var items = page.Select(k => Change(k.Record, after, query, versions)).ToList();
            var last = kept.Count <= query.Limit;
            return new LayerChanges(items, last ? null : page[^1].Key, last ? shown : null);
        })!;
    }
}
