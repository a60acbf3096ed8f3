using System.Text.Json.Nodes;
using Truce.Core.Exchange;
using Truce.Incidents.Exchange;
using Truce.Incidents.Queries;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Incidents written in the UCDP GED and ACLED layouts: the datasets' columns, in their order, with the values
/// docs/EXCHANGE.md says.</summary>
public class DatasetExportTests
{
    static readonly (double Lat, double Lon) Here = (39.95, 46.85);

    static List<Dictionary<string, string>> Export(EventDataset dataset, IEnumerable<IncidentView> incidents)
    {
        var text = new StringWriter();
        dataset.Write(incidents, text);
        var csv = new CsvReader(new StringReader(text.ToString()));
        var header = csv.Read()!;
        Assert.Equal(dataset.Columns, header);
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read() is { } cells)
        {
            Assert.Equal(header.Length, cells.Length);
            rows.Add(header.Zip(cells).ToDictionary(p => p.First, p => p.Second));
        }
        return rows;
    }

    static List<IncidentView> TwoIncidents()
    {
        var log = new Log();
        var shelling = Report("artillery", T0, 10, "patrol", "p1", Here, "exact");
        shelling["casualties"] = new JsonArray(
            new JsonObject { ["side"] = "unknown", ["status"] = "civilian", ["killed"] = new JsonObject { ["low"] = 1, ["best"] = 2, ["high"] = 3 } },
            new JsonObject { ["side"] = "az", ["status"] = "military", ["killed"] = 1 });
        log.Add("report", "pk", shelling);
        var protest = Report("demonstration", T0.AddDays(3), 60 * 24 * 9, "media", null, (40.2, 47.1), "region", category: "unrest", timePrecision: "day");
        log.Add("report", "jmc", protest, T0.AddDays(20));
        return [.. IncidentQueries.Incidents(log.Book, new IncidentFilter { Limit = 10 }).Items.Select(v => v with { Near = "Near, \"quoted\"" })];
    }

    [Fact]
    public void Incidents_in_the_ged_layout()
    {
        var incidents = TwoIncidents();
        var rows = Export(EventDataset.UcdpGed, incidents);
        Assert.Equal(2, rows.Count);
        var shell = rows[0];
        Assert.Equal((incidents[0].Id, "2021", "1", "1"), (shell["relid"], shell["year"], shell["where_prec"], shell["date_prec"]));
        Assert.Equal(("2021-06-12", "2021-06-12"), (shell["date_start"], shell["date_end"]));
        Assert.Equal(("2", "1", "3", "4", "2"), (shell["deaths_civilians"], shell["deaths_unknown"], shell["best"], shell["high"], shell["low"]));
        Assert.Equal("Near, \"quoted\"", shell["where_coordinates"]);
        Assert.Equal("", shell["type_of_violence"]); // Truce does not know whether a state was a side
        Assert.StartsWith("POINT (46.85", shell["geom_wkt"], StringComparison.Ordinal);
        var protest = rows[1];
        Assert.Equal(("2021-06-15", "2021-06-24", "4", "5", "0"), (protest["date_start"], protest["date_end"], protest["date_prec"], protest["where_prec"], protest["best"]));
    }

    [Fact]
    public void Incidents_in_the_acled_layout()
    {
        var rows = Export(EventDataset.Acled, TwoIncidents());
        var shell = rows[0];
        Assert.Equal(("Explosions/Remote violence", "Shelling/artillery/missile attack", "1", "1"), (shell["event_type"], shell["sub_event_type"], shell["time_precision"], shell["geo_precision"]));
        Assert.Equal(("2021-06-12", "3", "Civilian targeting"), (shell["event_date"], shell["fatalities"], shell["civilian_targeting"]));
        var protest = rows[1];
        // Ten days: a month's precision, coded at the middle of the window.
        Assert.Equal(("Protests", "Peaceful protest", "3", "2021-06-19", "3", "0"),
            (protest["event_type"], protest["sub_event_type"], protest["time_precision"], protest["event_date"], protest["geo_precision"], protest["fatalities"]));
    }

    [Fact]
    public void An_imported_row_exported_again_keeps_its_date_place_and_deaths()
    {
        var log = new Log();
        using var text = new StreamReader(DatasetImportTests.Sample("ucdp-ged-sample.csv"));
        foreach (var (row, _) in DatasetImport.Read(EventDataset.UcdpGed, text, "jmc", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Take(2))
        {
            log.Add("report", "jmc", row.Body, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        }
        var rows = Export(EventDataset.UcdpGed, IncidentQueries.Incidents(log.Book, new IncidentFilter()).Items);
        Assert.Equal(("2020-10-02", "2020-10-02", "3", "39.82", "46.75"), (rows[0]["date_start"], rows[0]["date_end"], rows[0]["best"], rows[0]["latitude"], rows[0]["longitude"]));
        Assert.Equal(("2020-10-01", "2020-10-05", "2", "4", "3"), (rows[1]["date_start"], rows[1]["date_end"], rows[1]["date_prec"], rows[1]["deaths_civilians"], rows[1]["type_of_violence"]));
    }
}
