using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Core.Access;
using Truce.Core.Modules;
using Truce.Tests.VisibilityDifferential;

namespace Truce.Tests;

/// <summary>
/// A layer's features grouped for a map (<see cref="FeatureLayer.Clusters"/>, <c>/api/map/{collection}</c>) are exactly
/// the matching features the reader may see, cell by cell: every cell's count equals the matches whose centre falls in
/// it (brute force over the same records), a cell of one gives that feature, clusters sit inside their own cell with the
/// box of their members, and the answer does not depend on the order the book hands its records in.
/// </summary>
public class MapClusterTests
{
    sealed record Rec(long Id, bool Shown, double Lon, double Lat, int Value);

    static readonly JsonElement Nowhere = JsonDocument.Parse("""{"type":"Point","coordinates":[0,0]}""").RootElement;

    static RowLayer<Rec, Rec> Layer(IEnumerable<Rec> records) => new("recs", "Records", "", "Point", [],
        (_, query) => query(records),
        RowLayer.Plain<Rec>(r => RowLayer.IndexKey(r.Id), r => r.Id.ToString(CultureInfo.InvariantCulture), r => BoundingBox.Point(r.Lon, r.Lat),
            _ => RowLayer.Timeless, (r, _) => new LayerFeature(r.Id.ToString(CultureInfo.InvariantCulture), Nowhere,
                new Dictionary<string, object?> { ["value"] = r.Value })) with
        {
            Expand = r => r.Shown ? r : null,
        });

    [Property(MaxTest = 300)]
    public Property Each_cell_counts_exactly_the_matches_centred_in_it_whatever_the_order(int seed, byte count, byte zoom, bool boxed, bool filtered)
    {
        var random = new Random(seed);
        var recs = Enumerable.Range(0, count * 4).Select(i => new Rec(i, random.Next(5) > 0,
            44.5 + (random.NextDouble() * 3.5), 38.5 + (random.NextDouble() * 2.5), random.Next(10))).ToList();
        // Some records share a position exactly, as reports of one event may.
        recs.AddRange(recs.Take(count / 8).Select((r, i) => r with { Id = 10_000 + i }));
        var grid = new MapGrid(zoom % 15);
        var box = boxed ? new BoundingBox(45.5, 39.0, 47.0, 40.2) : null;
        var query = new LayerQuery { Bbox = box, Where = filtered ? p => (int)p["value"]! >= 4 : null };

        var answer = Layer(recs).Clusters(Reader.Anonymous, query, grid);
        var shuffled = Layer(recs.OrderBy(_ => random.Next()).ToList()).Clusters(Reader.Anonymous, query, grid);

        var matches = recs.Where(r => r.Shown && (box is null || BoundingBox.Point(r.Lon, r.Lat).Intersects(box)) && (!filtered || r.Value >= 4)).ToList();
        var expected = matches.GroupBy(r => grid.Cell(r.Lon, r.Lat)).ToDictionary(g => g.Key, g => g.ToList());
        var got = answer.Clusters.Select(c => (Cell: grid.Cell(c.Lon, c.Lat), c.Count))
            .Concat(answer.Features.Select(f => (Cell: grid.Cell(recs.First(r => r.Id.ToString(CultureInfo.InvariantCulture) == f.Id).Lon,
                recs.First(r => r.Id.ToString(CultureInfo.InvariantCulture) == f.Id).Lat), Count: 1L))).ToList();

        var sameCells = got.Count == expected.Count && got.Select(g => g.Cell).Distinct().Count() == got.Count
            && got.All(g => expected.TryGetValue(g.Cell, out var members) && members.Count == g.Count);
        var singlesRight = answer.Features.All(f => expected.Values.Any(m => m.Count == 1 && m[0].Id.ToString(CultureInfo.InvariantCulture) == f.Id));
        var boxesRight = answer.Clusters.All(c => expected[grid.Cell(c.Lon, c.Lat)] is var m
            && c.Box.MinLon == m.Min(r => r.Lon) && c.Box.MaxLon == m.Max(r => r.Lon) && c.Box.MinLat == m.Min(r => r.Lat) && c.Box.MaxLat == m.Max(r => r.Lat));
        var orderFree = answer.Matched == shuffled.Matched
            && answer.Clusters.Select(c => (grid.Cell(c.Lon, c.Lat), c.Count)).SequenceEqual(shuffled.Clusters.Select(c => (grid.Cell(c.Lon, c.Lat), c.Count)))
            && answer.Features.Select(f => f.Id).SequenceEqual(shuffled.Features.Select(f => f.Id));
        return (answer.Matched == matches.Count && sameCells && singlesRight && boxesRight && orderFree)
            .Label($"matched {answer.Matched} of {matches.Count}; cells {got.Count} of {expected.Count}; singles {singlesRight}; boxes {boxesRight}; order-free {orderFree}");
    }

