using System.Text.Json.Nodes;
using Truce.Incidents.Queries;

namespace Truce.Incidents.Exchange;

/// <summary>The UCDP Georeferenced Event Dataset's CSV (GED 23.1/24.1 columns; docs/EXCHANGE.md).</summary>
public sealed class UcdpGed : EventDataset
{
    public override string Name => "ucdp-ged";
    public override string Title => "UCDP GED";
    public override string IdColumn => "id";

    public override IReadOnlyList<string> Required { get; } =
        ["id", "type_of_violence", "latitude", "longitude", "where_prec", "date_start", "date_end", "date_prec"];

    public override IReadOnlyList<string> Columns { get; } =
    [
        "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id", "conflict_new_id", "conflict_name",
        "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b",
        "number_of_sources", "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
        "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country",
        "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
        "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
    ];

    static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss", "M/d/yyyy"];

    /// <summary>where_prec → Truce's location precision or radius (m). 1 the named place, 2 within about 25 km of it,
    /// 3 and 4 an ADM2 and ADM1 centroid, 5 a part of a country, 6 a whole country, 7 a sea or airspace: the last three
    /// are given the largest radius a report may carry, so correlation treats them as the coarse hints they are.</summary>
    static (string? Precision, double? RadiusM) Where(int prec) => prec switch
    {
        1 => ("settlement", null),
        2 => (null, 25_000),
        3 => ("district", null),
        4 => ("region", null),
        5 => (null, 150_000),
        _ => (null, 500_000),
    };

    public override JsonObject Body(DatasetCells c)
    {
        var id = c.Text("id");
        var violence = c.Code("type_of_violence", 1, 3, required: true);
        var start = c.Date("date_start", DateFormats, required: true);
        var end = c.Date("date_end", DateFormats, required: true);
        c.Code("date_prec", 1, 5, required: true);
        var wherePrec = c.Code("where_prec", 1, 7, required: true);
        var lat = c.Number("latitude", -90, 90, required: true);
        var lon = c.Number("longitude", -180, 180, required: true);
        if (start is { } s && end is { } e && e < s)
        {
            c.Fail("date_end", "is before date_start");
        }
        var type = violence == 3 ? "attack-on-civilians" : "armed-clash";
        var body = new JsonObject
        {
            ["category"] = violence == 3 ? "civilians" : "ceasefire-violation",
            ["type"] = type,
            ["time"] = start is { } a && end is { } b && b >= a ? Days(a, b) : null,
            ["location"] = lat is { } y && lon is { } x && wherePrec is { } p ? Point(x, y, Where(p).Precision, Where(p).RadiusM, c.Text("where_coordinates")) : null,
            ["casualties"] = Casualties(c),
            ["source"] = Source(Title, c, id),
            ["confidence"] = c.Code("event_clarity", 1, 2) == 2 ? "low" : "medium",
        };
        var description = string.Join(" — ", new[] { c.Text("dyad_name"), c.Text("where_description") }.OfType<string>());
        if (description.Length > 0)
        {
            body["description"] = description.Length > 10_000 ? description[..9_999] + "…" : description;
        }
        return body;
    }

    /// <summary>Deaths by who died: side A and side B (combatants of the named sides), civilians, persons of unknown
    /// status. A file without the breakdown gives the total; a row of no deaths says 0 killed rather than nothing.</summary>
    static JsonArray Casualties(DatasetCells c)
    {
        var list = new JsonArray();
        var (deathsA, deathsB) = (c.Number("deaths_a", 0, 1_000_000), c.Number("deaths_b", 0, 1_000_000));
        var (civilians, unknown) = (c.Number("deaths_civilians", 0, 1_000_000), c.Number("deaths_unknown", 0, 1_000_000));
        var (low, best, high) = (c.Number("low", 0, 1_000_000), c.Number("best", 0, 1_000_000), c.Number("high", 0, 1_000_000));
        if (deathsA > 0)
        {
            list.Add(Killed(c.Text("side_a") ?? "unknown", "military", deathsA.Value));
        }
        if (deathsB > 0)
        {
            list.Add(Killed(c.Text("side_b") ?? "unknown", "military", deathsB.Value));
        }
        if (civilians > 0)
        {
            list.Add(Killed("unknown", "civilian", civilians.Value));
        }
        if (unknown > 0)
        {
            list.Add(Killed("unknown", "unknown", unknown.Value));
        }
        if (list.Count == 0 && best is { } total && total > 0)
        {
            var killed = new JsonObject { ["low"] = Math.Min(low ?? total, total), ["best"] = total, ["high"] = Math.Max(high ?? total, total) };
            list.Add(Killed("unknown", "unknown", killed));
        }
        if (list.Count == 0)
        {
            list.Add(Killed("unknown", "unknown", 0));
        }
        return list;
    }

    public override string ColumnOf(string bodyField) => bodyField switch
    {
        "body.time.start" => "date_start",
        "body.time.end" or "body.time" => "date_end",
        var f when f.StartsWith("body.location", StringComparison.Ordinal) => "latitude/longitude",
        var f when f.StartsWith("body.casualties", StringComparison.Ordinal) => "deaths_a/deaths_b/deaths_civilians/deaths_unknown",
        var f when f.StartsWith("body.source.fields", StringComparison.Ordinal) => "row",
        "body.source.id" => "id",
        "body.description" => "dyad_name",
        _ => bodyField,
    };

    public override IEnumerable<string?> Row(IncidentView v)
    {
        var (first, last) = (FirstDay(v.Time), LastDay(v.Time));
        var days = last.DayNumber - first.DayNumber + 1;
        var (low, best, high) = Deaths(v);
        var civilians = Deaths(v, c => c.Status == "civilian").Best;
        var radius = RadiusKm(v);
        var row = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["id"] = IdNumber(v),
            ["relid"] = v.Id,
            ["year"] = I($"{first.Year}"),
            ["type_of_violence"] = v.Category == "civilians" ? "3" : "",
            ["number_of_sources"] = I($"{v.IndependentSources}"),
            ["source_office"] = string.Join("; ", v.SourceKinds),
            ["source_original"] = string.Join("; ", v.Parties),
            ["where_prec"] = radius <= 2.5 ? "1" : radius <= 25 ? "2" : radius <= 150 ? "5" : "6",
            ["where_coordinates"] = v.Near,
            ["where_description"] = I($"Truce incident {v.Id}: {v.Type}, {v.Reports} report(s), status {v.Status}"),
            ["latitude"] = Num(v.Location.Lat),
            ["longitude"] = Num(v.Location.Lon),
            ["geom_wkt"] = I($"POINT ({Num(v.Location.Lon)} {Num(v.Location.Lat)})"),
            ["event_clarity"] = v.Status == "verified" ? "1" : "2",
            ["date_prec"] = days <= 1 ? "1" : days <= 6 ? "2" : days <= 7 ? "3" : days <= 31 ? "4" : "5",
            ["date_start"] = first.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["date_end"] = last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["deaths_a"] = "0",
            ["deaths_b"] = "0",
            ["deaths_civilians"] = Num(civilians),
            ["deaths_unknown"] = Num(best - civilians),
            ["best"] = Num(best),
            ["high"] = Num(high),
            ["low"] = Num(low),
        };
        return Columns.Select(c => row.GetValueOrDefault(c));
    }
}
