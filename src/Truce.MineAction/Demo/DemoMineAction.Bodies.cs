using System.Text.Json.Nodes;
using Truce.Spatial;

namespace Truce.MineAction.Demo;

/// <summary>The bodies of the mine action demo's records and the geometries in them.</summary>
static partial class DemoMineAction
{
    static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    static JsonArray C(double lat, double lon) => [Math.Round(lon, 7), Math.Round(lat, 7)];

    static JsonObject Rect(double w, double s, double e, double n) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(C(s, w), C(s, e), C(n, e), C(n, w), C(s, w))),
    };

    /// <summary>A star-shaped (so simple) irregular polygon of about <paramref name="radiusM"/> around a point.</summary>
    static JsonObject Blob(double lat, double lon, double radiusM, Random rng)
    {
        var n = 8 + rng.Next(7);
        var ring = new JsonArray();
        for (int i = 0; i < n; i++)
        {
            var a = 2 * Math.PI * i / n;
            var r = radiusM * (0.6 + 0.4 * rng.NextDouble()) / 1000;
            var (plat, plon) = LocalFrame.Move(lat, lon, r * Math.Sin(a), r * Math.Cos(a));
            ring.Add(C(plat, plon));
        }
        ring.Add(ring[0]!.DeepClone());
        return new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
    }

    static JsonObject Hazard(string id, string type, string district, double lat, double lon, double radiusM, Random rng, string? record)
    {
        var (blat, blon) = LocalFrame.Move(lat, lon, -radiusM * 1.5 / 1000, -radiusM * 1.5 / 1000);
        var evidence = new JsonArray();
        if (record is not null)
        {
            evidence.Add(new JsonObject { ["type"] = "reliable-record", ["reliability"] = "medium", ["note"] = $"minefield record {record}" });
        }
        else if (type == "CHA")
        {
            evidence.Add(new JsonObject { ["type"] = "sighting", ["reliability"] = "high", ["note"] = "SYNTHETIC: mines seen at the surface" });
        }
        evidence.Add(new JsonObject { ["type"] = "former-front-line", ["reliability"] = "medium" });
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["name"] = $"{district} area {id[^3..]} (synthetic)",
            ["district"] = district,
            ["benchmark"] = Point(blat, blon),
            ["perimeter"] = Blob(lat, lon, radiusM, rng),
            ["devices"] = type == "CHA" ? new JsonArray("ap-mine", "at-mine") : new JsonArray("uxo"),
            ["evidence"] = evidence,
            ["blockages"] = new JsonArray(rng.Next(2) == 0 ? "farmland" : "road"),
            ["beneficiaries"] = 50 + rng.Next(2000),
            ["sources"] = record is null ? new JsonArray(new JsonObject { ["kind"] = "survey", ["ref"] = $"NTS-{id}" })
                : new JsonArray(new JsonObject { ["kind"] = "minefield-record", ["ref"] = record }),
            ["synthetic"] = true,
        };
    }

    static JsonObject Minefield(string id, string district, double lat, double lon, Random rng)
    {
        var w = LocalFrame.Move(lat, lon, -0.15, -0.05);
        var e = LocalFrame.Move(lat, lon, 0.15, 0.05);
        var number = 50 + rng.Next(400);
        var (r1lat, r1lon) = LocalFrame.Move(lat, lon, -0.3, -0.2);
        var (r2lat, r2lon) = LocalFrame.Move(lat, lon, 0.3, -0.2);
        return new JsonObject
        {
            ["id"] = id,
            ["laidBy"] = "am",
            ["district"] = district,
            ["pattern"] = "row",
            ["perimeter"] = Rect(w.Lon, w.Lat, e.Lon, e.Lat),
            ["referencePoints"] = new JsonArray(
                new JsonObject { ["name"] = "RP1", ["position"] = Point(r1lat, r1lon), ["description"] = "SYNTHETIC: road culvert" },
                new JsonObject { ["name"] = "RP2", ["position"] = Point(r2lat, r2lon), ["description"] = "SYNTHETIC: ruined building corner" }),
            ["dimensions"] = new JsonArray(
                new JsonObject { ["from"] = "RP1", ["to"] = "corner SW", ["bearingDeg"] = 56, ["distanceM"] = 180 },
                new JsonObject { ["from"] = "RP2", ["to"] = "corner SE", ["bearingDeg"] = 304, ["distanceM"] = 180 }),
            ["mines"] = new JsonArray(
                new JsonObject { ["type"] = "ap", ["model"] = "PMN-2", ["number"] = number, ["emplacing"] = "hand", ["fuze"] = "pressure", ["antiHandling"] = false },
                new JsonObject { ["type"] = "at", ["model"] = "TM-62M", ["number"] = number / 10, ["emplacing"] = "hand", ["fuze"] = "pressure", ["antiHandling"] = true }),
            ["laidFrom"] = "2020-10-05T00:00:00Z",
            ["laidUntil"] = "2020-10-20T00:00:00Z",
            ["rows"] = new JsonArray(
                new JsonObject { ["id"] = "R1", ["line"] = Line(LocalFrame.Move(lat, lon, -0.14, -0.02), LocalFrame.Move(lat, lon, 0.14, -0.02)), ["mines"] = number / 2 },
                new JsonObject { ["id"] = "R2", ["line"] = Line(LocalFrame.Move(lat, lon, -0.14, 0.02), LocalFrame.Move(lat, lon, 0.14, 0.02)), ["mines"] = number - number / 2 }),
            ["marking"] = "SYNTHETIC: none recorded",
            ["scans"] = new JsonArray(new JsonObject { ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))), ["mediaType"] = "image/tiff", ["name"] = $"{id} (synthetic scan reference)", ["pages"] = 1 }),
            ["synthetic"] = true,
        };
    }

    static JsonObject Line((double Lat, double Lon) a, (double Lat, double Lon) b) =>
        new() { ["type"] = "LineString", ["coordinates"] = new JsonArray(C(a.Lat, a.Lon), C(b.Lat, b.Lon)) };

    static JsonObject Point(double lat, double lon) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(lon, 5), Math.Round(lat, 5)) };
}
