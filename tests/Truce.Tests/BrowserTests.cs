using System.Diagnostics;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's Chromium, driven by playwright-core (tests/tools/browser/dashboard.mjs),
/// against the real server on a loopback port with the demo data. The map draws the basemap and the features, a filter
/// changes what is shown, a click shows a feature's details (and its address opens them again), compliance per
/// provision and the movements show in the panel, a member signs in, a report written in the form and signed in the
/// browser lands in an incident on the map, a verification step by another party's member follows and a kind the
/// member may not submit is refused, a party's own report is on its member's map and on no other party's or the
/// public's, "Is it safe?" calls a point at a hazard at risk and answers a route drawn on the map, the public report
/// form sends a report without a token, the daily situation report renders and prints to PDF, axe-core finds no WCAG
/// 2.1 A/AA violation on the dashboard, the form or the report, a phone's width needs no sideways scroll, nothing is
/// fetched from outside the server, and the console stays free of errors. Screenshots are kept in TestResults/browser.
/// </summary>
[Collection("processes")]
public sealed class BrowserTests
{
    [Fact]
    public async Task The_map_draws_filters_shows_details_signs_in_and_passes_axe()
    {
        var root = Directory.CreateTempSubdirectory("truce-browser").FullName;
        try
        {
            await using var d = await DemoLoader.CreateAsync(Path.Combine(root, "data"));
            // A report only its party (am) and the mission may read, where nothing else is.
            await d.SubmitAsAsync("am", "report", new JsonObject
            {
                ["category"] = "ceasefire-violation",
                ["type"] = "small-arms",
                ["time"] = new JsonObject { ["start"] = "2021-03-01T10:00:00Z", ["end"] = "2021-03-01T10:05:00Z" },
                ["location"] = new JsonObject
                {
                    ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(ProbeLon, ProbeLat) },
                    ["precision"] = "exact",
                },
                ["source"] = new JsonObject { ["kind"] = "patrol", ["id"] = "browser-test-patrol" },
                ["synthetic"] = true,
            }, DateTimeOffset.UtcNow, Visibility.Party);
            // Public reports go on a 0.05° grid here: the form moves its public report onto it before signing.
            await d.SubmitAsAsync("mission", "correlation.config", new JsonObject { ["publicGridDegrees"] = 0.05 }, DateTimeOffset.UtcNow, Visibility.Public);
            await using var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
            await app.StartAsync();
            var config = new JsonObject
            {
                ["tokens"] = new JsonObject { ["am"] = Token(d, "am"), ["az"] = Token(d, "az"), ["pk"] = Token(d, "pk") },
                ["keys"] = new JsonObject { ["am"] = d.ReadSecret("am.key"), ["pk"] = d.ReadSecret("pk.key") },
                ["written"] = new JsonArray(WrittenLat, WrittenLon),
                ["reportDate"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["probe"] = new JsonArray(ProbeLat, ProbeLon),
                ["safePoint"] = SafePoint(d),
            };
            var seen = await RunAsync(app.Urls.First() + "/", config.ToJsonString());

            Assert.True(seen["consoleErrors"]!.AsArray().Count == 0, seen.ToJsonString());
            Assert.Empty(seen["requestsOutside"]!.AsArray());
            var initial = seen["initial"]!;
            Assert.True((int)initial["basemapShapes"]! > 0, "no basemap drawn: " + initial.ToJsonString());
            Assert.True((int)initial["markers"]! + (int)initial["clusters"]! > 0, "no feature drawn: " + initial.ToJsonString());

            int Shown(string step) => (int)seen[step]!["markers"]! + (int)seen[step]!["clusterTotal"]!;
            Assert.True(Shown("incidentsOnly") > 0, seen["incidentsOnly"]!.ToJsonString());
            Assert.True(Shown("verifiedOnly") < Shown("incidentsOnly"),
                $"the status filter changed nothing: {seen["incidentsOnly"]!.ToJsonString()} then {seen["verifiedOnly"]!.ToJsonString()}");
            Assert.NotEqual((string)seen["incidentsOnly"]!["counts"]!, (string)seen["verifiedOnly"]!["counts"]!);
            Assert.True(((string?)seen["details"])?.StartsWith("Incidents: ", StringComparison.Ordinal) == true,
                $"details shown: {seen["details"]?.ToJsonString() ?? "none"}, after a click at {seen["clickTarget"]?.ToJsonString() ?? "nothing clickable"}");
            Assert.Contains("The assessment beside each party's claims", seen["detailTables"]!.AsArray().Select(x => (string)x!));
            // Each report says why it is there: the report that began the incident, or its share and the deciding factor.
            var why = seen["reportsTable"]!["why"]!.AsArray().Select(x => (string)x!).ToList();
            Assert.Equal("Why here", (string?)seen["reportsTable"]!["headers"]!.AsArray().Last());
            Assert.NotEmpty(why);
            Assert.All(why, w => Assert.Matches(@"^(began the incident|placed by a monitor|\d\.\d\d: .+)", w));
            Assert.Contains(why, w => w.StartsWith("began the incident", StringComparison.Ordinal) || w == "placed by a monitor");
            Assert.True((int)seen["proofLinks"]! > 0, "no entry of the incident links to its inclusion proof");
            // The nearest settlement in both sides' names, then as one side names it.
            var naming = seen["naming"]!;
            Assert.Contains(" / ", (string?)naming["neutral"] ?? "", StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty((string?)naming["az"]) || ((string)naming["az"]!).Contains(" / ", StringComparison.Ordinal), naming.ToJsonString());
            Assert.Equal($"#incidents/{((string)seen["details"]!)["Incidents: ".Length..]}", (string?)seen["sharedAddress"]!["address"]);
            Assert.Equal((string?)seen["details"], (string?)seen["sharedAddress"]!["details"]);
            Assert.Contains("(am)", (string)seen["signedIn"]!["whoami"]!, StringComparison.Ordinal);
            Assert.True(seen["axe"]!.AsArray().Count == 0, "axe-core: " + seen["axe"]!.ToJsonString());
            Assert.False((bool)seen["phoneOverflow"]!, "the page scrolls sideways at a phone's width");
            Assert.Equal("at-risk", (string?)seen["safePasted"]!["answer"]);
            Assert.True((int)seen["safePasted"]!["hits"]! >= 1, seen["safePasted"]!.ToJsonString());
            Assert.False(string.IsNullOrWhiteSpace((string?)seen["safeDrawn"]!["summary"]), seen["safeDrawn"]!.ToJsonString());
            Assert.Equal("Polygon", (string?)seen["safeParcel"]!["sent"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)seen["safeParcel"]!["summary"]), seen["safeParcel"]!.ToJsonString());
            // A report written in the form, signed in the browser, correlated into an incident that is on the map; the
            // peacekeepers' verification step on it, logged; a kind the member's roles may not submit, refused.
            var written = (string?)seen["written"];
            Assert.True(written?.StartsWith("I-", StringComparison.Ordinal) == true, "the form's report: " + seen["written"]?.ToJsonString());
            Assert.Contains($"Correlated into incident {written}", (string)seen["writtenAnswer"]!, StringComparison.Ordinal);
            Assert.True((int)seen["writtenOnMap"]! >= 1, "the written report's incident is not on the map");
            Assert.StartsWith("refused: ", (string)seen["refused"]!, StringComparison.Ordinal);
            Assert.StartsWith("#", (string)seen["verified"]!, StringComparison.Ordinal);
            using (var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) })
            {
                var incident = JsonNode.Parse(await http.GetStringAsync($"/api/incidents/{written}"))!;
                Assert.Equal("under-review", (string?)incident["incident"]!["status"]);
                var report = incident["reports"]!.AsArray().Single(r => (string?)r!["sourceId"] == "browser-form")!;
                Assert.Equal("am", (string?)report["party"]);
                Assert.Equal("mortar", (string?)report["type"]);
                // Written at 39.99° N 46.93° E for the public: signed at the nearest grid point, half a cell wide.
                Assert.Equal("public", (string?)report["visibility"]);
                Assert.Equal([46.95, 40.0], report["geometry"]!["coordinates"]!.AsArray().Select(x => (double)x!));
                Assert.True((double)report["radiusM"]! >= 2783, report.ToJsonString());
                Assert.Contains("Placed on the deployment's grid for public reports (0.05°)", (string)seen["writtenAnswer"]!, StringComparison.Ordinal);
            }
            // The daily report renders in the browser with its map and chart, passes axe, and prints to PDF.
            var sitrep = seen["report"]!;
            Assert.StartsWith("Daily situation report, ", (string?)sitrep["title"], StringComparison.Ordinal);
            Assert.Equal(2, (int)sitrep["figures"]!);
            Assert.True(sitrep["axe"]!.AsArray().Count == 0, "axe-core on the report: " + sitrep["axe"]!.ToJsonString());
            Assert.Equal("%PDF-", (string?)sitrep["pdf"]!["head"]);
            Assert.Equal("application/pdf", (string?)sitrep["pdf"]!["type"]);
            // Compliance per provision under each framework side by side (a column per framework: at least two), and the
            // movements: notices with consents, transits and activities, each with its flags.
            Assert.Equal("Compliance", (string?)seen["compliance"]!["heading"]);
            Assert.True((int)seen["compliance"]!["columns"]! >= 3, seen["compliance"]!.ToJsonString());
            Assert.Equal(["Movement notices", "Transits", "Activities"], seen["movements"]!["tables"]!.AsArray().Select(x => (string)x!));
            Assert.True((int)seen["movements"]!["rows"]! > 3, seen["movements"]!.ToJsonString());
            // The public report form: its required fields marked, a report sent without a token, no axe violation.
            var publicForm = seen["publicForm"]!;
            Assert.True((int)publicForm["required"]! >= 6, publicForm.ToJsonString());
            Assert.True(long.TryParse((string?)publicForm["sent"], out _), "the public form's report: " + publicForm.ToJsonString());
            Assert.True(publicForm["axe"]!.AsArray().Count == 0, "axe-core on the public form: " + publicForm["axe"]!.ToJsonString());
            // The written incident on a page of its own: its reports, claims and history with their proofs, as the panel
            // shows them, axe clean, with the map's address of it; compliance likewise.
            var detailPage = seen["detailPage"]!;
            Assert.Equal($"Incidents: {written}", (string?)detailPage["title"]);
            Assert.Equal($"Incidents: {written}", (string?)detailPage["heading"]);
            Assert.Contains("The assessment beside each party's claims", detailPage["tables"]!.AsArray().Select(x => (string)x!));
            Assert.True((int)detailPage["proofLinks"]! > 0, detailPage.ToJsonString());
            Assert.Equal($"/#incidents/{written}", (string?)detailPage["onMap"]);
            Assert.True(detailPage["axe"]!.AsArray().Count == 0, "axe-core on the incident's page: " + detailPage["axe"]!.ToJsonString());
            Assert.Equal("Compliance", (string?)seen["compliancePage"]!["heading"]);
            Assert.True((int)seen["compliancePage"]!["columns"]! >= 3, seen["compliancePage"]!.ToJsonString());
            // The party's own report is on its member's map, and on no one else's.
            var probe = seen["probe"]!;
            Assert.True((int)probe["am"]! == 1 && (int)probe["az"]! == 0 && (int)probe["public"]! == 0, "at the probe: " + probe.ToJsonString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    const double ProbeLat = 40.55, ProbeLon = 45.2, WrittenLat = 39.99, WrittenLon = 46.93;

    /// <summary>A corner of the demo's first open hazard the public sees: a point "Is it safe?" must call at risk.</summary>
    static JsonArray SafePoint(Deployment d)
    {
        var hazards = d.Ledger.Modules.SelectMany(m => m.Layers).First(l => l.Id == "hazards");
        var open = hazards.Query(Reader.Anonymous, new Core.Modules.LayerQuery { Limit = 1, Where = p => (string?)p["status"] == "open" }).Features[0];
        var corner = open.Geometry.GetProperty("coordinates");
        while (corner[0].ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            corner = corner[0];
        }
        return new JsonArray(corner[1].GetDouble(), corner[0].GetDouble());
    }

    static string Token(Deployment d, string party) =>
        d.ReadSecret($"{party}-admin.token") ?? throw new InvalidOperationException($"the demo has no {party}-admin token");

    /// <summary>Runs the browser script; its JSON report.</summary>
    static async Task<JsonNode> RunAsync(string url, string config)
    {
        var repo = TestStore.RepoRoot();
        var script = Path.Combine(repo, "tests", "tools", "browser", "dashboard.mjs");
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's Chromium is not installed (scripts/test installs the chromium package)");
        Assert.True(Directory.Exists(Path.Combine(repo, "tests", "tools", "node_modules", "playwright-core")),
            "playwright-core is not installed: run `npm ci --prefix tests/tools`");
        var psi = new ProcessStartInfo("node", [script, url, Path.Combine(repo, "TestResults", "browser"), config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"the browser script exited {p.ExitCode}: {await err}");
        return JsonNode.Parse(output.Trim().Split('\n')[^1])!;
    }
}
