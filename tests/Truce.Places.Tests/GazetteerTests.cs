using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Truce.Places.Tests;

public class GazetteerTests
{
    private static Place Checkpoint(string id, double lat, double lon, string name) =>
        new(id, PlaceKind.Checkpoint, lat, lon, [new PlaceName("mission", "en", name)]);

    [Fact]
    public void A_mission_adds_checkpoints_that_resolve_exactly()
    {
        var g = Gazetteer.LoadDefault();
        var before = g.Count;
        g.Add(Checkpoint("mission:cp-hakari", 39.5617, 46.5425, "Hakari bridge checkpoint"));
        Assert.Equal(before + 1, g.Count);
        var r = g.Resolve("Hakari Bridge checkpoint")!;
        Assert.Equal(("mission:cp-hakari", Precision.Exact), (r.Place.Id, r.Precision));
        Assert.Equal("Hakari bridge checkpoint", g.DisplayName(r.Place));
        Assert.Equal(Precision.Near, g.Resolve("1 km north of Hakari bridge checkpoint")!.Precision);
    }

    [Fact]
    public void Adding_a_place_with_a_known_id_replaces_it_everywhere()
    {
        var g = new Gazetteer();
        g.Add(Checkpoint("cp", 39.6, 46.5, "Old name"));
        g.Add(Checkpoint("cp", 39.7, 46.6, "New name"));
        Assert.Equal(1, g.Count);
        Assert.Null(g.Resolve("Old name"));
        Assert.Equal(39.7, g.Resolve("New name")!.Lat);
        Assert.Empty(g.Near(39.6, 46.5, 1000));
        Assert.Single(g.Near(39.7, 46.6, 1000));
    }

    [Fact]
    public void A_corridor_resolves_as_an_area()
    {
        var g = Gazetteer.LoadDefault();
        g.Add(new Place("mission:lachin-corridor", PlaceKind.Corridor, 39.65, 46.6,
            [new PlaceName("az", "en", "Lachin road"), new PlaceName("am", "en", "Lachin corridor")])
        { RadiusMetres = 30_000 });
        var r = g.Resolve("Lachin corridor")!;
        Assert.Equal((Precision.Region, 30_000.0), (r.Precision, r.RadiusMetres));
        Assert.Equal("Lachin corridor / Lachin road", g.DisplayName(r.Place));
    }

    [Fact]
    public void Bad_places_are_refused_with_the_field_named()
    {
        var g = new Gazetteer();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => g.Add(Checkpoint("x", 91, 46, "x")));
        Assert.Equal("place.Lat", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Add(Checkpoint("x", 40, double.NaN, "x")));
        Assert.Throws<ArgumentException>(() => g.Add(Checkpoint("", 40, 46, "x")));
        Assert.Throws<ArgumentException>(() => g.Add(Checkpoint("x", 40, 46, " ")));
        Assert.Throws<ArgumentException>(() => g.Add(Checkpoint("x", 40, 46, "x") with { RadiusMetres = -1 }));
        Assert.Equal(0, g.Count);
    }

    [Fact]
    public void Near_finds_the_places_around_a_point_nearest_first()
    {
        var g = DataTests.Shipped;
        var around = g.Near(39.76006, 46.74989, 8_000, PlaceKind.Settlement);
        Assert.Equal("geonames:147105", around[0].Place.Id);
        Assert.Contains(around, n => n.Place.Id == "geonames:146970");
        Assert.Contains(around, n => n.Place.Id == "truce:dashalty-karin-tak");
        Assert.True(around.Zip(around.Skip(1)).All(p => p.First.DistanceMetres <= p.Second.DistanceMetres));
        Assert.DoesNotContain(around, n => n.Place.Kind != PlaceKind.Settlement);
    }

    private static Arbitrary<(double Lat, double Lon)> Points() =>
        Gen.Zip(Gen.Choose(-89_000_000, 89_000_000), Gen.Choose(-180_000_000, 180_000_000))
            .Select(t => (t.Item1 / 1e6, t.Item2 / 1e6)).ToArbitrary();

    // The grid must find exactly what a scan of every place finds, at any latitude and across the antimeridian.
    [Property(MaxTest = 200)]
    public Property Near_finds_what_a_full_scan_finds(int seed)
    {
        var random = new Random(seed);
        var centre = (Lat: random.NextDouble() * 178 - 89, Lon: random.NextDouble() * 360 - 180);
        var places = Enumerable.Range(0, 300).Select(i =>
        {
            var (lat, lon) = Geo.Destination(centre.Lat, centre.Lon, random.NextDouble() * 360, random.NextDouble() * 400_000);
            return Checkpoint($"p{i}", lat, lon, $"p{i}");
        }).ToList();
        var g = new Gazetteer(places);
        var radius = random.NextDouble() * 300_000;
        var (qLat, qLon) = Geo.Destination(centre.Lat, centre.Lon, random.NextDouble() * 360, random.NextDouble() * 100_000);
        var expected = places.Where(p => Geo.Distance(qLat, qLon, p.Lat, p.Lon) <= radius).Select(p => p.Id).Order();
        var actual = g.Near(qLat, qLon, radius).Select(n => n.Place.Id).Order();
        return expected.SequenceEqual(actual).Label($"centre {centre}, radius {radius:0}");
    }

    [Fact]
    public void Near_refuses_a_bad_query()
    {
        var g = new Gazetteer();
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Near(0, 0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => g.Near(0, 181, 10));
    }

    [Fact]
    public async Task Reads_run_safely_while_a_mission_adds_places()
    {
        var g = Gazetteer.LoadDefault();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                g.Add(Checkpoint($"cp{i % 50}", 39.6 + i % 50 * 0.001, 46.5, $"Post {i % 50}"));
            }
        });
        var readers = Enumerable.Range(0, 3).Select(reader => Task.Run(() =>
        {
            var reads = 0;
            while (!writer.IsCompleted)
            {
                Assert.Equal("geonames:147105", g.Resolve("Shushi")!.Place.Id);
                Assert.NotEmpty(g.Near(39.6, 46.5, 5_000));
                _ = g.Resolve("Post 7");
                reads++;
            }
            return reads;
        })).ToList();
        await writer;
        await Task.WhenAll(readers);
        Assert.Equal(50, g.All.Count(p => p.Kind == PlaceKind.Checkpoint));
        Assert.Equal("cp7", g.Resolve("post 7")!.Place.Id);
    }
}
