using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Ledger.Entries;
using Truce.Server;

namespace Truce.LoadDriver;

/// <summary>
/// The dashboard's map at N incidents, in a real browser: a demo deployment (SQLite) given N signed public reports,
/// spread over the ceasefire zone and three years and put through correlation as they are appended (untimed), then
/// served on loopback. Debian's Chromium (tests/tools/browser/map-bench.mjs, playwright-core) loads the dashboard
/// ROUNDS times: the first render (navigation to every layer drawn) and a filtered view (a type chosen to every layer
/// redrawn), medians. The same requests over HTTP alone (`/api/map/incidents` at the first view, and filtered) give
/// the server's share.
/// </summary>
static class MapBench
{
    static readonly string[] Types = ["mortar", "artillery", "small-arms", "heavy-machine-gun"];
    static readonly string[] Parties = ["jmc", "pk"];

    public static async Task<int> RunAsync(Options o)
    {
        int incidents = o.Int("incidents", 1_000_000), rounds = o.Int("rounds", 5);
        Console.WriteLine($"# map: the dashboard in Chromium after {incidents:N0} reports, {rounds} rounds");
        await using var w = await Workload.CreateAsync(o);
        var start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var signed = w.Sign(incidents, "map", i =>
        {
            var rng = new Random(i);
            var t = start + TimeSpan.FromMinutes(rng.NextDouble() * 3 * 365 * 24 * 60);
            return ("report", new JsonObject
            {
                ["category"] = "ceasefire-violation",
                ["type"] = Types[rng.Next(Types.Length)],
                ["time"] = new JsonObject { ["start"] = Envelope.FormatTime(t), ["end"] = Envelope.FormatTime(t.AddMinutes(3)) },
                ["location"] = new JsonObject
                {
                    ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(45.6 + (2.0 * rng.NextDouble()), 5), Math.Round(39.2 + (1.3 * rng.NextDouble()), 5)) },
                    ["precision"] = "exact",
                },
                ["source"] = new JsonObject { ["kind"] = "fixed-camera", ["id"] = $"cam-{i}" },
                ["synthetic"] = true,
            }, Parties[i % Parties.Length]);
        });
        var clock = Stopwatch.StartNew();
        await AppendInProcess.AppendAsync(w, signed, 256, TimeSpan.FromHours(2));
        Console.WriteLine($"# appended {signed.Count:N0} reports in {clock.Elapsed.TotalSeconds:0} s (untimed); log size {w.Deployment.Ledger.Sequencer.Size:N0}");
        signed = [];
        GC.Collect();

        await using var app = TruceServer.Build(w.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var url = app.Urls.First();
        using var http = new HttpClient { BaseAddress = new Uri(url + "/") };
        Console.WriteLine($"# incidents: {(await http.GetStringAsync("ogc/collections/incidents/items?limit=1")).Split("\"numberMatched\":")[1].Split(',')[0]}");
        foreach (var (name, path) in new[]
        {
            ("first view", "api/map/incidents?zoom=9&bbox=44.9,38.9,48.6,40.8"),
            ("filtered view", "api/map/incidents?zoom=9&bbox=44.9,38.9,48.6,40.8&type=mortar"),
        })
        {
            var times = new List<double>();
            for (var i = 0; i < rounds * 2; i++)
            {
                var sw = Stopwatch.StartNew();
                var body = await http.GetStringAsync(path);
                times.Add(sw.Elapsed.TotalMilliseconds);
                if (i == 0)
                {
                    Console.WriteLine($"# {name}: {body.Length / 1024.0:0} KiB");
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT map http {name}: median {Stats.Median(times):0.0} ms"));
        }

        var script = Path.Combine(Repo(), "tests", "tools", "browser", "map-bench.mjs");
        var psi = new ProcessStartInfo("node", [script, url + "/", rounds.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            Console.Error.WriteLine($"the browser script exited {p.ExitCode}");
            return 1;
        }
        var seen = JsonNode.Parse(output.Trim().Split('\n')[^1])!;
        foreach (var name in new[] { "firstRender", "filtered" })
        {
            var times = seen[name]!.AsArray().Select(x => (double)x!).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT map browser {name}: median {Stats.Median(times):0} ms (rounds: {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))})"));
        }
        return 0;
    }

    static string Repo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Truce.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Truce.sln) is not above the driver");
    }
}
