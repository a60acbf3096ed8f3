using NetTopologySuite.Geometries;
using Truce.Core.Access;
using Truce.MineAction.Safety;
using Truce.Spatial;

namespace Truce.MineAction.Tests;

/// <summary>Safety queries on constructed cases: the 40 m / 60 m route, points, parcels, stretches, visibility.</summary>
public class SafetyTests
{
    static readonly SafetyOptions Public = new();
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    static Coordinate C(double e, double n)
    {
        var (lat, lon) = Geo.At(e, n);
        return new Coordinate(lon, lat);
    }

    static LineString Line(params (double E, double N)[] pts) => F.CreateLineString([.. pts.Select(p => C(p.E, p.N))]);

    /// <summary>A confirmed hazard: the 100 m square from (0,0) to (100,100) metres.</summary>
    static MineLog OneHazard()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("CHA-1", Geo.Rect(0, 0, 100, 100)));
        return log;
    }

    [Fact]
    public void A_route_40_m_from_a_hazard_is_flagged_with_a_50_m_buffer_and_at_60_m_it_is_not()
    {
        var log = OneHazard();
        var near = SafetyQueries.Route(log.Book, Line((140, -500), (140, 600)), 50, Public);
        var hit = Assert.Single(near.Hits);
        Assert.Equal("CHA-1", hit.Id);
        Assert.InRange(hit.DistanceM, 39.5, 40.5);
        var stretch = Assert.Single(near.Stretches);
        Assert.Equal(["CHA-1"], stretch.Hazards);
        // Within 50 m of the square's east edge (40 m away): 100 m of edge plus 30 m beyond each corner (√(50²−40²)).
        Assert.InRange(stretch.ToM - stretch.FromM, 159, 161);
        Assert.InRange(stretch.FromM, 469, 471);

        var far = SafetyQueries.Route(log.Book, Line((160, -500), (160, 600)), 50, Public);
        Assert.Empty(far.Hits);
        Assert.Empty(far.Stretches);
        Assert.InRange(far.LengthM!.Value, 1099, 1101);
    }

    [Fact]
    public void A_point_inside_is_at_0_m_and_one_outside_reports_its_distance()
    {
        var log = OneHazard();
        var (lat, lon) = Geo.At(50, 50);
        Assert.Equal(0, Assert.Single(SafetyQueries.Point(log.Book, lat, lon, 0, Public).Hits).DistanceM);
        (lat, lon) = Geo.At(50, 130);
        Assert.InRange(Assert.Single(SafetyQueries.Point(log.Book, lat, lon, 50, Public).Hits).DistanceM, 29.7, 30.3);
        Assert.Empty(SafetyQueries.Point(log.Book, lat, lon, 25, Public).Hits);
    }

    [Fact]
    public void A_route_through_a_hazard_lists_the_stretch_across_it_and_its_buffer()
    {
        var log = OneHazard();
        var a = SafetyQueries.Route(log.Book, Line((-1000, 50), (1000, 50)), 50, Public);
        var s = Assert.Single(a.Stretches);
        Assert.Equal(0, Assert.Single(a.Hits).DistanceM);
        Assert.InRange(s.FromM, 949, 951);
        Assert.InRange(s.ToM, 1149, 1151);
    }

    [Fact]
    public void A_route_passing_two_hazards_lists_two_stretches_in_order()
    {
        var log = OneHazard();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("SHA-2", Geo.Rect(0, 1000, 100, 1100), type: "SHA"));
        var a = SafetyQueries.Route(log.Book, Line((120, -200), (120, 1300)), 50, Public);
        Assert.Equal(2, a.Stretches.Count);
        Assert.Equal(["CHA-1"], a.Stretches[0].Hazards);
        Assert.Equal(["SHA-2"], a.Stretches[1].Hazards);
        Assert.True(a.Stretches[0].ToM < a.Stretches[1].FromM);
    }

    [Fact]
    public void A_parcel_reports_overlap_in_square_metres()
    {
        var log = OneHazard();
        var parcel = F.CreatePolygon([C(50, 50), C(150, 50), C(150, 150), C(50, 150), C(50, 50)]);
        var a = SafetyQueries.Parcel(log.Book, parcel, 50, Public);
        var hit = Assert.Single(a.Hits);
        Assert.InRange(hit.OverlapM2!.Value, 2490, 2510); // a quarter of the parcel lies in the hazard
        Assert.InRange(a.AreaM2!.Value, 9980, 10020);
        var apart = F.CreatePolygon([C(200, 0), C(300, 0), C(300, 100), C(200, 100), C(200, 0)]);
        Assert.Empty(SafetyQueries.Parcel(log.Book, apart, 50, Public).Hits);
        Assert.InRange(Assert.Single(SafetyQueries.Parcel(log.Book, apart, 100, Public).Hits).DistanceM, 99.5, 100.5);
    }

    [Fact]
    public void Closed_hazards_and_hazards_the_reader_may_not_see_are_left_out()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("H-party", Geo.Rect(0, 0, 100, 100)), visibility: Core.Access.Visibility.Party);
        var (lat, lon) = Geo.At(50, 50);
        // Each audience class has its own book, holding the entries its readers may see.
        Assert.Empty(SafetyQueries.Point(log.For(Reader.Anonymous), lat, lon, 10, Public).Hits);
        Assert.Single(SafetyQueries.Point(log.For(new Reader("az")), lat, lon, 10, Public).Hits);
        Assert.Empty(SafetyQueries.Point(log.For(new Reader("am")), lat, lon, 10, Public).Hits);
        Assert.Single(SafetyQueries.Point(log.For(new Reader("pk", IsMission: true)), lat, lon, 10, Public).Hits);
        log.Add(MineActionKinds.HazardUpdate, "az", new System.Text.Json.Nodes.JsonObject { ["hazard"] = "H-party", ["status"] = "closed", ["reason"] = "test" });
        Assert.Empty(SafetyQueries.Point(log.For(new Reader("az")), lat, lon, 10, Public).Hits);
        Assert.Single(SafetyQueries.Point(log.For(new Reader("az")), lat, lon, 10, new SafetyOptions(IncludeClosed: true)).Hits);
    }

    [Fact]
    public void Stretches_agree_with_distances_sampled_every_metre()
    {
        // An L-shaped hazard and a zig-zag route: every sampled point is in a stretch exactly when it is within the buffer.
        var log = new MineLog();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("L", new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new System.Text.Json.Nodes.JsonArray(Geo.Ring((0, 0), (300, 0), (300, 60), (60, 60), (60, 300), (0, 300))),
        }));
        var route = Line((-100, 400), (200, 100), (250, 200), (500, -100));
        var a = SafetyQueries.Route(log.Book, route, 50, Public);
        var tm = log.Book.Plane!;
        var hazard = log.Book.Hazards["L"].Shape;
        var line = MetricShape.Of(route, tm);
        var chain = 0.0;
        var checkedPoints = 0;
        for (int i = 0; i + 1 < line.X.Length; i++)
        {
            var len = Math.Sqrt(Math.Pow(line.X[i + 1] - line.X[i], 2) + Math.Pow(line.Y[i + 1] - line.Y[i], 2));
            for (double m = 0; m < len; m += 1)
            {
                double x = line.X[i] + (line.X[i + 1] - line.X[i]) * m / len, y = line.Y[i] + (line.Y[i + 1] - line.Y[i]) * m / len;
                var d = Planar.DistanceToPoint(hazard, x, y) / tm.Scale(x, y);
                var at = chain + m / tm.Scale(x, y);
                if (Math.Abs(d - 50) < 0.5)
                {
                    continue; // on the edge of the buffer: either answer is right
                }
                Assert.Equal(d < 50, a.Stretches.Any(s => s.FromM - 0.01 <= at && at <= s.ToM + 0.01));
                checkedPoints++;
            }
            chain += len / tm.Scale((line.X[i] + line.X[i + 1]) / 2, (line.Y[i] + line.Y[i + 1]) / 2);
        }
        Assert.True(checkedPoints > 900);
        Assert.True(a.Stretches.Count >= 2);
    }
}
