namespace Truce.Core.Modules;

/// <summary>Pages over records a book keeps in key order (<see cref="IKeyOrdered{TRecord}"/>): a page starts at its
/// cursor by bisection and stops once full, so it costs its own rows, not the book's size; only a count still passes
/// over every record, and with no filter it asks the cheap <see cref="RowSpec{TRecord, TRow}.Shown"/>.</summary>
public sealed partial class RowLayer<TRecord, TRow>
{
    LayerPage SeekPage(IKeyOrdered<TRecord> records, LayerQuery q)
    {
        var filtered = Filtered(q);
        var rows = new List<(TRecord Record, TRow Row)>(Math.Min(q.Limit + 1, 1024));
        for (var p = records.After(q.After); p < records.Count && rows.Count <= q.Limit; p++)
        {
            Tick(p, q.Stop);
            var r = records[p];
            if (spec.Expand(r) is { } row && (!filtered || Matches(row, q)))
            {
                rows.Add((r, row));
            }
        }
        long? matched = q.Count ? CountShown(records, q, filtered) : null;
        var page = rows.Take(q.Limit).ToList();
        var next = rows.Count > q.Limit && page.Count > 0 ? spec.Key(page[^1].Record) : null;
        return new LayerPage([.. page.Select(x => spec.Feature(x.Row, q))], next, matched);
    }

    /// <summary>How many records the reader is shown that match <paramref name="q"/>'s filters.</summary>
    long CountShown(IReadOnlyList<TRecord> records, LayerQuery q, bool filtered)
    {
        long n = 0;
        for (var p = 0; p < records.Count; p++)
        {
            Tick(p, q.Stop);
            var r = records[p];
            if (filtered ? spec.Expand(r) is { } row && Matches(row, q) : Shows(r))
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>The changes page in key order from the cursor, stopping once full; the count of features shown is
    /// taken only for the last page, the one that gives it.</summary>
    LayerChanges SeekChanges(IKeyOrdered<TRecord> records, long after, LayerQuery q, Func<TRecord, (long Created, long Changed)> versions)
    {
        var kept = records is IChangeIndexed<TRecord> indexed ? ChangedSince(indexed, after, q, versions) : Scan(records, after, q, versions);
        var last = kept.Count <= q.Limit;
        var page = last ? kept : kept[..q.Limit];
        return new LayerChanges([.. page.Select(r => Change(r, after, q, versions))], last || page.Count == 0 ? null : spec.Key(page[^1]),
            last ? CountShown(records, q, filtered: false) : null);
    }

    /// <summary>With no index of changes: from the cursor in key order until <c>limit + 1</c> changed records are found.</summary>
    List<TRecord> Scan(IKeyOrdered<TRecord> records, long after, LayerQuery q, Func<TRecord, (long Created, long Changed)> versions)
    {
        var kept = new List<TRecord>(Math.Min(q.Limit + 1, 1024));
        for (var p = records.After(q.After); p < records.Count && kept.Count <= q.Limit; p++)
        {
            Tick(p, q.Stop);
            if (versions(records[p]).Changed >= after)
            {
                kept.Add(records[p]);
            }
        }
        return kept;
    }

    /// <summary>The first <c>limit + 1</c> records past the cursor, in key order, of those the book names as changed
    /// since <paramref name="after"/> that did change since (its versions say), each once.</summary>
    List<TRecord> ChangedSince(IChangeIndexed<TRecord> indexed, long after, LayerQuery q, Func<TRecord, (long Created, long Changed)> versions)
    {
        var changed = new Dictionary<string, TRecord>(StringComparer.Ordinal);
        var n = 0;
        foreach (var r in indexed.ChangedSince(after))
        {
            Tick(n++, q.Stop);
            if (versions(r).Changed >= after && spec.Key(r) is var key && (q.After is null || string.CompareOrdinal(key, q.After) > 0))
            {
                changed.TryAdd(key, r);
            }
        }
        return [.. changed.OrderBy(c => c.Key, StringComparer.Ordinal).Take(q.Limit + 1).Select(c => c.Value)];
    }

    /// <summary>A record as a change since log size <paramref name="after"/>: new, changed, or removed (no row shown).</summary>
    LayerChange Change(TRecord r, long after, LayerQuery q, Func<TRecord, (long Created, long Changed)> versions) =>
        spec.Expand(r) is { } row
            ? new LayerChange(spec.Id(r), versions(r).Created >= after ? "new" : "changed", spec.Feature(row, q))
            : new LayerChange(spec.Id(r), "removed", null);

    /// <summary>The record a feature id names, by bisection on its key.</summary>
    bool TryFind(IKeyOrdered<TRecord> records, string id, Func<string, string?> keyOf, out TRecord found)
    {
        found = default!;
        if (keyOf(id) is not { } key)
        {
            return false;
        }
        // After(key) is the first record past the key, so the one holding it, if any, is just before.
        var p = records.After(key) - 1;
        if (p < 0 || spec.Id(records[p]) != id)
        {
            return false;
        }
        found = records[p];
        return true;
    }
}
