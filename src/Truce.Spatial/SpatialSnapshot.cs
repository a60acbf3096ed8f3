using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace Truce.Spatial;

/// <summary>
/// Geometries, shapes and planes in a module's snapshot: coordinates as raw doubles, so what is loaded is exactly what
/// was saved; rings and lines come back with packed coordinates, as imports make them.
/// </summary>
/// <remarks>
/// Over the BCL's <see cref="BinaryWriter"/> and <see cref="BinaryReader"/> (counts 7-bit encoded), which the
/// application's snapshot writer and reader wrap: Spatial needs nothing of the application to take part in its
/// snapshots. A damaged snapshot throws <see cref="InvalidDataException"/> or <see cref="EndOfStreamException"/>.
/// </remarks>
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

    public static void Write(BinaryWriter w, Geometry? g)
    {
        if (g is null)
        {
            w.Write(NullTag);
            return;
        }
        w.Write(g switch
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
        w.Write7BitEncodedInt(g.SRID);
        WriteBody(w, g);
    }

    static void WriteBody(BinaryWriter w, Geometry g)
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
                w.Write7BitEncodedInt(poly.NumInteriorRings);
                foreach (var hole in poly.InteriorRings)
                {
                    WriteSequence(w, hole.CoordinateSequence);
                }
                break;
            default:
                w.Write7BitEncodedInt(g.NumGeometries);
                for (int i = 0; i < g.NumGeometries; i++)
                {
                    Write(w, g.GetGeometryN(i));
                }
                break;
        }
    }

    const byte Z = 1, M = 2;

    /// <summary>
    /// The count, which ordinates there are besides x and y (heights given in GeoJSON are kept, as the replay keeps
    /// them), then each coordinate's. Only ordinates that hold a value somewhere are written: some readers give every
    /// coordinate a z, most of them NaN.
    /// </summary>
    static void WriteSequence(BinaryWriter w, CoordinateSequence cs)
    {
        w.Write7BitEncodedInt(cs.Count);
        var (z, m) = (cs.HasZ && Any(cs, cs.GetZ), cs.HasM && Any(cs, cs.GetM));
        w.Write((byte)((z ? Z : 0) | (m ? M : 0)));
        for (int i = 0; i < cs.Count; i++)
        {
            w.Write(cs.GetX(i));
            w.Write(cs.GetY(i));
            if (z)
            {
                w.Write(cs.GetZ(i));
            }
            if (m)
            {
                w.Write(cs.GetM(i));
            }
        }
    }

    static bool Any(CoordinateSequence cs, Func<int, double> ordinate)
    {
        for (int i = 0; i < cs.Count; i++)
        {
            if (!double.IsNaN(ordinate(i)))
            {
                return true;
            }
        }
        return false;
    }

    public static Geometry? ReadGeometry(BinaryReader r)
    {
        var tag = r.ReadByte();
        if (tag == NullTag)
        {
            return null;
        }
        var f = FactoryFor(r.Read7BitEncodedInt());
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
                    var holes = new LinearRing[Count(r)];
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

    public static Geometry ReadRequiredGeometry(BinaryReader r) => ReadGeometry(r) ?? throw new InvalidDataException("a required geometry is missing");

    static Geometry[] Parts(BinaryReader r)
    {
        var parts = new Geometry[Count(r)];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = ReadRequiredGeometry(r);
        }
        return parts;
    }

    /// <summary>A count, checked against what is left to read, so a damaged count cannot ask for a huge array.</summary>
    static int Count(BinaryReader r)
    {
        var n = r.Read7BitEncodedInt();
        return n >= 0 && n <= r.BaseStream.Length - r.BaseStream.Position ? n
            : throw new InvalidDataException($"a count of {n} does not fit in the snapshot");
    }

    static PackedDoubleCoordinateSequence ReadSequence(BinaryReader r)
    {
        var n = Count(r);
        var ordinates = r.ReadByte();
        if (ordinates > (Z | M))
        {
            throw new InvalidDataException($"{ordinates} does not say which ordinates a sequence has");
        }
        var (z, m) = ((ordinates & Z) != 0, (ordinates & M) != 0);
        var dimension = 2 + (z ? 1 : 0) + (m ? 1 : 0);
        var values = new double[dimension * n];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadDouble();
        }
        return new PackedDoubleCoordinateSequence(values, dimension, m ? 1 : 0);
    }

    public static void Write(BinaryWriter w, MetricShape s)
    {
        w.Write7BitEncodedInt(s.X.Length);
        for (int i = 0; i < s.X.Length; i++)
        {
            w.Write(s.X[i]);
            w.Write(s.Y[i]);
        }
        w.Write7BitEncodedInt(s.PathKind.Length);
        for (int p = 0; p < s.PathKind.Length; p++)
        {
            w.Write7BitEncodedInt(s.PathStart[p]);
            w.Write(s.PathKind[p]);
        }
    }

    public static MetricShape ReadShape(BinaryReader r)
    {
        var n = Count(r);
        var (x, y) = (new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            x[i] = r.ReadDouble();
            y[i] = r.ReadDouble();
        }
        var paths = Count(r);
        var (start, kind) = (new int[paths + 1], new byte[paths]);
        for (int p = 0; p < paths; p++)
        {
            start[p] = r.Read7BitEncodedInt();
            kind[p] = r.ReadByte();
        }
        start[paths] = n;
        return MetricShape.FromArrays(x, y, start, kind);
    }

    /// <summary>A plane, or none: a presence byte and a double for each of its two parameters.</summary>
    public static void Write(BinaryWriter w, TransverseMercator? tm)
    {
        WriteOptional(w, tm?.CentralMeridian);
        WriteOptional(w, tm?.OriginLatitude);
    }

    static void WriteOptional(BinaryWriter w, double? v)
    {
        w.Write(v.HasValue);
        if (v is { } x)
        {
            w.Write(x);
        }
    }

    public static TransverseMercator? ReadPlane(BinaryReader r) =>
        (ReadOptional(r), ReadOptional(r)) is ({ } lon0, { } lat0) ? new TransverseMercator(lon0, lat0) : null;

    static double? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadDouble() : null;
}
