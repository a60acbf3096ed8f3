using Truce.Core.Access;

namespace Truce.Core.Modules;

/// <summary>How a module hands a layer its records: runs <paramref name="query"/> over the records of the reader's
/// book, under the book's read lock (<see cref="InMemoryModule{TBook}.Read{T}"/>).</summary>
public delegate object? LayerScope<TRecord>(Reader reader, Func<IEnumerable<TRecord>, object?> query);

/// <summary>What a <see cref="RowLayer{TRecord, TRow}"/> reads from a record, and from the row it makes of it.</summary>
/// <param name="Key">The record's place in the layer's order, compared ordinally: it is the paging cursor (make numbers
/// sort as text, e.g. zero-padded). Cheap: every record's key is read on every page.</param>
/// <param name="Id">The feature's id (what <c>/items/{featureId}</c> finds it by).</param>
/// <param name="Expand">The row a record makes, null when the reader has nothing of it to show; the costly part.</param>
/// <param name="Box">Where a row lies (its geometry's envelope).</param>
/// <param name="Time">When a row happened (both null when it has no time).</param>
/// <param name="Feature">The row as a feature, named in the query's naming.</param>
public sealed record RowSpec<TRecord, TRow>(
    Func<TRecord, string> Key,
    Func<TRecord, string> Id,
    Func<TRecord, TRow?> Expand,
    Func<TRow, BoundingBox> Box,
    Func<TRow, (DateTimeOffset? Start, DateTimeOffset? End)> Time,
    Func<TRow, LayerQuery, LayerFeature> Feature)
    where TRow : class
{
    /// <summary>The key of the record a feature id names, when the scope hands records as <see cref="IKeyOrdered{TRecord}"/>:
    /// a single item is then found by bisection. Null for an id that names no key, or for a layer that scans.</summary>
    public Func<string, string?>? KeyOf { get; init; }

    /// <summary>
    /// The log indexes of the entry that created a record and of the latest entry that changed what its feature shows,
    /// as the reader's book holds it: what the change feed (<see cref="FeatureLayer.Changes"/>) selects by. A record
    /// replaced by a later entry (a checkpoint redefined) reports that entry. Null for a layer that no entry changes.
    /// </summary>
    public Func<TRecord, (long Created, long Changed)>? Versions { get; init; }

    /// <summary>Whether the reader is shown a record (<see cref="Expand"/> gives a row), cheaply: what counts use. Null:
    /// expand it and see.</summary>
    public Func<TRecord, bool>? Shown { get; init; }

    /// <summary>A row's properties as a filter reads them (every queryable), without its geometry or the names a
    /// feature carries, which filters never read: what a filtered count or map pass uses on every row. Null: the
    /// feature's own properties.</summary>
    public Func<TRow, IReadOnlyDictionary<string, object?>>? Properties { get; init; }

    /// <summary>A record's <see cref="Properties"/> (exactly those of its row), null when the reader is not shown it,
    /// without making the row: what a map's filtered pass reads on every record. Null: make the row.</summary>
    public Func<TRecord, IReadOnlyDictionary<string, object?>?>? RecordProperties { get; init; }

    /// <summary>Where and when a record's row lies (exactly its <see cref="Box"/> and <see cref="Time"/>), null when the
    /// reader is not shown it, without making the row: what a map's pass uses, so that only the rows a filter reads or
    /// a single feature shows are made. Null: make the row.</summary>
    public Func<TRecord, (BoundingBox Box, (DateTimeOffset? Start, DateTimeOffset? End) Time)?>? Locate { get; init; }
}

