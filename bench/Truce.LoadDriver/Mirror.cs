using System.Text.Json;
using Truce.Core.Services;
using Truce.Ledger.Verification;
using Truce.Server;
using Truce.Server.Hosting;
using Truce.Server.Mirroring;

namespace Truce.LoadDriver;

/// <summary>
/// `truce mirror --once` of a whole log from a server on loopback, against the baseline of auditing the same log over
/// the same HTTP (what `truce verify --log URL` does: every tile, every public body, every signature), measured in the
/// same run; then opening the copy for `serve --mirror` (its replay of the public's view). The log is the demo plus
/// N public notes, appended in process (untimed).
/// </summary>
static class Mirror
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 3), entries = o.Int("entries", 100_000);
        Console.WriteLine($"# mirror: a log of {entries:N0} public notes (plus the demo entries), {rounds} rounds");
        await using var w = await Workload.CreateAsync(o);
        await AppendInProcess.AppendAsync(w, w.Sign(entries, "mirror"), 256, TimeSpan.FromMinutes(10));
        await using var app = TruceServer.Build(w.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var url = app.Urls.First();
        var ledger = w.Deployment.Ledger;
        var size = ledger.Sequencer.Size;
        List<Reading> audits = [], mirrors = [], opens = [];
        for (int r = 0; r < rounds; r++)
        {
            var meter = CpuMeter.Start();
            await AuditAsync(url, ledger);
            audits.Add(meter.Stop(size));
            var dir = Path.Combine(w.Dir, $"mirror-{r}");
            meter = CpuMeter.Start();
            await MirrorRunner.RunAsync(dir, url, ledger.LogKey.ToString(), token: null, once: true, TimeSpan.FromSeconds(1), TextWriter.Null, default);
            mirrors.Add(meter.Stop(size));
            meter = CpuMeter.Start();
            await using (Deployment.OpenMirror(dir))
            {
                opens.Add(meter.Stop(size));
            }
            Console.WriteLine($"round {r + 1}: audit {audits[^1].Seconds:0.00} s, mirror {mirrors[^1].Seconds:0.00} s, open {opens[^1].Seconds:0.00} s, "
                + $"load {MachineInfo.LoadAverage()}");
            Directory.Delete(dir, recursive: true);
        }
        double Median(List<Reading> x) => Stats.Median(x.Select(v => v.Seconds));
        Console.WriteLine($"RESULT mirror audit baseline: {Stats.Summary(audits)} over {size:N0} entries");
        Console.WriteLine($"RESULT mirror copy: {Stats.Summary(mirrors)}; median {Stats.Ratio(Median(mirrors) / Median(audits))} × the audit");
        Console.WriteLine($"RESULT mirror open (serve --mirror): {Stats.Summary(opens)}; median {Stats.Ratio(Median(opens) / Median(audits))} × the audit");
        return 0;
    }

    /// <summary>The auditor's check over HTTP, bodies fetched one by one as `truce verify --log URL` does.</summary>
    static async Task AuditAsync(string url, LedgerService ledger)
    {
        using var http = new HttpClient();
        var source = new HttpTileSource(http, new Uri(url + "/log/"));
        byte[]? Body(long i)
        {
            using var resp = http.GetAsync($"{url}/api/entries/{i}").GetAwaiter().GetResult();
            if (!resp.IsSuccessStatusCode)
            {
                // Not the public's to read (the demo's mission and party entries): the auditor is owed only public bodies.
                throw new BodyUnavailableException($"entry {i}: {(int)resp.StatusCode}");
            }
            using var doc = JsonDocument.Parse(resp.Content.ReadAsStringAsync().GetAwaiter().GetResult());
            return doc.RootElement.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object
                ? System.Text.Encoding.UTF8.GetBytes(b.GetRawText()) : null;
        }
        var report = await new LogAuditor(source, ledger.LogKey, new TruceEntryChecker(ledger.Origin, Body)).AuditAsync();
        if (!report.Ok)
        {
            throw new InvalidOperationException($"the audit failed: {report.Problems[0]}");
        }
    }
}
