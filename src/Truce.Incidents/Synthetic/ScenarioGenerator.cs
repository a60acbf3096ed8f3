using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Spatial;

namespace Truce.Incidents.Synthetic;

/// <summary>How noisy the synthetic observers are, and how dense the events.</summary>
public sealed record NoiseProfile(string Name, double EventsPerDay, double PositionScale, double TimeScale, double BearingErrorDeg, double TypeConfusion)
{
    public static readonly NoiseProfile Low = new("low", 30, 0.5, 0.5, 3, 0.05);
    public static readonly NoiseProfile Default = new("default", 30, 1, 1, 6, 0.15);
    public static readonly NoiseProfile High = new("high", 30, 2, 2, 12, 0.3);
    public static readonly NoiseProfile Dense = Default with { Name = "default, 10× denser", EventsPerDay = 300 };

    public static readonly IReadOnlyList<NoiseProfile> All = [Low, Default, High, Dense];
}

/// <summary>A synthetic report body with the true event it observed (the label correlation is scored against).</summary>
public sealed record LabelledReport(JsonObject Body, int TrueEvent, string Party, DateTimeOffset Signed);

/// <summary>
/// Labelled synthetic scenarios for measuring correlation (and for the demo): true events over an area, each seen
/// by a few sources with realistic errors — observation posts give a bearing and a distance band, patrols and
/// cameras a point, party statements and the media a settlement or district and a looser time — plus unrelated
/// events close in time or space (a second salvo minutes later a few km away). Deterministic for a seed.
/// Every body says it is synthetic.
/// </summary>
public sealed class ScenarioGenerator(NoiseProfile noise, int seed)
{
    // An area of about 67 × 51 km; its geography is irrelevant to the measurement.
    public double MinLat { get; init; } = 39.6;
    public double MaxLat { get; init; } = 40.2;
    public double MinLon { get; init; } = 46.5;
    public double MaxLon { get; init; } = 47.1;

    static readonly (string Type, double Weight)[] EventTypes =
    [
        ("small-arms", 30), ("heavy-machine-gun", 12), ("sniper", 5), ("mortar", 15), ("artillery", 10), ("rocket-launcher", 4),
        ("grenade-launcher", 6), ("tank", 3), ("drone-strike", 5), ("explosion-unknown", 4), ("drone-overflight", 6),
    ];

    static readonly Dictionary<string, string[]> Family = new()
    {
        ["direct-fire"] = ["small-arms", "heavy-machine-gun", "sniper"],
        ["indirect-fire"] = ["mortar", "artillery", "rocket-launcher", "grenade-launcher", "tank"],
    };

    readonly Random _rng = new(seed);

    /// <summary>Observation posts in two staggered lines down the middle of the area, each seeing about 8 km.</summary>
    public IReadOnlyList<(string Id, double Lat, double Lon)> Posts => [.. Enumerable.Range(0, 14).Select(i => ($"OP-{i + 1}",
        Lerp(MinLat, MaxLat, (i + 0.5) / 14), (MinLon + MaxLon) / 2 + (i % 2 == 0 ? -0.08 : 0.08)))];

