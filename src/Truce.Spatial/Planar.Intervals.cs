namespace Truce.Spatial;

public static partial class Planar
{
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
