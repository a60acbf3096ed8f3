using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Spatial;

namespace Truce.MineAction.Tests;

/// <summary>The flat kernels and the GeoJSON fast path agree with NetTopologySuite on random shapes.</summary>
public class PlanarPropertyTests
{
    static readonly GeometryFactory F = new();

    /// <summary>A star-shaped (so simple) polygon of 3–20 vertices around (cx, cy), sometimes with a hole.</summary>
    static Polygon Star(Random r, double cx, double cy, double size, bool hole = false)
    {
        var n = 3 + r.Next(18);
        var angles = Enumerable.Range(0, n).Select(_ => r.NextDouble() * 2 * Math.PI).Order().Distinct().ToList();
        if (angles.Count < 3)
        {
            angles = [0, 2, 4];
        }
        var shell = angles.Select(a => new Coordinate(cx + Math.Cos(a) * size * (0.5 + r.NextDouble() / 2), cy + Math.Sin(a) * size * (0.5 + r.NextDouble() / 2))).ToList();
        shell.Add(shell[0]);
        if (!hole)
        {
            return F.CreatePolygon([.. shell]);
        }
        var h = size * 0.2;
        var withHole = F.CreatePolygon(F.CreateLinearRing([.. shell]), [F.CreateLinearRing([new(cx - h, cy - h), new(cx - h, cy + h), new(cx + h, cy + h), new(cx + h, cy - h), new(cx - h, cy - h)])]);
        return withHole.IsValid ? withHole : F.CreatePolygon([.. shell]); // a thin star may not hold the hole
    }

    static LineString Line(Random r, double cx, double cy, double size) =>
        F.CreateLineString([.. Enumerable.Range(0, 2 + r.Next(6)).Select(_ => new Coordinate(cx + (r.NextDouble() - 0.5) * size * 3, cy + (r.NextDouble() - 0.5) * size * 3))]);

    [Property(MaxTest = 300)]
    public Property Containment_and_point_distance_match_NTS(int seed)
    {
        var r = new Random(seed);
        var poly = Star(r, 0, 0, 100, hole: r.Next(2) == 0);
        var s = MetricShape.OfPlane(poly);
        var ok = true;
        for (int i = 0; i < 50 && ok; i++)
        {
            var p = F.CreatePoint(new Coordinate((r.NextDouble() - 0.5) * 300, (r.NextDouble() - 0.5) * 300));
            ok = Planar.Contains(s, p.X, p.Y) == poly.Covers(p) && Math.Abs(Planar.DistanceToPoint(s, p.X, p.Y) - poly.Distance(p)) < 1e-9;
        }
        return ok.Label($"seed {seed}");
    }

    [Property(MaxTest = 300)]
    public Property Shape_distances_match_NTS(int seed)
    {
        var r = new Random(seed);
        Geometry a = Star(r, 0, 0, 100, hole: r.Next(3) == 0);
        Geometry b = r.Next(2) == 0 ? Star(r, (r.NextDouble() - 0.5) * 400, (r.NextDouble() - 0.5) * 400, 80) : Line(r, 0, 0, 100);
        var mine = Planar.Distance(MetricShape.OfPlane(a), MetricShape.OfPlane(b));
        return (Math.Abs(mine - a.Distance(b)) < 1e-9).Label($"seed {seed}: {mine} vs {a.Distance(b)}");
    }

    [Property(MaxTest = 200)]
    public Property Segment_intervals_hold_exactly_the_points_within_the_buffer(int seed)
    {
        var r = new Random(seed);
        var poly = Star(r, 0, 0, 100, hole: r.Next(2) == 0);
        var s = MetricShape.OfPlane(poly);
        double ax = (r.NextDouble() - 0.5) * 500, ay = (r.NextDouble() - 0.5) * 500, bx = (r.NextDouble() - 0.5) * 500, by = (r.NextDouble() - 0.5) * 500;
        var buffer = r.NextDouble() * 60;
        var intervals = new List<(double T0, double T1)>();
        Planar.WithinIntervals(s, ax, ay, bx, by, buffer, intervals);
        var ok = true;
        for (int i = 0; i <= 400 && ok; i++)
        {
            var t = i / 400.0;
            var d = poly.Distance(F.CreatePoint(new Coordinate(ax + t * (bx - ax), ay + t * (by - ay))));
            if (Math.Abs(d - buffer) > 1e-6)
            {
                ok = d < buffer == intervals.Any(iv => iv.T0 - 1e-12 <= t && t <= iv.T1 + 1e-12);
            }
        }
        return ok.Label($"seed {seed}");
    }