    public IEnumerable<LabelledReport> Generate(DateTimeOffset start, TimeSpan span)
    {
        var posts = Posts;
        var events = (int)Math.Round(noise.EventsPerDay * span.TotalDays);
        var list = new List<(DateTimeOffset T, double Lat, double Lon, string Type, int Id)>();
        for (int e = 0; e < events; e++)
        {
            var t = start + TimeSpan.FromSeconds(_rng.NextDouble() * span.TotalSeconds);
            var (lat, lon) = (Lerp(MinLat, MaxLat, _rng.NextDouble()), Lerp(MinLon, MaxLon, _rng.NextDouble()));
            list.Add((t, lat, lon, Pick(), list.Count));
            if (_rng.NextDouble() < 0.2)
            {
                // An unrelated event close by: another salvo minutes later and a few km off, or the same place hours later.
                var near = _rng.NextDouble() < 0.5;
                var dt = near ? TimeSpan.FromMinutes(5 + 25 * _rng.NextDouble()) : TimeSpan.FromHours(2 + 4 * _rng.NextDouble());
                var km = near ? 3 + 12 * _rng.NextDouble() : 0.3 * _rng.NextDouble();
                var (la, lo) = Offset(lat, lon, 360 * _rng.NextDouble(), km);
                list.Add((t + dt, la, lo, Pick(), list.Count));
            }
        }
        var reports = new List<LabelledReport>();
        foreach (var ev in list)
        {
            var seenBy = 0;
            foreach (var p in posts)
            {
                var km = Distance(p.Lat, p.Lon, ev.Lat, ev.Lon);
                if (km < 8 && _rng.NextDouble() < 0.85 - km / 10)
                {
                    reports.Add(FromPost(ev.Id, ev.T, ev.Type, p.Id, p.Lat, p.Lon, ev.Lat, ev.Lon, km));
                    seenBy++;
                }
            }
            var extra = 1 + (_rng.NextDouble() < 0.5 ? 1 : 0) + (seenBy == 0 ? 1 : 0);
            for (int k = 0; k < extra; k++)
            {
                var u = _rng.NextDouble();
                // Distinct patrols and cameras within one event: one source reports an event once.
                reports.Add(u < 0.35 ? FromPatrol(ev.Id, ev.T, ev.Type, ev.Lat, ev.Lon, $"patrol-{(ev.Id * 7 + k) % 30 + 1}")
                    : u < 0.6 ? FromCamera(ev.Id, ev.T, ev.Type, ev.Lat, ev.Lon, $"cam-{(ev.Id + k) % 8 + 1}")
                    : u < 0.93 ? FromStatement(ev.Id, ev.T, ev.Type, ev.Lat, ev.Lon)
                    : FromMedia(ev.Id, ev.T, ev.Type, ev.Lat, ev.Lon));
            }
        }
        return reports.OrderBy(r => r.Signed).ThenBy(r => r.TrueEvent);
    }

    LabelledReport FromPost(int id, DateTimeOffset t, string type, string post, double pLat, double pLon, double lat, double lon, double km)
    {
        var bearing = (Bearing(pLat, pLon, lat, lon) + Normal() * noise.BearingErrorDeg + 360) % 360;
        var mid = Math.Max(0.3, km * (1 + 0.15 * noise.PositionScale * Normal()));
        var body = Body(Confuse(type), t, 2, "observation-post", post, "jmc");
        body["observer"] = new JsonObject
        {
            ["id"] = post,
            ["position"] = Point(pLat, pLon),
            ["bearing"] = Round(bearing, 0),
            ["bearingError"] = Round(Math.Max(noise.BearingErrorDeg * 1.5, 3), 0),
            ["distance"] = new JsonObject { ["min"] = Round(mid * 0.6, 1), ["max"] = Round(mid * 1.5 + 0.5, 1) },
        };
        body["perceptions"] = new JsonArray(new JsonObject { ["kind"] = "explosion", ["assessment"] = "impact", ["sense"] = "heard-and-seen" });
        return new LabelledReport(body, id, "jmc", t + TimeSpan.FromMinutes(10 + 30 * _rng.NextDouble()));
    }

    LabelledReport FromPatrol(int id, DateTimeOffset t, string type, double lat, double lon, string patrol) =>
        Located(id, t, type, lat, lon, 0.5, "near", null, 3, "patrol", patrol, "pk");

    LabelledReport FromCamera(int id, DateTimeOffset t, string type, double lat, double lon, string camera) =>
        Located(id, t, type, lat, lon, 0.15, "exact", 300, 1, "fixed-camera", camera, "jmc");

    LabelledReport FromStatement(int id, DateTimeOffset t, string type, double lat, double lon) =>
        Located(id, t, type, lat, lon, 1.5, "settlement", null, 30, "party-statement", null, _rng.NextDouble() < 0.5 ? "az" : "am");

