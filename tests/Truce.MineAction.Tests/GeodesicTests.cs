using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Spatial;

namespace Truce.MineAction.Tests;

/// <summary>
/// Metres and square metres on the module's plane against values computed independently by PostGIS geography on the
/// WGS 84 spheroid (Data/geodesic-reference.json, made by Data/make-geodesic-reference.sh). One plane for the whole
/// region, as a deployment has: its meridian at 47° E, so the region's western edge is nearly 2° off it.
/// </summary>
public class GeodesicTests
{
    static readonly TransverseMercator Tm = new(47, 40);
    static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "geodesic-reference.json"))).RootElement;

    static Geometry Read(JsonElement e)
    {
        var r = new BodyReader();
        var g = GeoJson.Read(e, "g", r.Fail);
        r.ThrowIfAny();
        return g!;
    }

    public static TheoryData<string> Names(string section) => [.. Reference.GetProperty(section).EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    static JsonElement Case(string section, string name) => Reference.GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(Names), "areas")]
    public void Areas_agree_with_the_spheroid_to_a_millionth(string name)
    {
        var c = Case("areas", name);
        var expected = c.GetProperty("areaM2").GetDouble();
        var actual = Tm.GroundArea(MetricShape.Of(Read(c.GetProperty("geometry")), Tm));
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected + 1e-4, $"{name}: {actual} m² vs {expected} m² (PostGIS)");
    }

    [Theory]
    [MemberData(nameof(Names), "lengths")]
    public void Lengths_agree_to_a_millimetre_in_100_km(string name)
    {
        var c = Case("lengths", name);
        var expected = c.GetProperty("lengthM").GetDouble();
        var s = MetricShape.Of(Read(c.GetProperty("line")), Tm);
        var actual = 0.0;
        for (int i = 0; i + 1 < s.X.Length; i++)
        {
            actual += Tm.GroundLength(s.X[i], s.Y[i], s.X[i + 1], s.Y[i + 1]);
        }
        Assert.True(Math.Abs(actual - expected) <= 1e-8 * expected + 1e-3, $"{name}: {actual} m vs {expected} m (PostGIS)");
    }

    [Theory]
    [MemberData(nameof(Names), "distances")]
    public void Distances_agree_to_a_millimetre(string name)
    {
        var c = Case("distances", name);
        var expected = c.GetProperty("distanceM").GetDouble();
        var a = MetricShape.Of(Read(c.GetProperty("a")), Tm);
        var b = MetricShape.Of(Read(c.GetProperty("b")), Tm);
        double actual;
        if (a.X.Length == 1 && b.X.Length == 1)
        {
            actual = Tm.GroundLength(a.X[0], a.Y[0], b.X[0], b.Y[0]);
        }
        else
        {
            // Short gaps between shapes: the scale where they meet is the scale of the whole gap.
            var (ax, ay) = Planar.Centre(a);
            var (bx, by) = Planar.Centre(b);
            actual = Planar.Distance(a, b) / Tm.Scale((ax + bx) / 2, (ay + by) / 2);
        }
        // PostGIS finds nearest points on the sphere (up to 0.43 mm off for lines and polygons), so allow 1 mm.
        Assert.True(Math.Abs(actual - expected) <= 1e-8 * expected + 1e-3, $"{name}: {actual} m vs {expected} m (PostGIS)");
    }

    [Fact]
    public void The_projection_goes_there_and_back_within_a_tenth_of_a_millimetre()
    {
        foreach (var (lat, lon) in new[] { (38.9, 45.1), (40.7, 47.9), (39.8, 46.75), (40.0, 47.0) })
        {
            var (e, n) = Tm.Forward(lat, lon);
            var (lat2, lon2) = Tm.Inverse(e, n);
            Assert.Equal(lat, lat2, 1e-9); // 1e-9° ≈ 0.1 mm; third-order series give ~0.05 mm at 2° from the meridian
            Assert.Equal(lon, lon2, 1e-9);
        }
        Assert.Equal(0, Tm.Forward(40, 47).East, 9);
        Assert.Equal(0, Tm.Forward(40, 47).North, 6);
    }
}
