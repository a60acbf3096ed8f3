using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using Truce.Core.Modules;

namespace Truce.Spatial;

/// <summary>
/// Geometries, shapes and planes in a module's snapshot (<see cref="ISnapshotModule"/>): coordinates as raw doubles,
/// so what is loaded is exactly what was saved; rings and lines come back with packed coordinates, as imports make them.
/// </summary>
public static class SpatialSnapshot
{
    const byte NullTag = 0, PointTag = 1, LineTag = 2, RingTag = 3, PolygonTag = 4, MultiPointTag = 5, MultiLineTag = 6, MultiPolygonTag = 7, CollectionTag = 8;

    static readonly Dictionary<int, GeometryFactory> Factories = [];

    static GeometryFactory FactoryFor(int srid)
    {
        lock (Factories)
        {
            if (!Factories.TryGetValue(srid, out var f))
            {
                Factories[srid] = f = new GeometryFactory(new PrecisionModel(), srid, PackedCoordinateSequenceFactory.DoubleFactory);
            }
            return f;
        }
    }

    public static void Write(SnapshotWriter w, Geometry? g)
    {
        if (g is null)
        {
            w.Byte(NullTag);
            return;
        }
        w.Byte(g switch
        {
            Point => PointTag,
            LinearRing => RingTag,
            LineString => LineTag,
            Polygon => PolygonTag,
            MultiPoint => MultiPointTag,
            MultiLineString => MultiLineTag,
            MultiPolygon => MultiPolygonTag,
            GeometryCollection => CollectionTag,
            _ => throw new ArgumentException($"unsupported geometry {g.GeometryType}", nameof(g)),
        });
        w.Int(g.SRID);
        WriteBody(w, g);
    }

    static void WriteBody(SnapshotWriter w, Geometry g)
    {
        switch (g)
        {
            case Point p:
                WriteSequence(w, p.CoordinateSequence);
                break;
            case LineString l:
                WriteSequence(w, l.CoordinateSequence);
                break;
            case Polygon poly:
                WriteSequence(w, poly.ExteriorRing.CoordinateSequence);
                w.Int(poly.NumInteriorRings);
                foreach (var hole in poly.InteriorRings)
                {
                    WriteSequence(w, hole.CoordinateSequence);
                }
                break;
            default:
                w.Int(g.NumGeometries);
                for (int i = 0; i < g.NumGeometries; i++)
                {
                    Write(w, g.GetGeometryN(i));
                }
                break;
        }
    }

    static void WriteSequence(SnapshotWriter w, CoordinateSequence cs)
    {
        w.Int(cs.Count);
        for (int i = 0; i < cs.Count; i++)
        {
            w.Double(cs.GetX(i));
            w.Double(cs.GetY(i));
        }
    }

    public static Geometry? ReadGeometry(SnapshotReader r)
    {
        var tag = r.Byte();
        if (tag == NullTag)
        {
            return null;
        }
        var f = FactoryFor(r.Int());
        switch (tag)
        {
            case PointTag:
                {
                    var cs = ReadSequence(r);
                    return cs.Count == 0 ? f.CreatePoint() : f.CreatePoint(cs);
                }
            case LineTag:
                return f.CreateLineString(ReadSequence(r));
            case RingTag:
                return f.CreateLinearRing(ReadSequence(r));
            case PolygonTag:
                {
                    var shell = ReadSequence(r);
                    var holes = new LinearRing[r.Count()];
                    for (int i = 0; i < holes.Length; i++)
                    {
                        holes[i] = f.CreateLinearRing(ReadSequence(r));
                    }
                    return shell.Count == 0 && holes.Length == 0 ? f.CreatePolygon() : f.CreatePolygon(f.CreateLinearRing(shell), holes);
                }
            case MultiPointTag:
                return f.CreateMultiPoint([.. Parts(r).Cast<Point>()]);
            case MultiLineTag:
                return f.CreateMultiLineString([.. Parts(r).Cast<LineString>()]);
            case MultiPolygonTag:
                return f.CreateMultiPolygon([.. Parts(r).Cast<Polygon>()]);
            case CollectionTag:
                return f.CreateGeometryCollection([.. Parts(r)]);
            default:
                throw new InvalidDataException($"{tag} is not a geometry tag");
        }
    }

    public static Geometry Geometry(SnapshotReader r) => ReadGeometry(r) ?? throw new InvalidDataException("a required geometry is missing");

    static List<Geometry> Parts(SnapshotReader r) => r.List(() => Geometry(r));

    static PackedDoubleCoordinateSequence ReadSequence(SnapshotReader r)
    {
        var n = r.Count();
        var xy = new double[2 * n];
        for (int i = 0; i < xy.Length; i++)
        {
            xy[i] = r.Double();
        }
        return new PackedDoubleCoordinateSequence(xy, 2, 0);
    }

    public static void Write(SnapshotWriter w, MetricShape s)
    {
        w.Int(s.X.Length);
        for (int i = 0; i < s.X.Length; i++)
        {
            w.Double(s.X[i]);
            w.Double(s.Y[i]);
        }
        w.Int(s.PathKind.Length);
        for (int p = 0; p < s.PathKind.Length; p++)
        {
            w.Int(s.PathStart[p]);
            w.Byte(s.PathKind[p]);
        }
    }

    public static MetricShape Shape(SnapshotReader r)
    {
        var n = r.Count();
        var (x, y) = (new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            x[i] = r.Double();
            y[i] = r.Double();
        }
        var paths = r.Count();
        var (start, kind) = (new int[paths + 1], new byte[paths]);
        for (int p = 0; p < paths; p++)
        {
            start[p] = r.Int();
            kind[p] = r.Byte();
        }
        start[paths] = n;
        return MetricShape.FromArrays(x, y, start, kind);
    }

    public static void Write(SnapshotWriter w, TransverseMercator? tm)
    {
        w.Double(tm?.CentralMeridian);
        w.Double(tm?.OriginLatitude);
    }

    public static TransverseMercator? Plane(SnapshotReader r) =>
        (r.NDouble(), r.NDouble()) is ({ } lon0, { } lat0) ? new TransverseMercator(lon0, lat0) : null;
}