    LabelledReport FromMedia(int id, DateTimeOffset t, string type, double lat, double lon) =>
        Located(id, t, type, lat, lon, 6, "district", null, 120, "media", null, "public");

    LabelledReport Located(int id, DateTimeOffset t, string type, double lat, double lon, double sigmaKm, string precision, double? radius,
        double windowMinutes, string source, string? sourceId, string party)
    {
        var (la, lo) = Offset(lat, lon, 360 * _rng.NextDouble(), Math.Abs(Normal()) * sigmaKm * noise.PositionScale);
        var body = Body(Confuse(type), t, windowMinutes, source, sourceId, party);
        var location = new JsonObject { ["geometry"] = Point(la, lo), ["precision"] = precision };
        if (radius is { } r)
        {
            location["radius"] = r;
        }
        body["location"] = location;
        return new LabelledReport(body, id, party, t + TimeSpan.FromMinutes(15 + windowMinutes + 60 * _rng.NextDouble()));
    }

    JsonObject Body(string type, DateTimeOffset t, double windowMinutes, string source, string? sourceId, string party)
    {
        var w = windowMinutes * noise.TimeScale;
        var clock = TimeSpan.FromMinutes(Normal() * 1.5 * noise.TimeScale);
        var s = t - TimeSpan.FromMinutes(w * _rng.NextDouble()) + clock;
        var e = s + TimeSpan.FromMinutes(w);
        var category = type switch
        {
            "explosion-unknown" => "explosion",
            "drone-overflight" => "airspace",
            _ => "ceasefire-violation",
        };
        var src = new JsonObject { ["kind"] = source };
        if (sourceId is not null)
        {
            src["id"] = sourceId;
        }
        return new JsonObject
        {
            ["category"] = category,
            ["type"] = type,
            ["time"] = new JsonObject { ["start"] = Time(s), ["end"] = Time(e), ["precision"] = windowMinutes >= 60 ? "hour" : "minute" },
            ["source"] = src,
            ["confidence"] = source is "fixed-camera" or "observation-post" ? "high" : "medium",
            ["counts"] = new JsonObject
            {
                [Family["direct-fire"].Contains(type) ? "bursts" : "explosions"] = new JsonObject { ["low"] = 1, ["best"] = 2 + _rng.Next(4), ["high"] = 8 },
            },
            ["synthetic"] = true,
        };
    }

    string Confuse(string type)
    {
        if (_rng.NextDouble() >= noise.TypeConfusion)
        {
            return type;
        }
        foreach (var members in Family.Values)
        {
            if (members.Contains(type))
            {
                return _rng.NextDouble() < 0.7 ? members[_rng.Next(members.Length)] : type is "small-arms" or "sniper" or "heavy-machine-gun" ? type : "explosion-unknown";
            }
        }
        return type;
    }

    string Pick()
    {
        var total = EventTypes.Sum(t => t.Weight);
        var x = _rng.NextDouble() * total;
        foreach (var (type, w) in EventTypes)
        {
            if ((x -= w) < 0)
            {
                return type;
            }
        }
        return EventTypes[0].Type;
    }

    double Normal() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

    static double Lerp(double a, double b, double f) => a + (b - a) * f;
    static double Round(double x, int digits) => Math.Round(x, digits);
    static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    static JsonObject Point(double lat, double lon) => new()
    {
        ["type"] = "Point",
        ["coordinates"] = new JsonArray(Math.Round(lon, 5), Math.Round(lat, 5)),
    };

    static (double Lat, double Lon) Offset(double lat, double lon, double bearingDeg, double km)
    {
        var th = bearingDeg * Math.PI / 180;
        return LocalFrame.Move(lat, lon, km * Math.Sin(th), km * Math.Cos(th));
    }

    static double Distance(double lat1, double lon1, double lat2, double lon2) => LocalFrame.DistanceKm(lat1, lon1, lat2, lon2);

    static double Bearing(double lat1, double lon1, double lat2, double lon2) => LocalFrame.BearingDeg(lat1, lon1, lat2, lon2);
}
