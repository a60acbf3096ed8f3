using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Places;
using static Truce.Incidents.Synthetic.SyntheticBody;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// The parties' public statements about the events of a <see cref="ProfileGenerator"/> scenario, logged by each party
/// as <c>party-statement</c> reports: the party's own village nearest to the event (in its own naming, resolved through
/// the gazetteer as a client would resolve it, so "near X" and "4 km south-east of X" get the resolver's radius), a
/// coarse time on the party's clock (an hour, a part of the day, or the day), counts inflated by the party struck and
/// deflated by the party blamed, and the other side blamed. A party publishes twice a day, at 09:00 and 18:00; each
/// bulletin is one source, listing several events. As many statements are made as the profile's share of all reports
/// asks for, about events chosen by how keen parties are to state them (shelling more than flares).
/// </summary>
sealed class ProfileStatements(ScenarioProfile profile, SyntheticFront front, Taxonomy.Taxonomy taxonomy, int seed)
{
    static readonly string[] PartsOfDay = ["at night", "in the morning", "in the afternoon", "in the evening"];

    readonly Random _rng = new(seed);

    public List<LabelledReport> Reports(IReadOnlyList<SyntheticEvent> events, int observed)
    {
        var wanted = (int)Math.Round(profile.StatementShare / (1 - profile.StatementShare) * observed);
        // A weighted draw without replacement (keys u^(1/w), largest first): keener events are stated first.
        var order = events.Where(e => e.Kind.StatementWeight > 0)
            .Select(e => (e, key: Math.Pow(_rng.NextDouble(), 1 / e.Kind.StatementWeight))).OrderByDescending(x => x.key).Select(x => x.e);
        var reports = new List<LabelledReport>(wanted);
        foreach (var e in order)
        {
            if (reports.Count >= wanted)
            {
                break;
            }
            // The party struck speaks first; the party blamed, if at all, says it was fired at too.
            var speakers = _rng.NextDouble() < profile.BothParties ? new[] { e.Struck, e.Firing } : [_rng.NextDouble() < StruckAlone ? e.Struck : e.Firing];
            foreach (var party in speakers.Take(wanted - reports.Count))
            {
                reports.Add(Statement(e, party));
            }
        }
        return reports;
    }

    LabelledReport Statement(SyntheticEvent e, string party)
    {
        var (start, end, precision, when) = Window(e);
        var signed = Bulletin(e.End + PublishedAfter);
        var (location, where) = Place(e, party);
        var type = _rng.NextDouble() < profile.TypeConfusion ? Heavier(e.Kind.Type) : e.Kind.Type;
        var bulletin = string.Create(CultureInfo.InvariantCulture, $"bulletin-{signed + LocalOffset:yyyy-MM-dd-HH}");
        var what = e.Kind.Placement switch
        {
            Placement.OwnSide => "dug in",
            Placement.Deep when e.Kind.CountName == "drones" => "flew a drone over our positions",
            _ => "opened fire on our positions",
        };
        // A bulletin speaks of what has happened: the window ends when it is published at the latest.
        var body = New(taxonomy, type, start < signed ? start : signed, end < signed ? end : signed, precision, "party-statement", bulletin, "low",
            $"the other side's units {what} {where} {when}");
        body["location"] = location;
        if (e.Kind.CountName is { } name)
        {
            var factor = party == e.Struck ? Uniform(_rng, 1, profile.Inflation) : Uniform(_rng, profile.Deflation, 1);
            body["counts"] = new JsonObject { [name] = Estimate(_rng, e.Count * factor) };
        }
        return new LabelledReport(body, e.Id, party, signed);
    }

