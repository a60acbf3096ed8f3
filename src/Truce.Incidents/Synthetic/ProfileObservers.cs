using System.Text.Json.Nodes;
using Truce.Spatial;
using static Truce.Incidents.Synthetic.SyntheticBody;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// What the mission's own observers report of the events of a <see cref="ProfileGenerator"/> scenario: observation
/// posts (a fixed position, a bearing with the profile's error and the post's own guess of it, a distance band from a
/// rough estimate of the distance, a minute-precise window), patrols that happen to be there (a point within a
/// kilometre or so), UAVs (a point within 150 m, recorded), and patrols that find the craters hours later (an exact
/// place but a window of up to a day). Posts hear more than they see: far away, an explosion is often logged as of
/// unknown origin. Party <c>jmc</c> runs the posts and UAVs, <c>pk</c> the patrols.
/// </summary>
sealed class ProfileObservers(ScenarioProfile profile, SyntheticFront front, Taxonomy.Taxonomy taxonomy, int seed)
{
    readonly Random _rng = new(seed);

    public List<LabelledReport> Reports(IReadOnlyList<SyntheticEvent> events)
    {
        var reports = new List<LabelledReport>();
        foreach (var e in events)
        {
            foreach (var post in front.Posts)
            {
                var km = Math.Sqrt((post.X - e.X) * (post.X - e.X) + (post.Y - e.Y) * (post.Y - e.Y));
                if (km < e.Kind.RangeKm && _rng.NextDouble() < 0.92 * Math.Pow(1 - km / e.Kind.RangeKm, 0.7))
                {
                    reports.Add(FromPost(e, post, km));
                }
            }
            var daytime = (e.Start + LocalOffset).Hour is >= 7 and < 19;
            if (_rng.NextDouble() < profile.PatrolShare * (daytime ? 1.6 : 0.4))
            {
                reports.Add(FromPatrol(e));
            }
            if (_rng.NextDouble() < profile.UavShare * (daytime ? 1.5 : 0.5))
            {
                reports.Add(FromUav(e));
            }
            if (e.Kind.Explosive && _rng.NextDouble() < profile.CraterShare)
            {
                reports.Add(FromCraters(e));
            }
        }
        return reports;
    }

    LabelledReport FromPost(SyntheticEvent e, SyntheticPost post, double km)
    {
        // A few bearings are plain wrong (a mis-read compass, an echo): the profile's error times four.
        var error = profile.BearingErrorDeg * (_rng.NextDouble() < 0.03 ? 4 : 1);
        var (pLat, pLon) = SyntheticFront.ToLatLon(post.X, post.Y);
        var (eLat, eLon) = SyntheticFront.ToLatLon(e.X, e.Y);
        var bearing = (LocalFrame.BearingDeg(pLat, pLon, eLat, eLon) + error * Normal(_rng) + 360) % 360;
        var guess = km * Math.Exp(profile.DistanceError * Normal(_rng));
        var heardOnly = km > 0.45 * e.Kind.RangeKm;
        var type = heardOnly && e.Kind.Explosive && _rng.NextDouble() < 0.5 ? "explosion-unknown" : Confuse(e.Kind.Type);
        var start = Minute(e.Start + TimeSpan.FromMinutes(Normal(_rng)));
        var end = start + TimeSpan.FromMinutes(Math.Max(1, Math.Round(e.Minutes * Uniform(_rng, 0.6, 1.2))));
        var body = New(taxonomy, type, start, end, "minute", "observation-post", post.Id, heardOnly ? "medium" : "high",
            $"{(heardOnly ? "heard" : "heard and seen")} from the post");
        body["observer"] = new JsonObject
        {
            ["id"] = post.Id,
            ["position"] = Point(post.X, post.Y),
            ["bearing"] = Math.Round(bearing),
            ["bearingError"] = Math.Max(2, Math.Round(profile.BearingErrorDeg * Uniform(_rng, 0.7, 1.6))),
            // A guess from the far tail of the error may pass what a report may state (100 km): it says "far", no more.
            ["distance"] = new JsonObject { ["min"] = Math.Min(90, Math.Floor(guess * 0.6 * 2) / 2), ["max"] = Math.Min(100, Math.Ceiling(guess * 1.5 * 2) / 2 + 0.5) },
        };
        AddWhatWasPerceived(body, e, heardOnly ? "heard" : "heard-and-seen", e.Count * Uniform(_rng, 0.5, 1));
        // Most posts send within the hour; some at the end of the shift, the next morning.
        var signed = _rng.NextDouble() < 0.15 ? NextLocal(end, 8) : end + TimeSpan.FromMinutes(Uniform(_rng, 5, 40));
        return new LabelledReport(body, e.Id, "jmc", signed);
    }