    /// <summary>A book that keeps its points (<see cref="PointKeeper"/>) noting each change: its map answers, read
    /// between random changes, equal those of a pass over the same records.</summary>
    sealed class KeptBook : IPointIndexed<Rec>, IEnumerable<Rec>
    {
        public readonly Dictionary<long, Rec> Records = [];
        public readonly PointKeeper Keeper = new();

        public void Put(Rec r)
        {
            Records[r.Id] = r;
            Keeper.Changed(r.Id);
        }

        public void Drop(long id)
        {
            Records.Remove(id);
            Keeper.Changed(id);
        }

        public PointIndex<Rec> Points(Func<Rec, IndexedPoint?> place) => Keeper.Points(Records, r => r, place);

        public IEnumerator<Rec> GetEnumerator() => Records.Values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static RowLayer<Rec, Rec> TimedLayer(Func<IEnumerable<Rec>> records) => new("recs", "Records", "", "Point", [],
        (_, query) => query(records()),
        RowLayer.Plain<Rec>(r => RowLayer.IndexKey(r.Id), r => r.Id.ToString(CultureInfo.InvariantCulture), r => BoundingBox.Point(r.Lon, r.Lat),
            r => (Day0.AddDays(r.Value), Day0.AddDays(r.Value + 1)), (r, _) => new LayerFeature(r.Id.ToString(CultureInfo.InvariantCulture), Nowhere,
                new Dictionary<string, object?> { ["value"] = r.Value })) with
        {
            Expand = r => r.Shown ? r : null,
            Locate = r => r.Shown ? (BoundingBox.Point(r.Lon, r.Lat), (Day0.AddDays(r.Value), Day0.AddDays(r.Value + 1))) : null,
            RecordProperties = r => r.Shown ? new Dictionary<string, object?> { ["value"] = r.Value } : null,
        });

    [Property(MaxTest = 100)]
    public Property A_kept_index_answers_as_a_pass_over_the_records_after_any_changes(int seed, byte steps, byte zoom)
    {
        var random = new Random(seed);
        var book = new KeptBook();
        var kept = TimedLayer(() => book);
        var passed = TimedLayer(() => book.Records.Values.ToList());
        var grid = new MapGrid(zoom % 15);
        var queries = new[]
        {
            new LayerQuery(),
            new LayerQuery { Bbox = new BoundingBox(45.5, 39.0, 47.0, 40.2) },
            new LayerQuery { From = Day0.AddDays(3), To = Day0.AddDays(6) },
            new LayerQuery { Where = p => (int)p["value"]! % 2 == 0 },
        };
        Rec Random(long id) => new(id, random.Next(4) > 0, 44.5 + (random.NextDouble() * 3.5), 38.5 + (random.NextDouble() * 2.5), random.Next(10));
        var same = true;
        for (var step = 0; step < steps + 10; step++)
        {
            var id = (long)random.Next(40);
            switch (random.Next(4))
            {
                case 0 when book.Records.ContainsKey(id):
                    book.Drop(id);
                    break;
                case 1 when book.Records.TryGetValue(id, out var r):
                    book.Put(r with { Shown = !r.Shown }); // hidden or shown again, in place
                    break;
                default:
                    book.Put(Random(id));
                    break;
            }
            if (random.Next(3) == 0 || step == steps + 9)
            {
                foreach (var q in queries)
                {
                    same &= Same(kept.Clusters(Reader.Anonymous, q, grid), passed.Clusters(Reader.Anonymous, q, grid));
                }
                same &= kept.Extent(Reader.Anonymous, default) == passed.Extent(Reader.Anonymous, default);
            }
        }
        return same.Label("kept and passed answers differ");
    }

    static bool Same(LayerClusters a, LayerClusters b) => a.Matched == b.Matched
        && a.Clusters.SequenceEqual(b.Clusters)
        && a.Features.Select(f => f.Id).SequenceEqual(b.Features.Select(f => f.Id));

