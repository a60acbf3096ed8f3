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
        var shows = spec.Shown ?? (r => spec.Expand(r) is not null);
        return (LayerChanges)scope(reader, records =>
        {
            var heap = new PriorityQueue<TRecord, string>(query.Limit + 1, Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));
            long shown = 0;
            var n = 0;
            foreach (var r in records)
            {
                if ((++n & 1023) == 0)
                {
                    query.Stop.ThrowIfCancellationRequested();
                }
                // `after` is a log size: the entries since are those at index `after` and beyond.
                var changed = versions(r).Changed >= after;
                if (changed && (query.After is null || string.CompareOrdinal(spec.Key(r), query.After) > 0))
                {
                    Keep(heap, r, spec.Key(r), query.Limit + 1);
                }
                if (shows(r))
                {
                    shown++;
                }
            }
            var kept = new List<(TRecord Record, string Key)>(heap.Count);
            while (heap.TryDequeue(out var r, out var key))
            {
                kept.Add((r, key));
            }
            kept.Reverse();
            var page = kept.Take(query.Limit).ToList();
            var items = page.Select(k => spec.Expand(k.Record) is { } row
                ? new LayerChange(spec.Id(k.Record), versions(k.Record).Created >= after ? "new" : "changed", spec.Feature(row, query))
                : new LayerChange(spec.Id(k.Record), "removed", null)).ToList();
            var last = kept.Count <= query.Limit;
            return new LayerChanges(items, last ? null : page[^1].Key, last ? shown : null);
        })!;
    }
}
