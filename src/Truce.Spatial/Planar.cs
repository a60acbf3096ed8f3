namespace Truce.Spatial;

/// <summary>
/// Exact planar geometry on <see cref="MetricShape"/>s: containment, distances, areas, and the parts of a segment
/// that come within a distance of a shape. Plane units are metres of the projection; callers divide by the
/// projection's scale to get metres on the ground.
/// </summary>
public static partial class Planar
{
    /// <summary>Squared distance from (px, py) to the segment a–b.</summary>
    public static double PointSegment2(double px, double py, double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay;
        var len2 = dx * dx + dy * dy;
        var t = len2 == 0 ? 0 : Math.Clamp(((px - ax) * dx + (py - ay) * dy) / len2, 0, 1);
        double ex = ax + t * dx - px, ey = ay + t * dy - py;
        return ex * ex + ey * ey;
    }

    static double Cross(double ax, double ay, double bx, double by, double cx, double cy) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

    /// <summary>Whether segment a–b passes through the box grown by <paramref name="r"/> (a cheap, conservative first test).</summary>
    public static bool SegmentNearBox(double ax, double ay, double bx, double by, double minX, double minY, double maxX, double maxY, double r)
    {
        double lo = 0, hi = 1, dx = bx - ax, dy = by - ay;
        bool Clip(double p, double q)
        {
            if (p == 0)
            {
                return q >= 0;
            }
            var t = q / p;
            if (p < 0)
            {
                lo = Math.Max(lo, t);
            }
            else
            {
                hi = Math.Min(hi, t);
            }
            return lo <= hi;
        }
        return Clip(-dx, ax - (minX - r)) && Clip(dx, maxX + r - ax) && Clip(-dy, ay - (minY - r)) && Clip(dy, maxY + r - ay);
    }

