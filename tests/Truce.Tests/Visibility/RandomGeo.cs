using System.Text.Json.Nodes;
using Truce.Spatial;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>GeoJSON for the random log, in WGS 84 degrees (longitude first) around the 2020 ceasefire zone.</summary>
public static class RandomGeo
{
    public static (double Lat, double Lon) AnyPlace(RandomWorld w) =>
        (w.Range(RandomWorld.MinLat, RandomWorld.MaxLat), w.Range(RandomWorld.MinLon, RandomWorld.MaxLon));

    /// <summary>A place within <paramref name="km"/> of another, in a random direction.</summary>
    public static (double Lat, double Lon) Near(RandomWorld w, (double Lat, double Lon) at, double km, double minKm = 0)
    {
        var a = w.Range(0, 2 * Math.PI);
        var r = w.Range(minKm, km);
        return LocalFrame.Move(at.Lat, at.Lon, r * Math.Sin(a), r * Math.Cos(a));
    }

    static JsonArray C(double lat, double lon) => [Math.Round(lon, 7), Math.Round(lat, 7)];

    public static JsonObject Point((double Lat, double Lon) p) => new() { ["type"] = "Point", ["coordinates"] = C(p.Lat, p.Lon) };

    public static JsonObject Line(IEnumerable<(double Lat, double Lon)> points) =>
        new() { ["type"] = "LineString", ["coordinates"] = new JsonArray([.. points.Select(p => (JsonNode)C(p.Lat, p.Lon))]) };

    public static JsonObject Rect(double w, double s, double e, double n) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(C(s, w), C(s, e), C(n, e), C(n, w), C(s, w))),
    };

    /// <summary>A square of about <paramref name="sideKm"/> centred on a place.</summary>
    public static JsonObject Square((double Lat, double Lon) at, double sideKm)
    {
        var sw = LocalFrame.Move(at.Lat, at.Lon, -sideKm / 2, -sideKm / 2);
        var ne = LocalFrame.Move(at.Lat, at.Lon, sideKm / 2, sideKm / 2);
        return Rect(sw.Lon, sw.Lat, ne.Lon, ne.Lat);
    }

    /// <summary>A star-shaped (so simple) irregular polygon of about <paramref name="radiusM"/> around a place.</summary>
    public static JsonObject Blob(RandomWorld w, (double Lat, double Lon) at, double radiusM)
    {
        var n = w.Int(6, 12);
        var ring = new JsonArray();
        for (int i = 0; i < n; i++)
        {
            var a = 2 * Math.PI * i / n;
            var r = radiusM * w.Range(0.6, 1.0) / 1000;
            var (lat, lon) = LocalFrame.Move(at.Lat, at.Lon, r * Math.Sin(a), r * Math.Cos(a));
            ring.Add(C(lat, lon));
        }
        ring.Add(ring[0]!.DeepClone());
        return new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
    }

    /// <summary>A route of a few legs from a place, heading roughly one way (so it does not cross itself).</summary>
    public static List<(double Lat, double Lon)> Route(RandomWorld w, (double Lat, double Lon) from)
    {
        var heading = w.Range(0, 2 * Math.PI);
        var points = new List<(double Lat, double Lon)> { from };
        for (int i = w.Int(2, 4); i > 0; i--)
        {
            var a = heading + w.Range(-0.5, 0.5);
            var km = w.Range(4, 12);
            var last = points[^1];
            points.Add(LocalFrame.Move(last.Lat, last.Lon, km * Math.Sin(a), km * Math.Cos(a)));
        }
        return points;
    }
}
