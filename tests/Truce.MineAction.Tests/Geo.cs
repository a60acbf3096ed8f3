using System.Text.Json.Nodes;
using Truce.Spatial;

namespace Truce.MineAction.Tests;

/// <summary>GeoJSON built from metre offsets around a place in the ceasefire zone (synthetic test geometry).</summary>
static class Geo
{
    public const double Lat0 = 39.95, Lon0 = 46.75;

    /// <summary>The plane the module will choose for this data (the whole degree nearest the first geometry).</summary>
    public static readonly TransverseMercator Plane = new(TransverseMercator.MeridianFor(Lon0), Math.Round(Lat0));

    static readonly (double E, double N) Origin = Plane.Forward(Lat0, Lon0);

    /// <summary>The point east and north of the test origin by plane metres (ground metres to within 10 ppm here).</summary>
    public static (double Lat, double Lon) At(double eastM, double northM) => Plane.Inverse(Origin.E + eastM, Origin.N + northM);

    static JsonArray C((double Lat, double Lon) p) => [Math.Round(p.Lon, 9), Math.Round(p.Lat, 9)];

    public static JsonObject Point(double eastM, double northM) => new() { ["type"] = "Point", ["coordinates"] = C(At(eastM, northM)) };

    public static JsonArray Ring(params (double E, double N)[] corners)
    {
        var ring = new JsonArray();
        foreach (var (e, n) in corners.Append(corners[0]))
        {
            ring.Add(C(At(e, n)));
        }
        return ring;
    }

    /// <summary>A rectangle from (e0, n0) to (e1, n1), metres east and north of the test origin.</summary>
    public static JsonObject Rect(double e0, double n0, double e1, double n1) =>
        new() { ["type"] = "Polygon", ["coordinates"] = new JsonArray(Ring((e0, n0), (e1, n0), (e1, n1), (e0, n1))) };

    public static JsonObject Line(params (double E, double N)[] points)
    {
        var coords = new JsonArray();
        foreach (var (e, n) in points)
        {
            coords.Add(C(At(e, n)));
        }
        return new JsonObject { ["type"] = "LineString", ["coordinates"] = coords };
    }

    public static JsonObject Hazard(string id, JsonObject perimeter, string type = "CHA", string district = "test district") => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["district"] = district,
        ["benchmark"] = Point(-200, -200),
        ["perimeter"] = perimeter,
        ["devices"] = new JsonArray("ap-mine"),
        ["evidence"] = new JsonArray(new JsonObject { ["type"] = "sighting", ["reliability"] = "high" }),
        ["synthetic"] = true,
    };
}
