using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Exchange;
using Truce.Incidents;
using Truce.Ledger.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>UCDP GED and ACLED through the real server and the real CLI: GET /api/export/incidents, `truce import
/// ucdp-ged|acled` and `truce export incidents` (docs/EXCHANGE.md).</summary>
public class DatasetExchangeTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Exchange", name);

    static List<string[]> Csv(string text)
    {
        var csv = new CsvReader(new StringReader(text));
        var rows = new List<string[]>();
        while (csv.Read() is { } r)
        {
            rows.Add(r);
        }
        return rows;
    }

    [Fact]
    public async Task The_export_is_csv_in_the_layout_asked_for_and_holds_only_what_the_reader_may_see()
    {
        // A party-only report far from everything else: its incident is the party's and the mission's, not the public's.
        var t = DateTimeOffset.UtcNow.AddHours(-3);
        var body = new JsonObject
        {
            ["category"] = "ceasefire-violation",
            ["type"] = "mortar",
            ["time"] = new JsonObject { ["start"] = Envelope.FormatTime(t), ["end"] = Envelope.FormatTime(t.AddMinutes(3)) },
            ["location"] = new JsonObject { ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(45.61, 40.91) }, ["precision"] = "exact" },
            ["source"] = new JsonObject { ["kind"] = "patrol", ["id"] = "export-test" },
        };
        var posted = await f.PostEntryAsync("pk", "report", body, Visibility.Party);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        var index = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("index").GetInt64();
        var id = $"I-{index}";

        using var pk = f.Client("pk");
        var resp = await pk.GetAsync("api/export/incidents?format=acled");
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        Assert.Equal("text/csv", resp.Content.Headers.ContentType!.MediaType);
        var rows = Csv(await resp.Content.ReadAsStringAsync());
        Assert.Equal("event_id_cnty", rows[0][0]);
        Assert.Equal(31, rows[0].Length);
        var mine = Assert.Single(rows, r => r[0] == id);
        Assert.Equal(("Explosions/Remote violence", "Shelling/artillery/missile attack", "1"), (mine[5], mine[6], mine[24]));

        using var anonymous = f.Client();
        var ged = Csv(await anonymous.GetStringAsync("api/export/incidents?format=ucdp-ged"));
        Assert.Equal(49, ged[0].Length);
        Assert.DoesNotContain(ged, r => r[1] == id);
        Assert.Contains(Csv(await pk.GetStringAsync("api/export/incidents?format=ucdp-ged")), r => r[1] == id);

        var refused = await anonymous.GetAsync("api/export/incidents?format=shapefile");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("format", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        // Without a format, incidents export as GeoJSON, like every collection.
        using var plain = await anonymous.GetAsync("api/export/incidents");
        Assert.Equal("application/geo+json", plain.Content.Headers.ContentType?.MediaType);
    }

    static async Task<long> SizeAsync(string data)
    {
        await using var d = Deployment.Open(data);
        return d.Ledger.Sequencer.Size;
    }

    static async Task<List<(string Cid, string Source, string Vis)>> ImportedAsync(string data)
    {
        await using var d = Deployment.Open(data);
        return d.Ledger.Module<IncidentsModule>()!.Read(Reader.Mission, b => b.Correlator.Reports.Values
            .Where(s => s.Report.SourceKind == "dataset").Select(s => (s.Report.Cid, s.Report.SourceName!, s.Report.Visibility.Label())).ToList());
    }

    /// <summary>More incidents than one write buffer holds: the export writes each page to the response asynchronously
    /// (a server refuses synchronous writes), over more than one page.</summary>
    [Fact]
    public async Task A_large_dataset_export_streams_every_incident_over_http()
    {
        await using var t = await VisibilityDifferential.TestDeployment.CreateAsync("truce-big-export");
        var start = t.Clock.GetUtcNow().AddHours(-22);
        const int N = 1_200;
        for (var i = 0; i < N; i++)
        {
            var at = start.AddMinutes(i);
            var body = new JsonObject
            {
                ["category"] = "ceasefire-violation",
                ["type"] = "small-arms",
                ["time"] = new JsonObject { ["start"] = at.ToString("O"), ["end"] = at.AddMinutes(1).ToString("O"), ["precision"] = "minute" },
                ["source"] = new JsonObject { ["kind"] = "patrol", ["id"] = $"patrol-{i}" },
                ["confidence"] = "high",
                ["location"] = new JsonObject { ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.3 + (i % 40) * 0.02, 39.5 + (i / 40) * 0.02) }, ["precision"] = "exact" },
                ["synthetic"] = true,
            };
            await t.Deployment.SubmitAsAsync("jmc", IncidentKinds.Report, body, at.AddMinutes(5));
        }
        await using var app = Truce.Server.TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var incidents = JsonNode.Parse(await http.GetStringAsync("/api/incidents?limit=1"))!["total"]!.GetValue<int>();
        Assert.True(incidents > 1_000, $"only {incidents} incidents");
        foreach (var format in new[] { "ucdp-ged", "acled" })
        {
            var text = await http.GetStringAsync($"/api/export/incidents?format={format}");
            Assert.True(text.Length > 1 << 17, $"{format}: only {text.Length} characters, not enough to fill the writer's buffer");
            Assert.Equal(incidents + 1, Csv(text).Count);
        }
    }

    [Fact]
    public async Task Import_stores_nothing_from_a_bad_file_and_importing_again_stores_nothing_new()
    {
        var dir = Directory.CreateTempSubdirectory("truce-datasets").FullName;
        try
        {
            var data = Path.Combine(dir, "data");
            await using (await DemoLoader.CreateAsync(data))
            {
            }
            var before = await SizeAsync(data);
            var bad = Path.Combine(dir, "bad.csv");
            await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(Sample("ucdp-ged-sample.csv"))).Replace("39.75,46.70,POINT", "39.75,east,POINT", StringComparison.Ordinal));
            var refused = await CliProcess.RunAsync("import", "ucdp-ged", bad, "--party", "jmc", "--data", data);
            Assert.Equal(1, refused.Code);
            Assert.Single(refused.Err.Trim().Split('\n'), l => l.StartsWith("truce import: file: row 2: longitude:", StringComparison.Ordinal));
            Assert.Contains("1 of 5 rows are bad", refused.Err, StringComparison.Ordinal);
            Assert.Equal(before, await SizeAsync(data));

            var ok = await CliProcess.RunAsync("import", "ucdp-ged", Sample("ucdp-ged-sample.csv"), "--party", "jmc", "--data", data);
            Assert.True(ok.Code == 0, ok.Err);
            Assert.Contains("5 new, 0 already recorded", ok.Out, StringComparison.Ordinal);
            var again = await CliProcess.RunAsync("import", "ucdp-ged", Sample("ucdp-ged-sample.csv"), "--party", "jmc", "--data", data);
            Assert.True(again.Code == 0, again.Err);
            Assert.Contains("0 new, 5 already recorded", again.Out, StringComparison.Ordinal);
            Assert.Equal(before + 5, await SizeAsync(data));

            // Party-only rows carry a nonce; it is derived from the row, so a second import is still no new entry.
            var acled = await CliProcess.RunAsync("import", "acled", Sample("acled-sample.csv"), "--party", "pk", "--visibility", "party", "--data", data);
            Assert.True(acled.Code == 0, acled.Err);
            var acledAgain = await CliProcess.RunAsync("import", "acled", Sample("acled-sample.csv"), "--party", "pk", "--visibility", "party", "--data", data);
            Assert.Contains("0 new, 5 already recorded", acledAgain.Out, StringComparison.Ordinal);
            var imported = await ImportedAsync(data);
            Assert.Equal(10, imported.Count);
            Assert.Contains(("ucdp-ged:101", "UCDP GED", "public"), imported);
            Assert.Contains(("acled:TST1003", "ACLED", "party"), imported);

            var wrongVis = await CliProcess.RunAsync("import", "hazards", Sample("acled-sample.csv"), "--party", "mine-agency", "--visibility", "party", "--data", data);
            Assert.Equal(1, wrongVis.Code);
            Assert.Contains("--visibility", wrongVis.Err, StringComparison.Ordinal);
            await ExportAsync(dir, data);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>`truce export incidents`: the public file lacks what only pk may see; pk's has it.</summary>
    static async Task ExportAsync(string dir, string data)
    {
        var file = Path.Combine(dir, "out.csv");
        var pub = await CliProcess.RunAsync("export", "incidents", "--format", "acled", "--out", file, "--data", data);
        Assert.True(pub.Code == 0, pub.Err);
        var rows = Csv(await File.ReadAllTextAsync(file));
        Assert.Equal("event_id_cnty", rows[0][0]);
        Assert.DoesNotContain(rows, r => r[6] == "Peaceful protest"); // the party-only ACLED demonstration
        Assert.Contains(rows, r => r[1].StartsWith("2020-", StringComparison.Ordinal)); // the public GED rows
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        var asPk = await CliProcess.RunAsync("export", "incidents", "--format", "acled", "--out", file, "--reader", "pk", "--data", data);
        Assert.True(asPk.Code == 0, asPk.Err);
        Assert.Contains(Csv(await File.ReadAllTextAsync(file)), r => r[6] == "Peaceful protest");

        var wrong = await CliProcess.RunAsync("export", "incidents", "--format", "shapefile", "--out", file, "--data", data);
        Assert.Equal(1, wrong.Code);
        Assert.StartsWith("truce export: --format:", wrong.Err.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_and_export_go_through_a_running_server()
    {
        var dir = Directory.CreateTempSubdirectory("truce-datasets-server").FullName;
        try
        {
            var data = Path.Combine(dir, "data");
            await using (await DemoLoader.CreateAsync(data))
            {
            }
            using var server = ServerProcess.Start(data);
            await server.WaitUpAsync();
            var url = server.BaseUri.ToString();
            var ok = await CliProcess.RunAsync("import", "acled", Sample("acled-sample.csv"), "--party", "jmc", "--data", data, "--server", url);
            Assert.True(ok.Code == 0, ok.Err + server.Output);
            Assert.Contains("imported 5 ACLED rows", ok.Out, StringComparison.Ordinal);
            var again = await CliProcess.RunAsync("import", "acled", Sample("acled-sample.csv"), "--party", "jmc", "--data", data, "--server", url);
            Assert.True(again.Code == 0, again.Err);
            var file = Path.Combine(dir, "ged.csv");
            var export = await CliProcess.RunAsync("export", "incidents", "--format", "ucdp-ged", "--out", file, "--server", url);
            Assert.True(export.Code == 0, export.Err);
            var rows = Csv(await File.ReadAllTextAsync(file));
            Assert.Equal("id", rows[0][0]);
            Assert.Contains(rows, r => r[38].StartsWith("2020-", StringComparison.Ordinal));
            using var http = server.Client();
            var reports = await http.GetFromJsonAsync<JsonElement>("api/reports?source=dataset&limit=1000");
            Assert.Equal(5, reports.GetProperty("total").GetInt64());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