    /// <summary>Whether segments a–b and c–d share a point.</summary>
    public static bool SegmentsIntersect(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
    {
        var d1 = Cross(cx, cy, dx, dy, ax, ay);
        var d2 = Cross(cx, cy, dx, dy, bx, by);
        var d3 = Cross(ax, ay, bx, by, cx, cy);
        var d4 = Cross(ax, ay, bx, by, dx, dy);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        {
            return true;
        }
        return (d1 == 0 && OnBox(cx, cy, dx, dy, ax, ay)) || (d2 == 0 && OnBox(cx, cy, dx, dy, bx, by))
            || (d3 == 0 && OnBox(ax, ay, bx, by, cx, cy)) || (d4 == 0 && OnBox(ax, ay, bx, by, dx, dy));
    }

    static bool OnBox(double ax, double ay, double bx, double by, double px, double py) =>
        Math.Min(ax, bx) <= px && px <= Math.Max(ax, bx) && Math.Min(ay, by) <= py && py <= Math.Max(ay, by);

    /// <summary>Squared distance between segments a–b and c–d (0 when they touch or cross).</summary>
    public static double SegmentSegment2(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
    {
        if (SegmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy))
        {
            return 0;
        }
        return Math.Min(Math.Min(PointSegment2(ax, ay, cx, cy, dx, dy), PointSegment2(bx, by, cx, cy, dx, dy)),
            Math.Min(PointSegment2(cx, cy, ax, ay, bx, by), PointSegment2(dx, dy, ax, ay, bx, by)));
    }

    /// <summary>Whether (x, y) is inside or on the shape's polygons (even–odd over all rings: valid polygons do not overlap).</summary>
    public static bool Contains(MetricShape s, double x, double y) =>
        s.HasArea && x >= s.MinX && x <= s.MaxX && y >= s.MinY && y <= s.MaxY && Classify(s, x, y, 0, out _, out _) >= 0;

    /// <summary>Plane distance from a point to the shape (0 inside a polygon).</summary>
    public static double DistanceToPoint(MetricShape s, double x, double y)
    {
        if (Contains(s, x, y))
        {
            return 0;
        }
        var best = double.PositiveInfinity;
        for (int p = 0; p < s.Paths; p++)
        {
            int a = s.PathStart[p], end = s.PathStart[p + 1];
            if (end - a == 1)
            {
                best = Math.Min(best, (s.X[a] - x) * (s.X[a] - x) + (s.Y[a] - y) * (s.Y[a] - y));
            }
            for (int i = a; i < end - 1; i++)
            {
                best = Math.Min(best, PointSegment2(x, y, s.X[i], s.Y[i], s.X[i + 1], s.Y[i + 1]));
            }
        }
        return Math.Sqrt(best);
    }

    /// <summary>Plane distance from the segment a–b to the shape (0 if it touches, crosses or lies in a polygon).</summary>
    public static double DistanceToSegment(MetricShape s, double ax, double ay, double bx, double by)
    {
        if (Contains(s, ax, ay))
        {
            return 0;
        }
        var best = double.PositiveInfinity;
        for (int p = 0; p < s.Paths && best > 0; p++)
        {
            int a = s.PathStart[p], end = s.PathStart[p + 1];
            if (end - a == 1)
            {
                best = Math.Min(best, PointSegment2(s.X[a], s.Y[a], ax, ay, bx, by));
            }
            for (int i = a; i < end - 1; i++)
            {
                best = Math.Min(best, SegmentSegment2(ax, ay, bx, by, s.X[i], s.Y[i], s.X[i + 1], s.Y[i + 1]));
            }
        }
        return Math.Sqrt(best);
    }

    /// <summary>Plane distance between two shapes (0 when they touch, cross, or one holds the other).</summary>
    public static double Distance(MetricShape a, MetricShape b)
    {
        if (a.MinX > b.MaxX || b.MinX > a.MaxX || a.MinY > b.MaxY || b.MinY > a.MaxY)
        {
            // Disjoint boxes cannot contain one another; go straight to the boundary distance.
        }
        else if ((b.HasArea && AnyVertexIn(a, b)) || (a.HasArea && AnyVertexIn(b, a)))
        {
            return 0;
        }
        var best = double.PositiveInfinity;
        for (int p = 0; p < a.Paths && best > 0; p++)
        {
            int s = a.PathStart[p], end = a.PathStart[p + 1];
            if (end - s == 1)
            {
                best = Math.Min(best, DistanceToSegment(b, a.X[s], a.Y[s], a.X[s], a.Y[s]));
            }
            for (int i = s; i < end - 1 && best > 0; i++)
            {
                best = Math.Min(best, DistanceToSegment(b, a.X[i], a.Y[i], a.X[i + 1], a.Y[i + 1]));
            }
        }
        return best;
    }

    static bool AnyVertexIn(MetricShape inner, MetricShape outer)
    {
        for (int p = 0; p < inner.Paths; p++)
        {
            var i = inner.PathStart[p];
            if (Contains(outer, inner.X[i], inner.Y[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Plane area of the shape's polygons (holes subtracted).</summary>
    public static double Area(MetricShape s)
    {
        var area = 0.0;
        for (int p = 0; p < s.Paths; p++)
        {
            if (s.PathKind[p] < MetricShape.ShellPath)
            {
                continue;
            }
            var ring = 0.0;
            int a = s.PathStart[p], end = s.PathStart[p + 1];
            // Relative to the first vertex, so large plane coordinates do not cost precision.
            double x0 = s.X[a], y0 = s.Y[a];
            for (int i = a; i < end - 1; i++)
            {
                ring += (s.X[i] - x0) * (s.Y[i + 1] - y0) - (s.X[i + 1] - x0) * (s.Y[i] - y0);
            }
            area += (s.PathKind[p] == MetricShape.ShellPath ? 1 : -1) * Math.Abs(ring) / 2;
        }
        return area;
    }

    /// <summary>The centre of the shape's box: where the projection's scale is taken for the whole shape.</summary>
    public static (double X, double Y) Centre(MetricShape s) => ((s.MinX + s.MaxX) / 2, (s.MinY + s.MaxY) / 2);

    /// <summary>Where segment a–b crosses segment c–d, as t from 0 at a to 1 at b; null if it does not, or runs parallel.</summary>
    static double? Crossing(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
    {
        double rx = bx - ax, ry = by - ay, sx = dx - cx, sy = dy - cy;
        var den = rx * sy - ry * sx;
        if (den == 0)
        {
            return null;
        }
        var t = ((cx - ax) * sy - (cy - ay) * sx) / den;
        var u = ((cx - ax) * ry - (cy - ay) * rx) / den;
        return t is >= 0 and <= 1 && u is >= 0 and <= 1 ? t : null;
    }
}
