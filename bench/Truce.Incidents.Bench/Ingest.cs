using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Incidents.Synthetic;
using Truce.Server.Hosting;

namespace Truce.Incidents.Bench;

/// <summary>
/// Report ingest with correlation on: N signed reports submitted by 64 concurrent callers to the ledger service of a
/// real deployment (SQLite file, group commit, signature checks), against N signed notes (no correlation) in the same
/// run as the baseline. Signing happens before the clock starts.
/// </summary>
static class Ingest
{
    public static async Task<int> RunAsync(int n)
    {
        var dir = Directory.CreateTempSubdirectory("truce-ingest").FullName;
        try
        {
            await using var d = await DemoLoader.CreateAsync(dir);
            var key = d.LoadKey("jmc");
            var caller = d.SystemCaller("jmc");
            var now = DateTimeOffset.UtcNow;
            var reports = new ScenarioGenerator(NoiseProfile.Dense with { EventsPerDay = 2000 }, 5)
                .Generate(now.AddDays(-40), TimeSpan.FromDays(30)).Take(n)
                .Select(r => EntryBuilder.Build(d.Ledger.Origin, IncidentKinds.Report, key, r.Body, now)).ToList();
            var notes = Enumerable.Range(0, reports.Count)
                .Select(i => EntryBuilder.Build(d.Ledger.Origin, "note", key, new JsonObject { ["text"] = $"bench note {i}" }, now)).ToList();
            var noteRate = await TimeAsync(d, notes, caller);
            var reportRate = await TimeAsync(d, reports, caller);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingest of {reports.Count:N0} signed entries, 64 concurrent callers: notes {noteRate:N0}/s (baseline), reports with correlation {reportRate:N0}/s, ratio {reportRate / noteRate:0.00}"));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    static async Task<double> TimeAsync(Deployment d, List<(JsonElement Envelope, JsonElement Body)> entries, Truce.Core.Services.Caller caller)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < entries.Count)
            {
                await d.Ledger.SubmitAsync(entries[i].Envelope, entries[i].Body, caller).ConfigureAwait(false);
            }
        })));
        return entries.Count / clock.Elapsed.TotalSeconds;
    }
}