    /// <summary>The incidents layer places its records without making their views (RowSpec.Locate) for the map: over a
    /// random log with merges, splits and retractions, every reader's clusters and extent equal those made from the views,
    /// as the OGC items give them.</summary>
    [Fact]
    public async Task The_incidents_map_placed_without_views_agrees_with_the_views()
    {
        await using var t = await TestDeployment.CreateAsync("truce-map-place");
        var layer = t.Deployment.Ledger.Modules.SelectMany(m => m.Layers).Single(l => l.Id == "incidents");
        // The map reads every reader's incidents every 20 steps, so what it keeps of each incident (IncidentSummary) is
        // kept across the reports, statuses, merges, splits and retractions that follow: what it then shows must still
        // be what the views show.
        var readers = new[] { Reader.Anonymous, new Reader("az"), new Reader("am"), Reader.Mission };
        await RandomLog.FeedAsync(t.Deployment, 7, 300, t.Clock, step =>
        {
            if (step % 20 == 19)
            {
                foreach (var reader in readers)
                {
                    layer.Clusters(reader, new LayerQuery { Where = p => (string?)p["status"] != "none" }, new MapGrid(12));
                }
            }
        });
        foreach (var reader in readers)
        {
            var features = layer.Query(reader, new LayerQuery { Limit = 100_000 }).Features;
            Assert.NotEmpty(features);
            var grid = new MapGrid(12);
            var expected = features.GroupBy(f => Cell(grid, f)).ToDictionary(g => g.Key, g => g.Count());
            var map = layer.Clusters(reader, new LayerQuery(), grid);
            Assert.Equal(features.Count, map.Matched);
            var got = map.Clusters.Select(c => (grid.Cell(c.Lon, c.Lat), c.Count)).Concat(map.Features.Select(f => (Cell(grid, f), 1L)));
            Assert.Equal(expected.OrderBy(e => e.Key).Select(e => (e.Key, (long)e.Value)), got.OrderBy(g => g.Item1));
            // A filter reads each record's properties without its view (RowSpec.RecordProperties): the same as the view's.
            // Each filter keeps a third of the incidents by a digest of every property a filter may read, so a property
            // that differed would move some incident to the other side.
            foreach (var third in new[] { 0, 1, 2 })
            {
                bool Keep(IReadOnlyDictionary<string, object?> p) => Digest(p) % 3 == third;
                var filtered = layer.Clusters(reader, new LayerQuery { Where = Keep }, grid);
                Assert.Equal(features.Count(f => Keep(f.Properties)), filtered.Matched);
            }
            // Filtered by a reporting party (a list: the incidents with a report by it), as the dashboard's party filter asks.
            bool ByAz(IReadOnlyDictionary<string, object?> p) => ((IEnumerable<string>)p["parties"]!).Contains("az");
            Assert.Equal(features.Count(f => ByAz(f.Properties)), layer.Clusters(reader, new LayerQuery { Where = ByAz }, grid).Matched);
            var extent = layer.Extent(reader, default);
            Assert.Equal(features.Min(f => Position(f).Lon), extent.Bbox!.MinLon);
            Assert.Equal(features.Max(f => Position(f).Lat), extent.Bbox!.MaxLat);
            Assert.Equal(features.Min(f => (DateTimeOffset)f.Properties["start"]!), extent.Start);
        }
    }

    static uint Digest(IReadOnlyDictionary<string, object?> p) => BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join("|", new[] { "status", "type", "category", "start", "end", "reports", "independentSources", "sigmaKm", "synthetic", "parties", "sources" }
            .Select(k => System.FormattableString.Invariant($"{k}={(p[k] is IEnumerable<string> list ? string.Join(",", list) : p[k])}"))))));

    static (double Lon, double Lat) Position(LayerFeature f) =>
        (f.Geometry.GetProperty("coordinates")[0].GetDouble(), f.Geometry.GetProperty("coordinates")[1].GetDouble());

    static (long, long) Cell(MapGrid grid, LayerFeature f) => grid.Cell(Position(f).Lon, Position(f).Lat);

    [Fact]
    public void A_cell_is_the_same_screen_size_at_every_zoom_and_a_pole_stays_on_the_map()
    {
        // At zoom 0 the world is 256 pixels wide: four cells of 64.
        Assert.Equal((0L, 0L), new MapGrid(0).Cell(-180, 85));
        Assert.Equal((3L, 3L), new MapGrid(0).Cell(180, -90));
        // One zoom level further, the same point is in the cell twice as far along.
        var (x9, y9) = new MapGrid(9).Cell(46.75, 39.82);
        var (x10, y10) = new MapGrid(10).Cell(46.75, 39.82);
        Assert.InRange(x10, 2 * x9, (2 * x9) + 1);
        Assert.InRange(y10, 2 * y9, (2 * y9) + 1);
        Assert.Equal(4, new MapGrid(0).CellsIn(new BoundingBox(-180, -90, 180, 90)) / 4);
    }
}
