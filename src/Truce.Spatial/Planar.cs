namespace Truce.Spatial;

/// <summary>
/// Exact planar geometry on <see cref="MetricShape"/>s: containment, distances, areas, and the parts of a segment
/// that come within a distance of a shape. Plane units are metres of the projection; callers divide by the
/// projection's scale to get metres on the ground.
/// </summary>
public static class Planar
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

    /// <summary>
    /// The area where two shapes' polygons overlap, and its second moment about the plane's meridian (∫∫ x² dA, for
    /// the projection's area correction), without building the intersection.
    /// </summary>
    /// <remarks>
    /// Green's theorem: the boundary of A ∩ B is the part of A's boundary inside B, the part of B's inside A, and the
    /// boundary they share with both interiors on the same side (counted once). Each part contributes its shoelace
    /// term, with shells taken anticlockwise and holes clockwise. NTS's overlay gives the same area but builds a
    /// topology graph for it, which costs about a hundred times more on small polygons.
    /// </remarks>
    public static (double Area, double Ixx) Overlap(MetricShape a, MetricShape b)
    {
        if (!a.HasArea || !b.HasArea || a.MinX > b.MaxX || b.MinX > a.MaxX || a.MinY > b.MaxY || b.MinY > a.MaxY)
        {
            return (0, 0);
        }
        var y0 = a.MinY;
        double area = 0, ixx = 0;
        Boundary(a, b, true, y0, ref area, ref ixx);
        Boundary(b, a, false, y0, ref area, ref ixx);
        return (area / 2, ixx / 12);
    }

    const double Touch2 = 1e-14; // (0.1 µm)²: a point this close to an edge is on it

    static double RingOrientation(MetricShape s, int p)
    {
        var sum = 0.0;
        int start = s.PathStart[p], end = s.PathStart[p + 1];
        for (int i = start; i < end - 1; i++)
        {
            sum += (s.X[i] - s.X[start]) * (s.Y[i + 1] - s.Y[start]) - (s.X[i + 1] - s.X[start]) * (s.Y[i] - s.Y[start]);
        }
        var ccw = sum > 0 ? 1 : -1;
        return s.PathKind[p] == MetricShape.ShellPath ? ccw : -ccw;
    }

    static void Boundary(MetricShape s, MetricShape other, bool shared, double y0, ref double area, ref double ixx)
    {
        var cuts = new List<double>();
        for (int p = 0; p < s.Paths; p++)
        {
            if (s.PathKind[p] < MetricShape.ShellPath)
            {
                continue;
            }
            var orient = RingOrientation(s, p);
            for (int i = s.PathStart[p]; i < s.PathStart[p + 1] - 1; i++)
            {
                double ax = s.X[i], ay = s.Y[i], bx = s.X[i + 1], by = s.Y[i + 1];
                if (Math.Max(ax, bx) < other.MinX || Math.Min(ax, bx) > other.MaxX || Math.Max(ay, by) < other.MinY || Math.Min(ay, by) > other.MaxY)
                {
                    continue; // outside the other's box: no part of this edge is inside it
                }
                cuts.Clear();
                cuts.Add(0);
                cuts.Add(1);
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                for (int q = 0; q < other.Paths; q++)
                {
                    if (other.PathKind[q] < MetricShape.ShellPath)
                    {
                        continue;
                    }
                    for (int j = other.PathStart[q]; j < other.PathStart[q + 1] - 1; j++)
                    {
                        if (Crossing(ax, ay, bx, by, other.X[j], other.Y[j], other.X[j + 1], other.Y[j + 1]) is { } t)
                        {
                            cuts.Add(t);
                        }
                        // The other's vertices on this edge cut it too (shared and touching boundaries).
                        if (len2 > 0 && PointSegment2(other.X[j], other.Y[j], ax, ay, bx, by) <= Touch2)
                        {
                            cuts.Add(Math.Clamp(((other.X[j] - ax) * dx + (other.Y[j] - ay) * dy) / len2, 0, 1));
                        }
                    }
                }
                cuts.Sort();
                for (int k = 0; k + 1 < cuts.Count; k++)
                {
                    if (cuts[k + 1] <= cuts[k])
                    {
                        continue;
                    }
                    var m = (cuts[k] + cuts[k + 1]) / 2;
                    var where = Classify(other, ax + m * dx, ay + m * dy, Touch2, out var edgeX, out var edgeY);
                    if (where < 0 || (where == 0 && !(shared && (edgeX * dx + edgeY * dy) * orient > 0)))
                    {
                        continue;
                    }
                    double x1 = ax + cuts[k] * dx, y1 = ay + cuts[k] * dy - y0, x2 = ax + cuts[k + 1] * dx, y2 = ay + cuts[k + 1] * dy - y0;
                    if (orient < 0)
                    {
                        (x1, y1, x2, y2) = (x2, y2, x1, y1);
                    }
                    var cross = x1 * y2 - x2 * y1;
                    area += cross;
                    ixx += cross * (x1 * x1 + x1 * x2 + x2 * x2);
                }
            }
        }
    }

    /// <summary>1 inside the shape's polygons, −1 outside, 0 on a ring, within √<paramref name="touch2"/> of it (with
    /// that ring edge's direction, taken with shells anticlockwise and holes clockwise). Even–odd over all rings: valid
    /// polygons do not overlap.</summary>
    static int Classify(MetricShape s, double x, double y, double touch2, out double edgeX, out double edgeY)
    {
        (edgeX, edgeY) = (0, 0);
        var inside = false;
        for (int p = 0; p < s.Paths; p++)
        {
            if (s.PathKind[p] < MetricShape.ShellPath)
            {
                continue;
            }
            for (int i = s.PathStart[p]; i < s.PathStart[p + 1] - 1; i++)
            {
                double xi = s.X[i], yi = s.Y[i], xj = s.X[i + 1], yj = s.Y[i + 1];
                if (PointSegment2(x, y, xi, yi, xj, yj) <= touch2)
                {
                    var o = RingOrientation(s, p);
                    (edgeX, edgeY) = ((xj - xi) * o, (yj - yi) * o);
                    return 0;
                }
                if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                {
                    inside = !inside;
                }
            }
        }
        return inside ? 1 : -1;
    }

    /// <summary>
    /// The parts [t0, t1] of segment a–b (t from 0 at a to 1 at b) that lie within <paramref name="buffer"/> of the
    /// shape, appended to <paramref name="into"/>, merged and ordered.
    /// </summary>
    /// <remarks>
    /// The set of points within a distance of one edge is a capsule (convex), so its meet with the segment is one
    /// interval; the union over edges, plus the stretches inside the polygons, is the answer. Exact, no sampling.
    /// </remarks>
    public static void WithinIntervals(MetricShape s, double ax, double ay, double bx, double by, double buffer, List<(double T0, double T1)> into)
    {
        var found = new List<(double, double)>();
        for (int p = 0; p < s.Paths; p++)
        {
            int st = s.PathStart[p], end = s.PathStart[p + 1];
            if (end - st == 1)
            {
                AddCapsule(found, ax, ay, bx, by, s.X[st], s.Y[st], s.X[st], s.Y[st], buffer);
            }
            for (int i = st; i < end - 1; i++)
            {
                AddCapsule(found, ax, ay, bx, by, s.X[i], s.Y[i], s.X[i + 1], s.Y[i + 1], buffer);
            }
        }
        if (s.HasArea)
        {
            // Inside stretches: cut the segment at every crossing of a ring and test each piece's middle.
            var cuts = new List<double> { 0, 1 };
            for (int p = 0; p < s.Paths; p++)
            {
                if (s.PathKind[p] < MetricShape.ShellPath)
                {
                    continue;
                }
                for (int i = s.PathStart[p]; i < s.PathStart[p + 1] - 1; i++)
                {
                    if (Crossing(ax, ay, bx, by, s.X[i], s.Y[i], s.X[i + 1], s.Y[i + 1]) is { } t)
                    {
                        cuts.Add(t);
                    }
                }
            }
            cuts.Sort();
            for (int i = 0; i + 1 < cuts.Count; i++)
            {
                var m = (cuts[i] + cuts[i + 1]) / 2;
                if (cuts[i + 1] > cuts[i] && Contains(s, ax + m * (bx - ax), ay + m * (by - ay)))
                {
                    found.Add((cuts[i], cuts[i + 1]));
                }
            }
        }
        found.Sort();
        foreach (var (t0, t1) in found)
        {
            if (into.Count > 0 && t0 <= into[^1].T1)
            {
                into[^1] = (into[^1].T0, Math.Max(into[^1].T1, t1));
            }
            else
            {
                into.Add((t0, t1));
            }
        }
    }

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

    /// <summary>Adds the interval of segment a–b within <paramref name="r"/> of segment c–d (a capsule), if any.</summary>
    static void AddCapsule(List<(double, double)> into, double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy, double r)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        void Take((double, double)? iv)
        {
            if (iv is { } v)
            {
                lo = Math.Min(lo, v.Item1);
                hi = Math.Max(hi, v.Item2);
            }
        }
        Take(Disc(ax, ay, bx, by, cx, cy, r));
        Take(Disc(ax, ay, bx, by, dx, dy, r));
        Take(Band(ax, ay, bx, by, cx, cy, dx, dy, r));
        if (lo <= hi)
        {
            into.Add((lo, hi));
        }
    }

    /// <summary>The t-interval (clipped to [0,1]) where a + t(b − a) is within r of c.</summary>
    static (double, double)? Disc(double ax, double ay, double bx, double by, double cx, double cy, double r)
    {
        double vx = bx - ax, vy = by - ay, wx = ax - cx, wy = ay - cy;
        var qa = vx * vx + vy * vy;
        var qb = 2 * (vx * wx + vy * wy);
        var qc = wx * wx + wy * wy - r * r;
        if (qa == 0)
        {
            return qc <= 0 ? (0, 1) : null;
        }
        var disc = qb * qb - 4 * qa * qc;
        if (disc < 0)
        {
            return null;
        }
        var sq = Math.Sqrt(disc);
        return Clip((-qb - sq) / (2 * qa), (-qb + sq) / (2 * qa));
    }

    /// <summary>The t-interval where a + t(b − a) lies in the rectangle of half-width r about segment c–d.</summary>
    static (double, double)? Band(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy, double r)
    {
        double ux = dx - cx, uy = dy - cy;
        var len = Math.Sqrt(ux * ux + uy * uy);
        if (len == 0)
        {
            return null;
        }
        (ux, uy) = (ux / len, uy / len);
        double lo = 0, hi = 1;
        // Along the edge: 0 ≤ (p − c)·u ≤ len. Across it: −r ≤ (p − c)·n ≤ r, with n = (−uy, ux).
        bool Slab(double p0, double dp, double min, double max)
        {
            if (dp == 0)
            {
                return p0 >= min && p0 <= max;
            }
            var t0 = (min - p0) / dp;
            var t1 = (max - p0) / dp;
            if (t0 > t1)
            {
                (t0, t1) = (t1, t0);
            }
            lo = Math.Max(lo, t0);
            hi = Math.Min(hi, t1);
            return lo <= hi;
        }
        double vx = bx - ax, vy = by - ay, wx = ax - cx, wy = ay - cy;
        return Slab(wx * ux + wy * uy, vx * ux + vy * uy, 0, len) && Slab(-wx * uy + wy * ux, -vx * uy + vy * ux, -r, r) ? (lo, hi) : null;
    }

    static (double, double)? Clip(double t0, double t1)
    {
        var lo = Math.Max(0, t0);
        var hi = Math.Min(1, t1);
        return lo <= hi ? (lo, hi) : null;
    }
}