    [Property(MaxTest = 300)]
    public Property Polygons_read_by_the_fast_path_are_exactly_those_NTS_calls_valid(int seed)
    {
        var r = new Random(seed);
        // Random rings: some simple stars, some scrambled (self-crossing), some with a repeated or folded vertex.
        var ring = Star(r, 46.5, 40, 0.01).Shell.Coordinates.ToList();
        switch (r.Next(4))
        {
            case 0:
                var i = 1 + r.Next(ring.Count - 2);
                var j = 1 + r.Next(ring.Count - 2);
                (ring[i], ring[j]) = (ring[j], ring[i]);
                break;
            case 1:
                ring.Insert(1, ring[1].Copy());
                break;
            case 2:
                ring.Insert(2, ring[1].Copy()); // a spike back to the previous vertex
                ring.Insert(2, ring[2].Copy());
                break;
        }
        var nts = F.CreatePolygon([.. ring]);
        var json = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray([.. ring.Select(c => (JsonNode)new JsonArray(c.X, c.Y))])),
        });
        var reader = new BodyReader();
        var read = GeoJson.Read(json, "g", reader.Fail);
        var valid = nts.IsValid;
        return (valid == (read is not null) && (!valid || Math.Abs(read!.Area - nts.Area) < 1e-15)).Label($"seed {seed}: NTS valid {valid}, read {read is not null}");
    }

    [Property(MaxTest = 300)]
    public Property Overlap_areas_match_NTS_intersection(int seed)
    {
        var r = new Random(seed);
        Geometry a = Star(r, 0, 0, 100, hole: r.Next(2) == 0);
        Geometry b = Star(r, (r.NextDouble() - 0.5) * 200, (r.NextDouble() - 0.5) * 200, 20 + r.NextDouble() * 150, hole: r.Next(3) == 0);
        if (r.Next(4) == 0)
        {
            // A two-part parcel, the second part well away from the first.
            b = F.CreateMultiPolygon([(Polygon)b, Star(r, 1000, 1000, 50)]);
        }
        if (!a.IsValid || !b.IsValid)
        {
            return true.Label($"seed {seed}: the generator made an invalid polygon ({a.IsValid}, {b.IsValid}); nothing to compare");
        }
        var (mine, _) = Planar.Overlap(MetricShape.OfPlane(a), MetricShape.OfPlane(b));
        var nts = NetTopologySuite.Operation.OverlayNG.OverlayNGRobust.Overlay(a, b, NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection).Area;
        return (Math.Abs(mine - nts) <= 1e-9 * Math.Max(1, nts)).Label($"seed {seed}: {mine} vs {nts}");
    }

    static Polygon Box(double x0, double y0, double x1, double y1, bool clockwise = false)
    {
        Coordinate[] c = [new(x0, y0), new(x1, y0), new(x1, y1), new(x0, y1), new(x0, y0)];
        return F.CreatePolygon(clockwise ? [.. c.Reverse()] : c);
    }

    [Theory]
    [InlineData(0, 0, 100, 100, 10_000)] // the same square
    [InlineData(100, 0, 200, 100, 0)] // sharing an edge, side by side
    [InlineData(0, 0, 50, 100, 5_000)] // inside, sharing three edges
    [InlineData(50, 50, 150, 150, 2_500)] // overlapping corners
    [InlineData(100, 100, 200, 200, 0)] // touching at a corner
    [InlineData(-50, 25, 150, 75, 5_000)] // a band across
    public void Overlap_is_exact_where_boundaries_coincide(double x0, double y0, double x1, double y1, double expected)
    {
        foreach (var clockwise in new[] { false, true })
        {
            var a = MetricShape.OfPlane(Box(0, 0, 100, 100));
            var b = MetricShape.OfPlane(Box(x0, y0, x1, y1, clockwise));
            Assert.Equal(expected, Planar.Overlap(a, b).Area, 6);
            Assert.Equal(expected, Planar.Overlap(b, a).Area, 6);
        }
    }

    [Property(MaxTest = 100)]
    public Property The_grid_finds_each_meeting_box_once_as_a_full_scan_does(int seed)
    {
        var r = new Random(seed);
        var grid = new GridIndex(100 + r.NextDouble() * 900);
        var boxes = new List<(double X0, double Y0, double X1, double Y1)>();
        for (int i = 0; i < 300; i++)
        {
            double x = (r.NextDouble() - 0.5) * 20_000, y = (r.NextDouble() - 0.5) * 20_000, w = r.NextDouble() * (r.Next(20) == 0 ? 5_000 : 800);
            boxes.Add((x, y, x + w, y + r.NextDouble() * 800));
            grid.Insert(i, boxes[i].X0, boxes[i].Y0, boxes[i].X1, boxes[i].Y1);
        }
        foreach (var gone in Enumerable.Range(0, 30).Select(_ => r.Next(300)).Distinct().ToList())
        {
            grid.Remove(gone, boxes[gone].X0, boxes[gone].Y0, boxes[gone].X1, boxes[gone].Y1);
            boxes[gone] = (double.NaN, double.NaN, double.NaN, double.NaN);
        }
        var ok = true;
        for (int q = 0; q < 50 && ok; q++)
        {
            double x = (r.NextDouble() - 0.5) * 22_000, y = (r.NextDouble() - 0.5) * 22_000, w = r.NextDouble() * 3_000, h = r.NextDouble() * 3_000;
            var found = new List<int>();
            grid.Query(x, y, x + w, y + h, found);
            var expected = boxes.Select((b, i) => (b, i)).Where(p => !double.IsNaN(p.b.X0) && !(p.b.X0 > x + w || p.b.X1 < x || p.b.Y0 > y + h || p.b.Y1 < y)).Select(p => p.i).Order();
            ok = found.Order().SequenceEqual(expected);
        }
        return ok.Label($"seed {seed}");
    }
}
