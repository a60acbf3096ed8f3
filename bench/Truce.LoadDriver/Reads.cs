using System.Diagnostics;
using Truce.Server;

namespace Truce.LoadDriver;

/// <summary>
/// Reads over HTTP on each store (`--compare --store`: the same demo log, and the same N appended notes, in SQLite and
/// in PostgreSQL), one client, a loopback server in this process: incidents, a safety question, hazards, the entry list
/// and the change feed, each asked in turn on SQLite then on PostgreSQL; median and p99 latency of each, and the
/// PostgreSQL/SQLite ratio of the medians. Module reads answer from memory on both; the entry list and the feed's
/// checkpoint read the store.
/// </summary>
static class Reads
{
    static readonly (string Name, string Path)[] Requests =
    [
        ("incidents", "api/incidents?limit=100"),
        ("safety point", "api/safety?lat=39.82&lon=46.75&buffer=200"),
        ("hazards", "api/hazards?limit=100"),
        ("entries list", "api/entries?limit=100"),
        ("entries list, late", "api/entries?after=LATE&limit=100"),
        ("change feed", "api/changes?after=LATE&limit=100"),
    ];

    public static async Task<int> RunAsync(Options o)
    {
        int count = o.Int("requests", 2000), entries = o.Int("entries", 100_000);
        Console.WriteLine($"# reads: {count:N0} of each request, one client, after {entries:N0} notes");
        await using var stores = await Stores.CreateAsync(o);
        var signed = stores.All[0].Sign(entries, "reads");
        var servers = new List<(Workload W, HttpClient Http, Microsoft.AspNetCore.Builder.WebApplication App)>();
        foreach (var w in stores.All)
        {
            await AppendInProcess.AppendAsync(w, signed, 256, TimeSpan.FromDays(1));
            var app = TruceServer.Build(w.Deployment, "http://127.0.0.1:0", quiet: true);
            await app.StartAsync();
            servers.Add((w, new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") }, app));
        }
        var late = (stores.All[0].Deployment.Ledger.Sequencer.Size - 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, template) in Requests)
        {
            var path = template.Replace("LATE", late, StringComparison.Ordinal);
            var medians = new List<double>();
            foreach (var (w, http, _) in servers)
            {
                var times = new List<double>(count);
                for (int i = 0; i < count + (count / 10); i++)
                {
                    var sw = Stopwatch.StartNew();
                    using var r = await http.GetAsync(path);
                    r.EnsureSuccessStatusCode();
                    await r.Content.ReadAsByteArrayAsync();
                    if (i >= count / 10)
                    {
                        times.Add(sw.Elapsed.TotalMilliseconds); // the first tenth warms up, untimed
                    }
                }
                medians.Add(Stats.Median(times));
                Console.WriteLine($"RESULT reads {w.Store} {name}: median {Stats.Ms(Stats.Median(times))}, p99 {Stats.Ms(Stats.Percentile(times, 0.99))}");
            }
            if (medians.Count == 2)
            {
                Console.WriteLine($"RESULT reads postgres/sqlite {name}: {Stats.Ratio(medians[1] / medians[0])}");
            }
        }
        foreach (var (_, http, app) in servers)
        {
            http.Dispose();
            await app.DisposeAsync();
        }
        return 0;
    }
}
