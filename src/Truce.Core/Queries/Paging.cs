namespace Truce.Core.Queries;

/// <summary>
/// One page of a list: its items, the cursor to pass as <c>after</c> for the next page (null on the last), and how
/// many items the whole list holds with the same filters (the same on every page).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next, long Total);

/// <summary>Reads a cursor back into a sort key; false when the text is not one this list gave out.</summary>
public delegate bool CursorReader<TKey>(string cursor, out TKey key);

/// <summary>
/// How a list is ordered: the sort key of each record (unique within the list, so a page ends between two keys and
/// nothing is lost or repeated across pages), its order, and the cursor that stands for a key.
/// </summary>
public sealed class ListOrder<TRecord, TKey>(Func<TRecord, TKey> key, IComparer<TKey> order, Func<TKey, string> write, CursorReader<TKey> read)
{
    public Func<TRecord, TKey> Key { get; } = key;
    public IComparer<TKey> Order { get; } = order;
    public Func<TKey, string> Write { get; } = write;
    public CursorReader<TKey> Read { get; } = read;
}

/// <summary>Where a page starts: from the beginning, or strictly after a key.</summary>
public readonly record struct PageStart<TKey>(bool HasAfter, TKey After, int Limit);

/// <summary>The orders most lists use: by log index, or by a string id (ordinal).</summary>
public static class ListOrders
{
    public static ListOrder<TRecord, long> ByIndex<TRecord>(Func<TRecord, long> index) => new(index, Comparer<long>.Default,
        i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        (string s, out long k) => long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out k));

    public static ListOrder<TRecord, string> ById<TRecord>(Func<TRecord, string> id) => new(id, StringComparer.Ordinal, s => s,
        (string s, out string k) =>
        {
            k = s;
            return true;
        });

    /// <summary>By a number, then by an id (the number a log index or a distance): for a list whose ids repeat (a
    /// corridor's periods of validity) or whose order is not by id (places nearest first). The cursor is
    /// "number~id": the number never holds '~', the id may hold anything.</summary>
    public static ListOrder<TRecord, (double Number, string Id)> ByNumberThenId<TRecord>(Func<TRecord, (double Number, string Id)> key) => new(key,
        Comparer<(double Number, string Id)>.Create((a, b) => a.Number.CompareTo(b.Number) is var c && c != 0 ? c : string.CompareOrdinal(a.Id, b.Id)),
        k => $"{k.Number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}~{k.Id}",
        (string s, out (double Number, string Id) k) =>
        {
            var cut = s.IndexOf('~', StringComparison.Ordinal);
            var n = double.NaN;
            var ok = cut > 0 && double.TryParse(s.AsSpan(0, cut), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out n)
                && double.IsFinite(n);
            k = ok ? (n, s[(cut + 1)..]) : default;
            return ok;
        });
}

/// <summary>
/// Pages of a list in one pass over the reader's records: the filter is applied to every record and the matches
/// counted (the total), and only the <c>limit + 1</c> smallest keys after the cursor are kept, in a bounded heap, so a
/// page costs one pass and memory for one page whatever the list's size. Views are built for the page's items only.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>Records in any order.</summary>
    public static Page<TView> Take<TRecord, TKey, TView>(IEnumerable<TRecord> records, ListOrder<TRecord, TKey> order, PageStart<TKey> start,
        Func<TRecord, bool> keep, Func<TRecord, TView> view)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(start.Limit, 1);
        // A max-heap of the smallest keys seen: the root is the one to drop when a smaller key comes.
        var heap = new PriorityQueue<TRecord, TKey>(Comparer<TKey>.Create((a, b) => order.Order.Compare(b, a)));
        long total = 0;
        foreach (var r in records)
        {
            if (!keep(r))
            {
                continue;
            }
            total++;
            var k = order.Key(r);
            if (start.HasAfter && order.Order.Compare(k, start.After) <= 0)
            {
                continue;
            }
            if (heap.Count <= start.Limit)
            {
                heap.Enqueue(r, k);
            }
            else if (heap.TryPeek(out _, out var largest) && order.Order.Compare(k, largest) < 0)
            {
                heap.EnqueueDequeue(r, k);
            }
        }
        var ordered = new TRecord[heap.Count];
        for (var i = ordered.Length - 1; i >= 0; i--)
        {
            ordered[i] = heap.Dequeue();
        }
        return Finish(ordered, order, start.Limit, total, view);
    }

    /// <summary>Records already in the list's order (a log-ordered or sorted collection): no heap, the page is the
    /// first <c>limit</c> after the cursor; the pass goes on only to count the total.</summary>
    public static Page<TView> Seek<TRecord, TKey, TView>(IEnumerable<TRecord> ordered, ListOrder<TRecord, TKey> order, PageStart<TKey> start,
        Func<TRecord, bool> keep, Func<TRecord, TView> view)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(start.Limit, 1);
        var page = new List<TRecord>(Math.Min(start.Limit + 1, 1024));
        long total = 0;
        foreach (var r in ordered)
        {
            if (!keep(r))
            {
                continue;
            }
            total++;
            if (page.Count <= start.Limit && (!start.HasAfter || order.Order.Compare(order.Key(r), start.After) > 0))
            {
                page.Add(r);
            }
        }
        return Finish(page, order, start.Limit, total, view);
    }

    static Page<TView> Finish<TRecord, TKey, TView>(IReadOnlyList<TRecord> firstOnes, ListOrder<TRecord, TKey> order, int limit, long total,
        Func<TRecord, TView> view)
    {
        var count = Math.Min(limit, firstOnes.Count);
        var items = new List<TView>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(view(firstOnes[i]));
        }
        var next = firstOnes.Count > limit ? order.Write(order.Key(firstOnes[limit - 1])) : null;
        return new Page<TView>(items, next, total);
    }
}
