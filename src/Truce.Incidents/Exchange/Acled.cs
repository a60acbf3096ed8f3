using System.Text.Json.Nodes;
using Truce.Incidents.Queries;

namespace Truce.Incidents.Exchange;

/// <summary>ACLED's CSV (the columns since its March 2023 change; docs/EXCHANGE.md).</summary>
public sealed class Acled : EventDataset
{
    public override string Name => "acled";
    public override string Title => "ACLED";
    public override string IdColumn => "event_id_cnty";

    public override IReadOnlyList<string> Required { get; } =
        ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "latitude", "longitude", "geo_precision", "fatalities"];

    public override IReadOnlyList<string> Columns { get; } =
    [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
        "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
        "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
    ];

    static readonly string[] DateFormats = ["yyyy-MM-dd", "d MMMM yyyy", "dd-MMMM-yyyy", "dd-MM-yyyy"];

    /// <summary>sub_event_type (or, for one this list lacks, event_type) → Truce type. Lower case.</summary>
    static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["armed clash"] = "armed-clash",
        ["government regains territory"] = "armed-clash",
        ["non-state actor overtakes territory"] = "armed-clash",
        ["chemical weapon"] = "chemical-weapon",
        ["air/drone strike"] = "air-strike",
        ["suicide bomb"] = "explosive-device",
        ["shelling/artillery/missile attack"] = "artillery",
        ["remote explosive/landmine/ied"] = "explosive-device",
        ["grenade"] = "explosive-device",
        ["sexual violence"] = "attack-on-civilians",
        ["attack"] = "attack-on-civilians",
        ["abduction/forced disappearance"] = "detention",
        ["peaceful protest"] = "demonstration",
        ["protest with intervention"] = "demonstration",
        ["excessive force against protesters"] = "demonstration",
        ["excessive force against protestors"] = "demonstration",
        ["violent demonstration"] = "demonstration",
        ["mob violence"] = "demonstration",
        ["arrests"] = "detention",
        ["looting/property destruction"] = "damage-to-property",
        ["headquarters or base established"] = "armed-group",
        ["non-violent transfer of territory"] = "troop-movement",
        ["agreement"] = "other",
        ["change to group/activity"] = "other",
        ["disrupted weapons use"] = "other",
        ["other"] = "other",
        ["battles"] = "armed-clash",
        ["explosions/remote violence"] = "explosion-unknown",
        ["violence against civilians"] = "attack-on-civilians",
        ["protests"] = "demonstration",
        ["riots"] = "demonstration",
        ["strategic developments"] = "other",
    };

    /// <summary>Truce type → (event_type, sub_event_type) for an export.</summary>
    static (string Event, string Sub) EventOf(string type) => type switch
    {
        "small-arms" or "sniper" or "heavy-machine-gun" or "armed-clash" => ("Battles", "Armed clash"),
        "grenade-launcher" => ("Explosions/Remote violence", "Grenade"),
        "mortar" or "artillery" or "rocket-launcher" or "tank" or "anti-tank-missile" or "missile" => ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        "drone-strike" or "air-strike" => ("Explosions/Remote violence", "Air/drone strike"),
        "chemical-weapon" => ("Explosions/Remote violence", "Chemical weapon"),
        "explosive-device" or "explosion-unknown" => ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        "attack-on-civilians" => ("Violence against civilians", "Attack"),
        "detention" => ("Violence against civilians", "Abduction/forced disappearance"),
        "damage-to-property" => ("Strategic developments", "Looting/property destruction"),
        "demonstration" => ("Protests", "Peaceful protest"),
        _ => ("Strategic developments", "Other"),
    };

    /// <summary>geo_precision → location precision: 1 the town named, 2 near it or a small part of a region, 3 a
    /// larger region (its capital or a natural feature as the point).</summary>
    static string Where(int prec) => prec switch { 1 => "settlement", 2 => "district", _ => "region" };

    public override JsonObject Body(DatasetCells c)
    {
        var id = c.Text("event_id_cnty");
        var date = c.Date("event_date", DateFormats, required: true);
        var timePrec = c.Code("time_precision", 1, 3, required: true);
        var geoPrec = c.Code("geo_precision", 1, 3, required: true);
        var lat = c.Number("latitude", -90, 90, required: true);
        var lon = c.Number("longitude", -180, 180, required: true);
        var fatalities = c.Number("fatalities", 0, 1_000_000, required: true);
        var sub = c.Text("sub_event_type", required: true);
        var ev = c.Text("event_type", required: true);
        var type = sub is not null && Types.TryGetValue(sub, out var t) ? t : ev is not null && Types.TryGetValue(ev, out var t2) ? t2 : null;
        if (type is null && sub is not null && ev is not null)
        {
            c.Fail("sub_event_type", $"'{sub}' (event_type '{ev}') is not an ACLED event type this mapping knows (docs/EXCHANGE.md)");
        }
        var category = type is null ? null : Taxonomy.Taxonomy.Shipped.FindType(type)?.Category;
        var body = new JsonObject
        {
            ["category"] = category,
            ["type"] = type,
            ["time"] = date is { } d && timePrec is { } p ? Window(d, p) : null,
            ["location"] = lat is { } y && lon is { } x && geoPrec is { } g ? Point(x, y, Where(g), null, c.Text("location")) : null,
            ["casualties"] = new JsonArray(Killed("unknown", c.Text("civilian_targeting") is null ? "unknown" : "civilian", fatalities ?? 0)),
            ["source"] = Source(Title, c, id),
        };
        if (c.Text("notes") is { } notes)
        {
            body["description"] = notes.Length > 10_000 ? notes[..9_999] + "…" : notes;
        }
        return body;
    }

    /// <summary>time_precision → the window: 1 the day; 2 a week, coded at about its middle (three days either side);
    /// 3 a month, coded at its middle, so the whole calendar month.</summary>
    static JsonObject Window(DateOnly date, int precision) => precision switch
    {
        1 => Days(date, date),
        2 => Days(date.AddDays(-3), date.AddDays(3)),
        _ => Days(new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1)),
    };

    public override string ColumnOf(string bodyField) => bodyField switch
    {
        "body.time.start" or "body.time.end" or "body.time" => "event_date",
        "body.type" or "body.category" => "sub_event_type",
        var f when f.StartsWith("body.location", StringComparison.Ordinal) => "latitude/longitude",
        var f when f.StartsWith("body.casualties", StringComparison.Ordinal) => "fatalities",
        var f when f.StartsWith("body.source.fields", StringComparison.Ordinal) => "row",
        "body.source.id" => "event_id_cnty",
        "body.description" => "notes",
        _ => bodyField,
    };

    public override IEnumerable<string?> Row(IncidentView v)
    {
        var (first, last) = (FirstDay(v.Time), LastDay(v.Time));
        var days = last.DayNumber - first.DayNumber + 1;
        var middle = first.AddDays((days - 1) / 2);
        var (ev, sub) = EventOf(v.Type);
        var radius = RadiusKm(v);
        var row = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["event_id_cnty"] = v.Id,
            ["event_date"] = middle.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["year"] = I($"{middle.Year}"),
            ["time_precision"] = days <= 1 ? "1" : days <= 7 ? "2" : "3",
            ["event_type"] = ev,
            ["sub_event_type"] = sub,
            ["civilian_targeting"] = v.Casualties.Any(c => c.Status == "civilian" && c.Killed?.High > 0) || v.Category == "civilians" ? "Civilian targeting" : "",
            ["location"] = v.Near,
            ["latitude"] = Num(v.Location.Lat),
            ["longitude"] = Num(v.Location.Lon),
            ["geo_precision"] = radius <= 2.5 ? "1" : radius <= 25 ? "2" : "3",
            ["source"] = string.Join("; ", v.Parties),
            ["source_scale"] = string.Join("; ", v.SourceKinds),
            ["notes"] = I($"Truce incident {v.Id}: {v.Type}, {v.Reports} report(s) from {v.IndependentSources} independent source(s), status {v.Status}"),
            ["fatalities"] = Num(Deaths(v).Best),
        };
        return Columns.Select(c => row.GetValueOrDefault(c));
    }
}