/// <summary>
/// A layer over a module's records: filters, pages by key and counts, with work bounded by the records the reader's
/// book holds (checked against the request's stop every 1,024 records). A scope that hands its records as
/// <see cref="IKeyOrdered{TRecord}"/> (a book with an index by key) lets a page seek to its cursor and stop once full
/// (RowLayer.Seek.cs). Other records need no order: a page keeps the smallest keys after the cursor in a heap of
/// <c>limit + 1</c>, so paging through them costs one pass per page, not a sort.
/// </summary>
public sealed partial class RowLayer<TRecord, TRow>(string id, string title, string description, string geometryType, IReadOnlyList<QueryableProperty> queryables,
    LayerScope<TRecord> scope, RowSpec<TRecord, TRow> spec) : FeatureLayer(id, title, description, geometryType, queryables)
    where TRow : class
{
    public override LayerPage Query(Reader reader, LayerQuery query) => (LayerPage)scope(reader, records =>
        records is IKeyOrdered<TRecord> ordered ? SeekPage(ordered, query) : Page(records, query))!;

    public override LayerFeature? Item(Reader reader, string id, LayerQuery query) => (LayerFeature?)scope(reader, records =>
    {
        if (records is IKeyOrdered<TRecord> ordered && spec.KeyOf is { } keyOf)
        {
            return TryFind(ordered, id, keyOf, out var found) && spec.Expand(found) is { } row ? spec.Feature(row, query) : null;
        }
        foreach (var r in records)
        {
            if (spec.Id(r) == id)
            {
                return spec.Expand(r) is { } row ? spec.Feature(row, query) : null;
            }
        }
        return null;
    });

    public override LayerExtent Extent(Reader reader, CancellationToken stop) => (LayerExtent)scope(reader, records =>
    {
        if (PointsOf(records, readsProperties: false) is { } points)
        {
            return ExtentOf(points, stop);
        }
        BoundingBox? box = null;
        DateTimeOffset? start = null, end = null;
        var n = 0;
        foreach (var r in records)
        {
            Tick(n++, stop);
            if (Located(r) is not { } at)
            {
                continue;
            }
            var b = at.Box;
            box = box is null ? b : box.Union(b);
            var (s, e) = at.Time;
            start = s is { } x && (start is null || x < start) ? x : start;
            end = e is { } y && (end is null || y > end) ? y : end;
        }
        return new LayerExtent(box, start, end);
    })!;

    LayerPage Page(IEnumerable<TRecord> records, LayerQuery q)
    {
        var filtered = Filtered(q);
        // Counting with no filter needs only whether a record is shown (Shows), not its row: at a million records the row
        // is most of a count's cost.
        var heap = SmallestKeys(q.Limit + 1);
        long matched = 0;
        var n = 0;
        foreach (var r in records)
        {
            Tick(n++, q.Stop);
            var key = spec.Key(r);
            var after = q.After is null || string.CompareOrdinal(key, q.After) > 0;
            if (!after && !q.Count)
            {
                continue;
            }
            if (filtered ? spec.Expand(r) is not { } row || !Matches(row, q) : !Shows(r))
            {
                continue;
            }
            matched++;
            if (after)
            {
                Keep(heap, r, key, q.Limit + 1);
            }
        }
        var kept = InOrder(heap);
        var page = kept.Take(q.Limit).ToList();
        var features = page.Select(k => spec.Expand(k.Record)).OfType<TRow>().Select(row => spec.Feature(row, q)).ToList();
        return new LayerPage(features, kept.Count > q.Limit ? page[^1].Key : null, q.Count ? matched : null);
    }

    /// <summary>Stops the work between rows once the request's budget is spent: checked every 1,024 records.</summary>
    static void Tick(int n, CancellationToken stop)
    {
        if ((n & 1023) == 1023)
        {
            stop.ThrowIfCancellationRequested();
        }
    }

    static bool Filtered(LayerQuery q) => q.Bbox is not null || q.From is not null || q.To is not null || q.Where is not null;

    /// <summary>A max-heap of the smallest keys after the cursor: the root is the largest kept, dropped when a smaller one comes.</summary>
    static PriorityQueue<TRecord, string> SmallestKeys(int size) => new(size, Comparer<string>.Create((a, b) => string.CompareOrdinal(b, a)));

    /// <summary>What a heap of <see cref="SmallestKeys"/> kept, smallest key first.</summary>
    static List<(TRecord Record, string Key)> InOrder(PriorityQueue<TRecord, string> heap)
    {
        var kept = new List<(TRecord Record, string Key)>(heap.Count);
        while (heap.TryDequeue(out var r, out var key))
        {
            kept.Add((r, key));
        }
        kept.Reverse();
        return kept;
    }

    /// <summary>Whether the reader is shown the record: <see cref="RowSpec{TRecord, TRow}.Shown"/>, or its row expanded.</summary>
    bool Shows(TRecord r) => spec.Shown is { } shown ? shown(r) : spec.Expand(r) is not null;

    static void Keep(PriorityQueue<TRecord, string> heap, TRecord r, string key, int size)
    {
        if (heap.Count < size)
        {
            heap.Enqueue(r, key);
        }
        else if (heap.TryPeek(out _, out var largest) && string.CompareOrdinal(key, largest) < 0)
        {
            heap.DequeueEnqueue(r, key);
        }
    }

    /// <summary>Where and when a record's row lies, null when the reader is not shown it: by
    /// <see cref="RowSpec{TRecord, TRow}.Locate"/> when the layer has it, else from the row.</summary>
    (BoundingBox Box, (DateTimeOffset? Start, DateTimeOffset? End) Time)? Located(TRecord r) =>
        spec.Locate is { } locate ? locate(r) : spec.Expand(r) is { } row ? (spec.Box(row), spec.Time(row)) : null;

    bool Matches(TRow row, LayerQuery q) => InPlace(spec.Box(row), spec.Time(row), q) && MatchesWhere(row, q);

    bool MatchesWhere(TRow row, LayerQuery q) =>
        q.Where is null || q.Where(spec.Properties is { } properties ? properties(row) : spec.Feature(row, q).Properties);

    /// <summary>Whether a row at this place and time passes the query's box and time window.</summary>
    static bool InPlace(BoundingBox at, (DateTimeOffset? Start, DateTimeOffset? End) time, LayerQuery q) =>
        (q.Bbox is not { } box || at.Intersects(box)) && During(time, q);

    /// <summary>Whether a time passes the query's window: with a window, no time never does, and an open end (null) is
    /// still going, so only a start after the window leaves it out.</summary>
    static bool During((DateTimeOffset? Start, DateTimeOffset? End) time, LayerQuery q)
    {
        if (q.From is null && q.To is null)
        {
            return true;
        }
        var (start, end) = time;
        return (start is not null || end is not null) && !(q.From is { } from && end < from) && !(q.To is { } to && (start ?? end) > to);
    }
}

