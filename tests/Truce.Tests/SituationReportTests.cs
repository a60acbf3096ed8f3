using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// Situation reports on the real server over the demo, with reports of a day of their own (2021-03-01, far from the
/// demo's): the counts against the previous day, as each reader may see them; the weekly report; the PDF printed by
/// Debian's Chromium; bad dates and hours refused by name; and <c>truce report</c> as a process, whose file is the
/// server's page byte for byte and whose <c>--publish</c> logs the file's digest, by a mission party only.
/// </summary>
[Collection("processes")]
public sealed class SituationReportTests
{
    static JsonObject Report(string type, double lat, double lon, string start) => new()
    {
        ["category"] = "ceasefire-violation",
        ["type"] = type,
        ["time"] = new JsonObject { ["start"] = start },
        ["location"] = new JsonObject
        {
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
            ["precision"] = "exact",
        },
        ["source"] = new JsonObject { ["kind"] = "patrol", ["id"] = "report-test" },
        ["synthetic"] = true,
    };

    [Fact]
    public async Task Reports_count_against_the_previous_period_as_each_reader_sees_print_and_publish()
    {
        var root = Directory.CreateTempSubdirectory("truce-sitrep").FullName;
        var data = Path.Combine(root, "data");
        try
        {
            await using var d = await DemoLoader.CreateAsync(data);
            var now = DateTimeOffset.UtcNow;
            // 1 March: two public incidents 40 km apart and one only am (and the mission) may see; 28 February: one.
            await d.SubmitAsAsync("pk", "report", Report("mortar", 40.10, 46.50, "2021-03-01T08:00:00Z"), now);
            await d.SubmitAsAsync("pk", "report", Report("small-arms", 39.75, 46.75, "2021-03-01T20:00:00Z"), now);
            await d.SubmitAsAsync("am", "report", Report("sniper", 40.40, 45.40, "2021-03-01T12:00:00Z"), now, Visibility.Party);
            await d.SubmitAsAsync("pk", "report", Report("mortar", 39.90, 46.20, "2021-02-28T09:00:00Z"), now);
            await using var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
            await app.StartAsync();
            var url = app.Urls.First();
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using var am = new HttpClient { BaseAddress = new Uri(url) };
            am.DefaultRequestHeaders.Authorization = new("Bearer", d.ReadSecret("am-admin.token"));

            var daily = await http.GetStringAsync("/reports/daily?date=2021-03-01");
            Assert.Contains("Daily situation report, 2021-03-01 00:00 to 2021-03-02 00:00 UTC", daily, StringComparison.Ordinal);
            Assert.Contains("2 incidents in this period, 1 in the previous one (&#x2B;1)", daily.Replace("+", "&#x2B;", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("<td>mortar</td><td class=\"n\">1</td><td class=\"n\">1</td>", daily, StringComparison.Ordinal);
            Assert.DoesNotContain("sniper", daily, StringComparison.Ordinal);
            Assert.Contains("<svg", daily, StringComparison.Ordinal);
            Assert.Contains("SYNTHETIC", daily, StringComparison.OrdinalIgnoreCase);
            var theirs = await am.GetStringAsync("/reports/daily?date=2021-03-01");
            Assert.Contains("3 incidents in this period, 1 in the previous one", theirs.Replace("&#x2B;", "+", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("<td>sniper</td>", theirs, StringComparison.Ordinal);
            // The week from 26 February holds all four public-or-not incidents the public may see: three.
            var weekly = await http.GetStringAsync("/reports/weekly?date=2021-02-26");
            Assert.Contains("3 incidents in this period, 0 in the previous one", weekly.Replace("&#x2B;", "+", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("Restrictions of movement", weekly, StringComparison.Ordinal);
            Assert.Contains("Compliance", weekly, StringComparison.Ordinal);

            foreach (var (bad, field) in new[] { ("/reports/daily?date=2021-02-30", "date"), ("/reports/daily?date=2021-03-01&hour=24", "hour"),
                ("/reports/weekly?date=March", "date") })
            {
                using var r = await http.GetAsync(bad);
                Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
                Assert.Equal(field, (string?)JsonNode.Parse(await r.Content.ReadAsStringAsync())!["field"]);
            }
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/reports/monthly")).StatusCode);

            using (var pdf = await http.GetAsync("/reports/daily.pdf?date=2021-03-01"))
            {
                Assert.True(pdf.IsSuccessStatusCode, await pdf.Content.ReadAsStringAsync());
                Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
                var bytes = await pdf.Content.ReadAsByteArrayAsync();
                Assert.True(bytes.Length > 1000 && bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8), $"not a PDF: {bytes.Length} bytes");
            }

            // The CLI through the server: the same bytes as the page, then logged as published with their digest.
            using var page = await http.GetAsync("/reports/daily?date=2021-03-01");
            var served = await page.Content.ReadAsByteArrayAsync();
            var size = long.Parse(page.Headers.GetValues("Truce-Log-Size").Single(), System.Globalization.CultureInfo.InvariantCulture);
            var file = Path.Combine(root, "daily.html");
            var made = await CliProcess.RunAsync("report", "daily", "--data", data, "--date", "2021-03-01", "--out", file, "--server", url, "--publish", "pk");
            Assert.True(made.Code == 0, made.Err);
            Assert.Equal(served, await File.ReadAllBytesAsync(file));
            var published = JsonNode.Parse(await http.GetStringAsync("/api/entries?kind=report.publish&limit=10"))!["items"]!.AsArray().Single()!;
            var body = JsonNode.Parse(await http.GetStringAsync($"/api/entries/{(long)published["index"]!}"))!["body"]!;
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(served)), (string?)body["sha256"]);
            Assert.Equal(size, (long)body["logSize"]!);
            Assert.Equal("2021-03-01T00:00:00Z", (string?)body["start"]);
            Assert.Contains($"published as entry {(long)published["index"]!}", made.Out, StringComparison.Ordinal);
            // The ledger page lists it, with its digest.
            Assert.Contains($"<code>{(string?)body["sha256"]}</code>", await http.GetStringAsync("/ledger"), StringComparison.Ordinal);

            var refused = await CliProcess.RunAsync("report", "daily", "--data", data, "--date", "2021-03-01", "--out", file, "--server", url, "--publish", "az");
            Assert.Equal(1, refused.Code);
            Assert.Contains("403", refused.Err, StringComparison.Ordinal);
            // Even with a role that may publish, only a mission party may.
            var byParty = await Assert.ThrowsAsync<Core.Entries.RefusedException>(() => d.SubmitAsAsync("az", "report.publish", (JsonObject)body.DeepClone(), DateTimeOffset.UtcNow));
            Assert.Equal("only a mission party may submit report.publish", byParty.Message);
            var badDate = await CliProcess.RunAsync("report", "weekly", "--data", data, "--date", "1 March", "--out", file);
            Assert.Equal((1, "truce weekly: --date: must be a date as YYYY-MM-DD"), (badDate.Code, badDate.Err.Trim()));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
