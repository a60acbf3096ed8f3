using NetTopologySuite.Geometries;

namespace Truce.Spatial;

/// <summary>
/// A geometry on the <see cref="TransverseMercator"/> plane, in metres, flattened into arrays for the distance
/// kernels of <see cref="Planar"/>: each path is a point, a line, or a polygon ring (closed: last vertex = first).
/// </summary>
/// <remarks>Flat arrays rather than NTS objects because the safety queries run these kernels millions of times and
/// NTS's general distance operator allocates on every call.</remarks>
public sealed class MetricShape
{
    public const byte PointPath = 0, LinePath = 1, ShellPath = 2, HolePath = 3;

    public double[] X { get; }
    public double[] Y { get; }

    /// <summary>Where each path starts in <see cref="X"/>/<see cref="Y"/>; one extra element closes the last path.</summary>
    public int[] PathStart { get; }
    public byte[] PathKind { get; }
    public double MinX { get; }
    public double MinY { get; }
    public double MaxX { get; }
    public double MaxY { get; }
    public bool HasArea { get; }

    MetricShape(double[] x, double[] y, int[] start, byte[] kind)
    {
        (X, Y, PathStart, PathKind) = (x, y, start, kind);
        (MinX, MinY, MaxX, MaxY) = (double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity, double.NegativeInfinity);
        for (int i = 0; i < x.Length; i++)
        {
            (MinX, MaxX) = (Math.Min(MinX, x[i]), Math.Max(MaxX, x[i]));
            (MinY, MaxY) = (Math.Min(MinY, y[i]), Math.Max(MaxY, y[i]));
        }
        HasArea = kind.Any(k => k == ShellPath);
    }

    public int Paths => PathKind.Length;

    /// <summary>A shape from its arrays, as <see cref="SpatialSnapshot"/> saved them; throws if they do not fit together.</summary>
    public static MetricShape FromArrays(double[] x, double[] y, int[] start, byte[] kind)
    {
        if (x.Length != y.Length || start.Length != kind.Length + 1 || start.Length == 0 || start[0] != 0 || start[^1] != x.Length
            || start.Zip(start.Skip(1)).Any(p => p.First > p.Second) || kind.Any(k => k > HolePath))
        {
            throw new InvalidDataException("a shape's arrays do not fit together");
        }
        return new MetricShape(x, y, start, kind);
    }

    /// <summary>Projects a WGS 84 geometry (x = longitude, y = latitude) onto the plane.</summary>
    public static MetricShape Of(Geometry g, TransverseMercator tm) => Of(g, tm.Forward);

    /// <summary>A geometry already on the plane (an overlay's result).</summary>
    public static MetricShape OfPlane(Geometry g) => Of(g, (y, x) => (x, y));

    static MetricShape Of(Geometry g, Func<double, double, (double, double)> forward)
    {
        var xs = new List<double>(g.NumPoints);
        var ys = new List<double>(g.NumPoints);
        var starts = new List<int>();
        var kinds = new List<byte>();
        void Add(CoordinateSequence cs, byte kind)
        {
            starts.Add(xs.Count);
            kinds.Add(kind);
            for (int i = 0; i < cs.Count; i++)
            {
                var (e, n) = forward(cs.GetY(i), cs.GetX(i));
                xs.Add(e);
                ys.Add(n);
            }
        }
        for (int i = 0; i < g.NumGeometries; i++)
        {
            switch (g.GetGeometryN(i))
            {
                case Point p:
                    Add(p.CoordinateSequence, PointPath);
                    break;
                case LineString l:
                    Add(l.CoordinateSequence, LinePath);
                    break;
                case Polygon poly:
                    Add(poly.ExteriorRing.CoordinateSequence, ShellPath);
                    foreach (var hole in poly.InteriorRings)
                    {
                        Add(hole.CoordinateSequence, HolePath);
                    }
                    break;
                default:
                    throw new ArgumentException($"unsupported geometry {g.GeometryType}", nameof(g));
            }
        }
        starts.Add(xs.Count);
        return new MetricShape([.. xs], [.. ys], [.. starts], [.. kinds]);
    }

    /// <summary>The same geometry as an NTS geometry on the plane (for overlay: difference, intersection).</summary>
    public Geometry ToPlane(GeometryFactory factory)
    {
        var polys = new List<Polygon>();
        var lines = new List<LineString>();
        var points = new List<Point>();
        LinearRing? shell = null;
        var holes = new List<LinearRing>();
        void Flush()
        {
            if (shell is not null)
            {
                polys.Add(factory.CreatePolygon(shell, [.. holes]));
            }
            (shell, holes) = (null, []);
        }
        for (int p = 0; p < Paths; p++)
        {
            var cs = Enumerable.Range(PathStart[p], PathStart[p + 1] - PathStart[p]).Select(i => new Coordinate(X[i], Y[i])).ToArray();
            switch (PathKind[p])
            {
                case ShellPath:
                    Flush();
                    shell = factory.CreateLinearRing(cs);
                    break;
                case HolePath:
                    holes.Add(factory.CreateLinearRing(cs));
                    break;
                case LinePath:
                    lines.Add(factory.CreateLineString(cs));
                    break;
                default:
                    points.Add(factory.CreatePoint(cs[0]));
                    break;
            }
        }
        Flush();
        if (polys.Count > 0)
        {
            return polys.Count == 1 ? polys[0] : factory.CreateMultiPolygon([.. polys]);
        }
        if (lines.Count > 0)
        {
            return lines.Count == 1 ? lines[0] : factory.CreateMultiLineString([.. lines]);
        }
        return points.Count == 1 ? points[0] : factory.CreateMultiPoint([.. points]);
    }

    /// <summary>Plane geometry (an overlay's result) back to WGS 84, or to a shape.</summary>
    public static Geometry ToWgs84(Geometry plane, TransverseMercator tm, GeometryFactory wgs84)
    {
        var copy = wgs84.CreateGeometry(plane);
        copy.Apply(new Unproject(tm));
        copy.GeometryChanged();
        return copy;
    }

    sealed class Unproject(TransverseMercator tm) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var (lat, lon) = tm.Inverse(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, Math.Round(lon, 9));
                seq.SetY(i, Math.Round(lat, 9));
            }
        }
    }
}
