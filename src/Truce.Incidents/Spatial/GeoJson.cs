using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Truce.Core.Entries;

namespace Truce.Incidents.Spatial;

/// <summary>GeoJSON geometries (RFC 7946, WGS 84, longitude first), read strictly and bounded in size.</summary>
public static class GeoJson
{
    public const int MaxVertices = 10_000;

    static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };
    static readonly string[] Types = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];

    /// <summary>Reads a geometry, adding a problem to <paramref name="reader"/> (naming <paramref name="path"/>) if it is not a valid one.</summary>
    public static Geometry? Read(BodyReader reader, JsonElement element, string path)
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
        if (g is Polygon or MultiPolygon && !g.IsValid)
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