/// <summary>Shorthands for declaring layers.</summary>
public static class RowLayer
{
    /// <summary>A layer whose records are its rows (nothing to work out per reader beyond the book's own record).</summary>
    public static RowSpec<T, T> Plain<T>(Func<T, string> key, Func<T, string> id, Func<T, BoundingBox> box,
        Func<T, (DateTimeOffset? Start, DateTimeOffset? End)> time, Func<T, LayerQuery, LayerFeature> feature) where T : class =>
        new(key, id, r => r, box, time, feature);

    /// <summary>A log index as a key that sorts as text.</summary>
    public static string IndexKey(long index) => index.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The key of a feature whose id is its log index ("606"), as <see cref="RowSpec{TRecord, TRow}.KeyOf"/>
    /// asks; null for any other id.</summary>
    public static string? KeyOfIndex(string id) =>
        long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? IndexKey(n) : null;

    /// <summary>The position in <paramref name="sorted"/> (log indexes, ascending) of the first whose
    /// <see cref="IndexKey"/> sorts after <paramref name="key"/>; 0 for null. Keys are fixed-width digits, so their order
    /// is the indexes' and any cursor, even one no page gave, finds its place by bisection.</summary>
    public static int PositionAfter(IReadOnlyList<long> sorted, string? key)
    {
        if (key is null)
        {
            return 0;
        }
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (string.CompareOrdinal(IndexKey(sorted[mid]), key) > 0)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        return lo;
    }

    public static readonly (DateTimeOffset? Start, DateTimeOffset? End) Timeless = (null, null);
}
