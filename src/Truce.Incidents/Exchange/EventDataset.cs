using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Core.Exchange;
using Truce.Core.Modules.Shared;
using Truce.Incidents.Queries;

namespace Truce.Incidents.Exchange;

/// <summary>
/// An event dataset's CSV layout (UCDP GED, ACLED): how one of its rows becomes a report, and how an incident is
/// written as one of its rows. The mapping, column by column, and what is lost either way are in docs/EXCHANGE.md.
/// </summary>
public abstract class EventDataset
{
    public static readonly EventDataset UcdpGed = new UcdpGed();
    public static readonly EventDataset Acled = new Acled();
    public static readonly IReadOnlyList<EventDataset> All = [UcdpGed, Acled];

    /// <summary>The dataset as a format name: "ucdp-ged", "acled".</summary>
    public abstract string Name { get; }

    /// <summary>The dataset's own name, as a report's <c>source.name</c>.</summary>
    public abstract string Title { get; }

    public abstract string IdColumn { get; }

    /// <summary>The columns an import needs; any others are kept in <c>source.fields</c> only.</summary>
    public abstract IReadOnlyList<string> Required { get; }

    /// <summary>The columns of an export, in the dataset's order.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    public static EventDataset? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>The report body of a row; a cell that cannot be read is a row error against its column.</summary>
    public abstract JsonObject Body(DatasetCells c);

    /// <summary>The column a report field was read from, to name it when the report's own rules refuse the field.</summary>
    public abstract string ColumnOf(string bodyField);

    /// <summary>An incident as one row (a value for each of <see cref="Columns"/>).</summary>
    public abstract IEnumerable<string?> Row(IncidentView incident);

    /// <summary>The header and one row per incident, in the given order: the whole export of a layout, streamed.</summary>
    public void Write(IEnumerable<IncidentView> incidents, TextWriter text)
    {
        var csv = WriteHeader(text);
        foreach (var i in incidents)
        {
            csv.Write(Row(i));
        }
    }

    public CsvWriter WriteHeader(TextWriter text)
    {
        var csv = new CsvWriter(text);
        csv.Write(Columns);
        return csv;
    }

    // ---- shared by both layouts ----

    protected static JsonObject Source(string title, DatasetCells c, string? id) =>
        new() { ["kind"] = "dataset", ["name"] = title, ["id"] = id, ["fields"] = c.Fields() };

    /// <summary>A window of whole days, from the first day's start to the last day's last second (UTC: the datasets give
    /// local calendar dates; docs/EXCHANGE.md).</summary>
    protected static JsonObject Days(DateOnly first, DateOnly last) => new()
    {
        ["start"] = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z",
        ["end"] = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59Z",
        ["precision"] = "day",
    };

    protected static JsonObject Point(double lon, double lat, string? precision, double? radiusM, string? text)
    {
        var location = new JsonObject { ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) } };
        if (precision is not null)
        {
            location["precision"] = precision;
        }
        if (radiusM is not null)
        {
            location["radius"] = radiusM;
        }
        if (text is not null)
        {
            location["text"] = text.Length > 500 ? text[..499] + "…" : text;
        }
        return location;
    }

    protected static JsonObject Killed(string side, string status, JsonNode killed) =>
        new() { ["side"] = side.Length > 64 ? side[..64] : side, ["status"] = status, ["killed"] = killed };

    protected static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    protected static string Num(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    protected static string IdNumber(IncidentView v) => (IncidentIds.Parse(v.Id) ?? 0).ToString(CultureInfo.InvariantCulture);

    /// <summary>The incident's last calendar day: a window ending at midnight ends on the day before.</summary>
    protected static DateOnly LastDay(TimeWindow t)
    {
        var end = t.End > t.Start && t.End.UtcDateTime.TimeOfDay == TimeSpan.Zero ? t.End.AddTicks(-1) : t.End;
        return DateOnly.FromDateTime(end.UtcDateTime);
    }

    protected static DateOnly FirstDay(TimeWindow t) => DateOnly.FromDateTime(t.Start.UtcDateTime);

    /// <summary>The incident's location radius in km (2σ of its estimate, the way a report's precision radius is 2σ).</summary>
    protected static double RadiusKm(IncidentView v) => 2 * v.Location.SigmaKm;

    /// <summary>Killed, summed over the incident's casualty groups (each group already merged by the counting rule),
    /// as low, best and high; best falls back to low where no report gave one.</summary>
    protected static (double Low, double Best, double High) Deaths(IncidentView v, Func<CasualtyTotal, bool>? which = null)
    {
        double low = 0, best = 0, high = 0;
        foreach (var c in v.Casualties.Where(c => c.Killed is not null && (which is null || which(c))))
        {
            low += c.Killed!.Low;
            best += c.Killed.Best ?? c.Killed.Low;
            high += c.Killed.High;
        }
        return (low, best, high);
    }
}