    LabelledReport FromPatrol(SyntheticEvent e)
    {
        var start = Minute(e.Start + TimeSpan.FromMinutes(Normal(_rng)));
        var end = start + TimeSpan.FromMinutes(Math.Max(1, Math.Round(e.Minutes)));
        var body = New(taxonomy, Confuse(e.Kind.Type), start, end, "minute", "patrol", Patrol(e.Start), "high", "observed by the patrol on its route");
        body["location"] = Location(e.X + 0.5 * Normal(_rng), e.Y + 0.5 * Normal(_rng), "near", 1000);
        AddWhatWasPerceived(body, e, "heard-and-seen", e.Count * Uniform(_rng, 0.6, 1.1));
        return new LabelledReport(body, e.Id, "pk", end + TimeSpan.FromMinutes(Uniform(_rng, 30, 120)));
    }

    LabelledReport FromUav(SyntheticEvent e)
    {
        var start = Minute(e.Start);
        var end = start + TimeSpan.FromMinutes(Math.Max(1, Math.Round(e.Minutes)));
        var flight = $"uav-{DayOf(e.Start)}-{(e.Start + LocalOffset).Hour / 6}";
        var body = New(taxonomy, e.Kind.Type, start, end, "minute", "drone", flight, "high", "recorded by the mission's UAV");
        body["location"] = Location(e.X + 0.07 * Normal(_rng), e.Y + 0.07 * Normal(_rng), "exact", 150);
        AddWhatWasPerceived(body, e, "recorded", e.Count);
        return new LabelledReport(body, e.Id, "jmc", end + TimeSpan.FromMinutes(Uniform(_rng, 60, 240)));
    }

    /// <summary>A patrol on the site hours later: the place to a few tens of metres, the time only since it was last quiet.</summary>
    LabelledReport FromCraters(SyntheticEvent e)
    {
        var visit = e.End + TimeSpan.FromHours(Uniform(_rng, 8, 40));
        var since = e.Start - TimeSpan.FromHours(Uniform(_rng, 0, 16));
        var start = Minute(since);
        var end = Minute(visit);
        var type = _rng.NextDouble() < 0.5 ? e.Kind.Type : "explosion-unknown";
        var body = New(taxonomy, type, start, end, end - start >= TimeSpan.FromHours(12) ? "day" : "approximate", "patrol", Patrol(visit), "high",
            "craters found on the patrol's visit to the site");
        body["location"] = Location(e.X + 0.05 * Normal(_rng), e.Y + 0.05 * Normal(_rng), "exact", 100);
        // A crater's shape points back to where the round came from: towards the firing side.
        var back = (e.Firing == SyntheticFront.PartyA ? 270 : 90) + 15 * Normal(_rng);
        body["perceptions"] = new JsonArray(new JsonObject
        {
            ["kind"] = "crater",
            ["sense"] = "seen",
            ["direction"] = Math.Round((back + 360) % 360),
            ["count"] = Estimate(_rng, e.Count * Uniform(_rng, 0.3, 1)),
        });
        return new LabelledReport(body, e.Id, "pk", visit + TimeSpan.FromHours(Uniform(_rng, 1, 3)));
    }

    void AddWhatWasPerceived(JsonObject body, SyntheticEvent e, string sense, double counted)
    {
        if (e.Kind.Perception is { } kind)
        {
            var p = new JsonObject { ["kind"] = kind, ["sense"] = kind is "flare" or "aircraft" ? "seen" : sense };
            if (kind == "explosion")
            {
                p["assessment"] = sense == "heard" ? "undetermined" : "impact";
            }
            body["perceptions"] = new JsonArray(p);
        }
        if (e.Kind.CountName is { } name)
        {
            body["counts"] = new JsonObject { [name] = Estimate(_rng, counted) };
        }
    }

    /// <summary>Another type of the same family, as observers confuse a mortar with artillery at a distance.</summary>
    string Confuse(string type)
    {
        if (_rng.NextDouble() >= profile.TypeConfusion || taxonomy.FindType(type) is not { } t)
        {
            return type;
        }
        var kin = EventKind.Mix.Where(k => taxonomy.FindType(k.Type)?.Family == t.Family).ToList();
        return kin[_rng.Next(kin.Count)].Type;
    }

    /// <summary>One of the day's four patrols: a patrol reports each event once, and several events in a day.</summary>
    string Patrol(DateTimeOffset t) => $"patrol-{DayOf(t)}-{_rng.Next(4) + 1}";

    static int DayOf(DateTimeOffset t) => (int)((t + LocalOffset).ToUnixTimeSeconds() / 86_400);

    /// <summary>The next time it is <paramref name="hour"/> o'clock on the front's clock after <paramref name="t"/>.</summary>
    public static DateTimeOffset NextLocal(DateTimeOffset t, int hour)
    {
        var local = t + LocalOffset;
        var at = new DateTimeOffset(local.Date, TimeSpan.Zero) + TimeSpan.FromHours(hour) - LocalOffset;
        return at > t ? at : at.AddDays(1);
    }
}