    /// <summary>The time a party gives, on its own clock: an hour, a part of the day or the day, read off a clock a quarter
    /// of an hour out either way (so an event near a boundary may be put in the neighbouring part).</summary>
    (DateTimeOffset Start, DateTimeOffset End, string Precision, string Words) Window(SyntheticEvent e)
    {
        var local = e.Start + LocalOffset + TimeSpan.FromMinutes(15 * Normal(_rng));
        var day = new DateTimeOffset(local.Date, TimeSpan.Zero) - LocalOffset;
        var u = _rng.NextDouble();
        if (u < profile.HourShare)
        {
            var hour = day + TimeSpan.FromHours(local.Hour);
            return (hour, hour.AddHours(1), "hour", $"at about {local.Hour:00}:00");
        }
        if (u < profile.HourShare + profile.DayShare)
        {
            return (day, day.AddDays(1), "day", string.Create(CultureInfo.InvariantCulture, $"on {local:d MMMM}"));
        }
        var part = local.Hour / 6;
        return (day.AddHours(6 * part), day.AddHours(6 * part + 6), "approximate", PartsOfDay[part]);
    }

    /// <summary>The party's own village nearest the event, said plainly, as "near X", or as a rough distance and direction
    /// from it; resolved through the gazetteer into the location a client would sign (what <c>/api/places/resolve</c>
    /// returns as <c>location</c>).</summary>
    (JsonObject Location, string Words) Place(SyntheticEvent e, string party)
    {
        var village = front.NearestOn(party, e.X, e.Y);
        var name = village.NameBy(party);
        var u = _rng.NextDouble();
        var (dx, dy) = (e.X - village.X, e.Y - village.Y);
        var km = Math.Sqrt(dx * dx + dy * dy);
        var text = u < profile.NearShare ? $"near {name}"
            : u < profile.NearShare + profile.OffsetShare && km >= 1.5 ? Offset(km, Math.Atan2(dx, dy) * 180 / Math.PI, name)
            : name;
        var r = front.Gazetteer.Resolve(text) ?? throw new InvalidOperationException($"the synthetic gazetteer does not resolve '{text}'");
        var location = new JsonObject
        {
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(r.Lon, 6), Math.Round(r.Lat, 6)) },
            ["precision"] = r.Precision.ToString().ToLowerInvariant(),
            ["radius"] = Math.Round(r.RadiusMetres),
            ["place"] = r.Place.Id,
            ["text"] = text,
        };
        return (location, text == name ? $"in {name}" : text);
    }

    /// <summary>"4 km south-east of X": the distance rounded to the kilometre and a third out, the direction to 8 points and
    /// 20° out.</summary>
    string Offset(double km, double bearing, string name)
    {
        var said = Math.Max(1, Math.Round(km * Math.Exp(0.3 * Normal(_rng))));
        var point = Geo.CompassPoint(bearing + 20 * Normal(_rng)) switch
        {
            "N" => "north",
            "NE" => "north-east",
            "E" => "east",
            "SE" => "south-east",
            "S" => "south",
            "SW" => "south-west",
            "W" => "west",
            _ => "north-west",
        };
        return $"{said} km {point} of {name}";
    }

    /// <summary>Parties name the heavier weapon of a family: mortars become artillery, machine guns grenade launchers.</summary>
    internal static string Heavier(string type) => type switch
    {
        "small-arms" or "sniper" => "heavy-machine-gun",
        "grenade-launcher" or "mortar" or "tank" => "artillery",
        "artillery" => "rocket-launcher",
        _ => type,
    };

    /// <summary>How often the party struck is the one that speaks, when one party alone speaks of an event.</summary>
    internal const double StruckAlone = 0.8;

    /// <summary>An event is in the first bulletin at least this long after it ended.</summary>
    internal static readonly TimeSpan PublishedAfter = TimeSpan.FromHours(1);

    /// <summary>The first bulletin (09:00 or 18:00 on the front's clock) after a moment.</summary>
    internal static DateTimeOffset Bulletin(DateTimeOffset after)
    {
        var morning = ProfileObservers.NextLocal(after, 9);
        var evening = ProfileObservers.NextLocal(after, 18);
        return morning < evening ? morning : evening;
    }
}
