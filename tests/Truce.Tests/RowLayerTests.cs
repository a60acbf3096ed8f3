using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Core.Access;
using Truce.Core.Modules;

namespace Truce.Tests;

/// <summary>
/// A <see cref="RowLayer{TRecord, TRow}"/> whose scope hands its records in key order (<see cref="IKeyOrdered{TRecord}"/>,
/// seeking to the cursor and stopping once full) answers exactly as the same layer handed the records shuffled (one
/// pass per page with a heap): every page and its cursor and count, with and without a filter, every change-feed page
/// (also when the book names its changes, more than changed and some twice), every single item, and the whole walk.
/// </summary>
public class RowLayerTests
{
    /// <summary>A record: named by its log index; hidden ones make no row; <c>Value</c> is what the filter reads.</summary>
    sealed record Rec(long Id, bool Shown, int Value, long Changed);

    static readonly JsonElement Nowhere = JsonDocument.Parse("""{"type":"Point","coordinates":[0,0]}""").RootElement;

    static RowLayer<Rec, Rec> Layer(Func<IEnumerable<Rec>> records) => new("recs", "Records", "", "Point", [],
        (_, query) => query(records()),
        RowLayer.Plain<Rec>(r => RowLayer.IndexKey(r.Id), r => r.Id.ToString(CultureInfo.InvariantCulture), r => BoundingBox.Point(r.Value, 0),
            _ => RowLayer.Timeless, (r, _) => new LayerFeature(r.Id.ToString(CultureInfo.InvariantCulture), Nowhere,
                new Dictionary<string, object?> { ["value"] = r.Value })) with
        {
            Expand = r => r.Shown ? r : null,
            Shown = r => r.Shown,
            Versions = r => (r.Id, r.Changed),
            KeyOf = RowLayer.KeyOfIndex,
        });

    static (RowLayer<Rec, Rec> Sought, RowLayer<Rec, Rec> Scanned, List<Rec> Recs) Both(int seed, int count)
    {
        var random = new Random(seed);
        var recs = Enumerable.Range(0, count).Select(_ => random.NextInt64(0, 500)).Distinct()
            .Select(id => new Rec(id, random.Next(4) > 0, random.Next(10), id + random.Next(0, 50))).ToList();
        // Filled out of order, as re-correlation may: it must still hand records sorted.
        var book = new LogDictionary<Rec>();
        foreach (var r in recs)
        {
            book[r.Id] = r;
        }
        var shuffled = recs.OrderBy(_ => random.Next()).ToList();
        return (Layer(() => book.InOrder.Map(r => r)), Layer(() => shuffled), recs);
    }

    /// <summary>As <see cref="Both"/>'s sought layer, with an index of changes that names more than changed, some twice.</summary>
    static RowLayer<Rec, Rec> Indexed(List<Rec> recs)
    {
        var book = new LogDictionary<Rec>();
        foreach (var r in recs)
        {
            book[r.Id] = r;
        }
        return Layer(() => book.InOrder.Map(r => r, after => recs.Where(r => r.Changed >= after || r.Id % 3 == 0).Concat(recs.Where(r => r.Changed >= after))));
    }

    static string Describe(LayerPage p) => $"[{string.Join(',', p.Features.Select(f => f.Id))}] next={p.Next} matched={p.Matched}";

    [Property(MaxTest = 200)]
    public Property Pages_counts_and_items_are_the_same_sought_or_scanned(int seed, byte count, byte limit, bool counted, bool filtered, short cursor)
    {
        var (sought, scanned, recs) = Both(seed, count);
        var query = new LayerQuery
        {
            Limit = limit % 7 + 1,
            Count = counted,
            Where = filtered ? p => (int)p["value"]! >= 5 : null,
            // A cursor no page gave, even one that is not a key at all, still starts at the same place.
            After = cursor % 4 == 0 ? null : cursor % 4 == 1 ? RowLayer.IndexKey(Math.Abs(cursor)) : cursor.ToString(CultureInfo.InvariantCulture),
        };
        var pages = new List<string>();
        for (var hops = 0; hops < 600; hops++)
        {
            var a = sought.Query(Reader.Anonymous, query);
            var b = scanned.Query(Reader.Anonymous, query);
            if (Describe(a) != Describe(b))
            {
                return false.Label($"after {query.After}: sought {Describe(a)}, scanned {Describe(b)}");
            }
            pages.Add(Describe(a));
            if (a.Next is null)
            {
                break;
            }
            query = query with { After = a.Next };
        }
        var items = recs.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).Append("999").Append("I-3").Append("-1")
            .All(id => sought.Item(Reader.Anonymous, id, query)?.Id == scanned.Item(Reader.Anonymous, id, query)?.Id);
        var walked = string.Join(',', sought.Walk(Reader.Anonymous, new LayerQuery(), 3).SelectMany(p => p).Select(f => f.Id))
            == string.Join(',', scanned.Walk(Reader.Anonymous, new LayerQuery(), 3).SelectMany(p => p).Select(f => f.Id));
        return (items && walked).Label($"items {items}, walk {walked}");
    }

    [Property(MaxTest = 200)]
    public Property Change_feed_pages_are_the_same_sought_or_scanned(int seed, byte count, byte limit, ushort after)
    {
        var (sought, scanned, recs) = Both(seed, count);
        var indexed = Indexed(recs);
        var query = new LayerQuery { Limit = limit % 7 + 1 };
        for (var hops = 0; hops < 600; hops++)
        {
            var a = sought.Changes(Reader.Anonymous, after % 560, query);
            var b = scanned.Changes(Reader.Anonymous, after % 560, query);
            var x = indexed.Changes(Reader.Anonymous, after % 560, query);
            string D(LayerChanges c) => $"[{string.Join(',', c.Items.Select(i => $"{i.Id}:{i.Change}"))}] next={c.Next} total={c.Total}";
            if (D(a) != D(b) || D(x) != D(b))
            {
                return false.Label($"after {query.After}: sought {D(a)}, indexed {D(x)}, scanned {D(b)}");
            }
            if (a.Next is null)
            {
                return true.ToProperty();
            }
            query = query with { After = a.Next };
        }
        return false.Label("the feed never ended");
    }

    [Fact]
    public void Records_by_log_index_stay_sorted_and_find_any_cursor()
    {
        var book = new LogDictionary<string>();
        foreach (var id in new long[] { 5, 9, 2, 9, 7, 0, 12 })
        {
            book[id] = $"r{id}";
        }
        var order = book.InOrder;
        Assert.Equal(["r0", "r2", "r5", "r7", "r9", "r12"], order);
        Assert.Equal(0, order.After(null));
        Assert.Equal(3, order.After(RowLayer.IndexKey(5)));
        Assert.Equal(3, order.After(RowLayer.IndexKey(6)));
        Assert.Equal(6, order.After(RowLayer.IndexKey(12)));
        // "5" sorts after every 19-digit key that starts with 0: past the end, as the scanning layer would say.
        Assert.Equal(6, order.After("5"));
        Assert.Equal(0, order.After(""));
    }
}
