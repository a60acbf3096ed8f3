using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.IO.Converters;

namespace Truce.Spatial;

/// <summary>Told that the input at <paramref name="field"/> (a JSON path) is not acceptable, and why.</summary>
/// <remarks>
/// A callback, not an exception or the application's error type: Spatial knows nothing of the application, and a
/// caller that collects every bad field of a body before answering (Truce.Core's <c>BodyReader.Fail</c> has this
/// shape) reads on past a bad geometry exactly as before. The compiler makes every caller say where problems go, so
/// none can let one escape as an unhandled exception.
/// </remarks>
public delegate void GeometryProblem(string field, string problem);

/// <summary>GeoJSON geometries (RFC 7946, WGS 84, longitude first), read strictly and bounded in size.</summary>
public static class GeoJson
{
    public const int MaxVertices = 10_000;

    /// <summary>The most vertices an invalid polygon may have for repair to be tried: mending a self-crossing ring costs
    /// about the square of its vertices (a 301-vertex star took 3.9 s here, 14 s on a slower server; 101 took 0.7 s),
    /// and anyone may ask.</summary>
    public const int MaxRepairVertices = 100;

    static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };
    static readonly string[] Types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];

    /// <summary>Reads a geometry, or tells <paramref name="fail"/> (naming a field under <paramref name="path"/>) why it is not a valid one and returns null.</summary>
    /// <remarks>An invalid polygon is refused unless <paramref name="repair"/> is set, when NTS's GeometryFixer mends it
    /// (the caller asked for that explicitly and should tell its user).</remarks>
    public static Geometry? Read(JsonElement element, string path, GeometryProblem fail, bool repair = false)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String
            || t.GetString() is not { } type || !Types.Contains(type))
        {
            fail($"{path}.type", $"must be a GeoJSON geometry: one of {string.Join(", ", Types)}");
            return null;
        }
        if (type == "Point" && ReadPoint(element) is { } fast)
        {
            // Most geometries are points; this skips the general reader, which dominates the cost of a report.
            return fast;
        }
        if (type == "Polygon" && ReadSimplePolygon(element) is { } simple)
        {
            // Hazard perimeters are mostly one ring of a few dozen vertices: read and check them without the general
            // reader and NTS's validity operator, which dominate the cost of loading 100,000 hazards.
            simple.SRID = 4326;
            return simple;
        }
        Geometry? g;
        try
        {
            g = element.Deserialize<Geometry>(Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException or IndexOutOfRangeException)
        {
            fail($"{path}.coordinates", "are not valid GeoJSON coordinates for a " + type);
            return null;
        }
        if (g is null || g.IsEmpty)
        {
            fail($"{path}.coordinates", "must not be empty");
            return null;
        }
        if (g.NumPoints > MaxVertices)
        {
            fail($"{path}.coordinates", $"has {g.NumPoints} vertices; at most {MaxVertices}");
            return null;
        }
        foreach (var c in g.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90)
            {
                fail($"{path}.coordinates", "must be [longitude, latitude] in WGS 84 degrees (longitude −180…180, latitude −90…90)");
                return null;
            }
        }
        return Valid(g, path, fail, repair);
    }

    /// <summary>A polygon that is valid, or mended when asked and small enough to mend; null after naming the problem.</summary>
    static Geometry? Valid(Geometry g, string path, GeometryProblem fail, bool repair)
    {
        if (g is Polygon or MultiPolygon && !g.IsValid && repair)
        {
            if (g.NumPoints > MaxRepairVertices)
            {
                fail($"{path}.coordinates", $"is not a valid polygon, and at {g.NumPoints} vertices too large to mend (at most {MaxRepairVertices}): send a valid one");
                return null;
            }
            g = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(g);
        }
        if (g is Polygon or MultiPolygon && !g.IsValid || g.IsEmpty)
        {
            fail($"{path}.coordinates", "is not a valid polygon (rings must close and not cross themselves)");
            return null;
        }
        g.SRID = 4326;
        return g;
    }

    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>A well-formed point ({"type":"Point","coordinates":[lon,lat]} and nothing else), or null to take the general path.</summary>
    static Point? ReadPoint(JsonElement e)
    {
        if (!e.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array || c.GetArrayLength() is not (2 or 3)
            || c[0].ValueKind != JsonValueKind.Number || c[1].ValueKind != JsonValueKind.Number
            || e.EnumerateObject().Any(p => !p.NameEquals("type") && !p.NameEquals("coordinates")))
        {
            return null;
        }
        var (lon, lat) = (c[0].GetDouble(), c[1].GetDouble());
        return lon is >= -180 and <= 180 && lat is >= -90 and <= 90 ? Factory.CreatePoint(new Coordinate(lon, lat)) : null;
    }

    const int SimpleRingMax = 256;

    /// <summary>
    /// A one-ring polygon of at most 256 vertices, in range, closed, with a non-zero area and no two edges meeting
    /// except neighbours at their shared vertex (OGC validity for a shell without holes); or null to take the general path.
    /// </summary>
    static Polygon? ReadSimplePolygon(JsonElement e)
    {
        if (!e.TryGetProperty("coordinates", out var rings) || rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() != 1
            || e.EnumerateObject().Any(p => !p.NameEquals("type") && !p.NameEquals("coordinates")))
        {
            return null;
        }
        var ring = rings[0];
        if (ring.ValueKind != JsonValueKind.Array || ring.GetArrayLength() is < 4 or > SimpleRingMax)
        {
            return null;
        }
        // Packed coordinates: one array per ring instead of an object per vertex (100,000 hazards stay in memory).
        var xy = new double[2 * ring.GetArrayLength()];
        var i = 0;
        foreach (var p in ring.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() is not (2 or 3) || p[0].ValueKind != JsonValueKind.Number || p[1].ValueKind != JsonValueKind.Number)
            {
                return null;
            }
            var (lon, lat) = (p[0].GetDouble(), p[1].GetDouble());
            if (lon is < -180 or > 180 || lat is < -90 or > 90)
            {
                return null;
            }
            xy[i++] = lon;
            xy[i++] = lat;
        }
        return xy[0] == xy[^2] && xy[1] == xy[^1] && IsSimpleRing(xy)
            ? Packed.CreatePolygon(Packed.CreateLinearRing(new PackedDoubleCoordinateSequence(xy, 2, 0)))
            : null;
    }

    static readonly GeometryFactory Packed = new(new PrecisionModel(), 4326, PackedCoordinateSequenceFactory.DoubleFactory);

    /// <summary>Whether a closed ring (x, y pairs) bounds a non-zero area and no two edges meet but neighbours at their shared vertex.</summary>
    static bool IsSimpleRing(double[] c)
    {
        var n = c.Length / 2 - 1; // edges
        double X(int k) => c[2 * k];
        double Y(int k) => c[2 * k + 1];
        var area = 0.0;
        for (int i = 0; i < n; i++)
        {
            area += (X(i) - X(0)) * (Y(i + 1) - Y(0)) - (X(i + 1) - X(0)) * (Y(i) - Y(0));
            if (X(i) == X(i + 1) && Y(i) == Y(i + 1))
            {
                return false; // repeated point: leave it to the general path's rules
            }
        }
        if (area == 0)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (j == i + 1 || (i == 0 && j == n - 1))
                {
                    // Neighbours share one vertex; they must not fold back over each other.
                    var (a, b, d) = j == i + 1 ? (i, i + 1, j + 1) : (j, 0, 1);
                    var cross = (X(b) - X(a)) * (Y(d) - Y(b)) - (Y(b) - Y(a)) * (X(d) - X(b));
                    var dot = (X(b) - X(a)) * (X(d) - X(b)) + (Y(b) - Y(a)) * (Y(d) - Y(b));
                    if (cross == 0 && dot < 0)
                    {
                        return false;
                    }
                    continue;
                }
                if (Planar.SegmentsIntersect(X(i), Y(i), X(i + 1), Y(i + 1), X(j), Y(j), X(j + 1), Y(j + 1)))
                {
                    return false;
                }
            }
        }
        return true;
    }

    public static JsonElement Write(Geometry g) => JsonSerializer.SerializeToElement(g, Options);

    /// <summary>A GeoJSON Point (longitude first) to 6 decimals, about 0.1 m: for positions a view computes, such as
    /// an incident's estimated location, rather than geometries an entry carried.</summary>
    public static JsonElement WritePoint(double lon, double lat) =>
        JsonSerializer.SerializeToElement(new PointJson("Point", [Math.Round(lon, 6), Math.Round(lat, 6)]));

    sealed record PointJson([property: System.Text.Json.Serialization.JsonPropertyName("type")] string Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("coordinates")] double[] Coordinates);
}

