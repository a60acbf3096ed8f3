using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Truce.Core.Entries;

namespace Truce.Spatial;

/// <summary>GeoJSON geometries (RFC 7946, WGS 84, longitude first), read strictly and bounded in size.</summary>
public static class GeoJson
{
    public const int MaxVertices = 10_000;

    static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };
    static readonly string[] Types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];

    /// <summary>Reads a geometry, adding a problem to <paramref name="reader"/> (naming <paramref name="path"/>) if it is not a valid one.</summary>
    /// <remarks>An invalid polygon is refused unless <paramref name="repair"/> is set, when NTS's GeometryFixer mends it
    /// (the caller asked for that explicitly and should tell its user).</remarks>
    public static Geometry? Read(BodyReader reader, JsonElement element, string path, bool repair = false)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String
            || !Types.Contains(t.GetString()))
        {
            reader.Fail($"{path}.type", $"must be a GeoJSON geometry: one of {string.Join(", ", Types)}");
            return null;
        }
        if (t.GetString() == "Point" && ReadPoint(element) is { } fast)
        {
            // Most geometries are points; this skips the general reader, which dominates the cost of a report.
            return fast;
        }
        Geometry? g;
        try
        {
            g = element.Deserialize<Geometry>(Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException or IndexOutOfRangeException)
        {
            reader.Fail($"{path}.coordinates", "are not valid GeoJSON coordinates for a " + t.GetString());
            return null;
        }
        if (g is null || g.IsEmpty)
        {
            reader.Fail($"{path}.coordinates", "must not be empty");
            return null;
        }
        if (g.NumPoints > MaxVertices)
        {
            reader.Fail($"{path}.coordinates", $"has {g.NumPoints} vertices; at most {MaxVertices}");
            return null;
        }
        foreach (var c in g.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90)
            {
                reader.Fail($"{path}.coordinates", "must be [longitude, latitude] in WGS 84 degrees (longitude −180…180, latitude −90…90)");
                return null;
            }
        }
        if (g is Polygon or MultiPolygon && !g.IsValid && repair)
        {
            g = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(g);
        }
        if (g is Polygon or MultiPolygon && !g.IsValid || g.IsEmpty)
        {
            reader.Fail($"{path}.coordinates", "is not a valid polygon (rings must close and not cross themselves)");
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
            || e.EnumerateObject().Any(p => p.Name is not ("type" or "coordinates")))
        {
            return null;
        }
        var (lon, lat) = (c[0].GetDouble(), c[1].GetDouble());
        return lon is >= -180 and <= 180 && lat is >= -90 and <= 90 ? Factory.CreatePoint(new Coordinate(lon, lat)) : null;
    }

    public static JsonElement Write(Geometry g) => JsonSerializer.SerializeToElement(g, Options);
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