/// <summary>
/// Distances on a local east/north plane around a point (equirectangular), accurate to well under 1% over the
/// ~100 km that matter for corridors and matching.
/// </summary>
public static class LocalFrame
{
    public const double KmPerDegLat = 110.574;

    public static double KmPerDegLon(double lat) => 111.320 * Math.Cos(lat * Math.PI / 180);

    /// <summary>East and north offsets (km) of (lat, lon) from (lat0, lon0).</summary>
    public static (double East, double North) Offset(double lat0, double lon0, double lat, double lon) =>
        ((lon - lon0) * KmPerDegLon((lat + lat0) / 2), (lat - lat0) * KmPerDegLat);

    /// <summary>The point east and north (km) of (lat, lon).</summary>
    public static (double Lat, double Lon) Move(double lat, double lon, double eastKm, double northKm) =>
        (lat + northKm / KmPerDegLat, lon + eastKm / KmPerDegLon(lat));

    /// <summary>Bearing (degrees from north) from the first point to the second.</summary>
    public static double BearingDeg(double lat1, double lon1, double lat2, double lon2)
    {
        var (e, n) = Offset(lat1, lon1, lat2, lon2);
        return (Math.Atan2(e, n) * 180 / Math.PI + 360) % 360;
    }

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        var (e, n) = Offset(lat1, lon1, lat2, lon2);
        return Math.Sqrt(e * e + n * n);
    }

    /// <summary>The shortest distance (km) from a point to any segment of a geometry's lines (or to its points).</summary>
    public static double DistanceToLinesKm(NetTopologySuite.Geometries.Geometry g, double lat, double lon)
    {
        var best = double.PositiveInfinity;
        for (int k = 0; k < g.NumGeometries; k++)
        {
            var c = g.GetGeometryN(k).Coordinates;
            if (c.Length == 1)
            {
                best = Math.Min(best, DistanceKm(lat, lon, c[0].Y, c[0].X));
            }
            for (int i = 0; i + 1 < c.Length; i++)
            {
                var (ax, ay) = Offset(lat, lon, c[i].Y, c[i].X);
                var (bx, by) = Offset(lat, lon, c[i + 1].Y, c[i + 1].X);
                var (dx, dy) = (bx - ax, by - ay);
                var len2 = dx * dx + dy * dy;
                var t = len2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
                var (px, py) = (ax + t * dx, ay + t * dy);
                best = Math.Min(best, Math.Sqrt(px * px + py * py));
            }
        }
        return best;
    }
}
