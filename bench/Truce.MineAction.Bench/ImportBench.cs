using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Truce.Server.Hosting;

namespace Truce.MineAction.Bench;

/// <summary>
/// `truce import` as a user runs it, timed as whole processes: a plain GIS file of N hazards (no benchmarks, another
/// system's status and device words, land released as flat properties), then a CSV of N updates closing every one,
/// into a demo deployment; in process (no server holds the folder) and through a running server (`--server`).
/// Usage: Truce.MineAction.Bench --import N [--runs R]
/// </summary>
static class ImportBench
{
    static readonly string Root = FindRoot();
    static readonly string Cli = Path.Combine(Root, "src", "Truce.Cli", "bin", "Release", "net10.0", "truce.dll");

    public static async Task RunAsync(int n, int runs)
    {
        if (!File.Exists(Cli))
        {
            throw new InvalidOperationException($"build the CLI first: {Cli} is missing");
        }
        var times = new Dictionary<string, List<double>>();
        for (int run = 0; run < runs; run++)
        {
            foreach (var server in new[] { false, true })
            {
                foreach (var (step, seconds) in await OneRunAsync(n, server))
                {
                    var key = $"{step} {(server ? "through a server" : "in process")}";
                    (times.TryGetValue(key, out var list) ? list : times[key] = []).Add(seconds);
                    Console.WriteLine(FormattableString.Invariant($"run {run + 1}: {key}: {seconds:F2} s"));
                }
            }
        }
        foreach (var (key, list) in times)
        {
            list.Sort();
            Console.WriteLine(FormattableString.Invariant($"RESULT import {n} {key}: median {list[list.Count / 2]:F2} s ({string.Join(" / ", list.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))})"));
        }
    }

    static async Task<List<(string, double)>> OneRunAsync(int n, bool server)
    {
        var dir = Directory.CreateTempSubdirectory("truce-import-bench").FullName;
        Process? serving = null;
        try
        {
            var data = Path.Combine(dir, "data");
            await using (await DemoLoader.CreateAsync(data))
            {
            }
            var hazards = Path.Combine(dir, "hazards.geojson");
            var own = Path.Combine(dir, "own.geojson");
            var updates = Path.Combine(dir, "updates.csv");
            await File.WriteAllTextAsync(hazards, HazardFile(n, plain: true));
            await File.WriteAllTextAsync(own, HazardFile(n, plain: false));
            await File.WriteAllTextAsync(updates, UpdateFile(n));
            string[] through = [];
            if (server)
            {
                var port = FreePort();
                serving = Process.Start(new ProcessStartInfo("dotnet", [Cli, "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true })!;
                await WaitReadyAsync(port);
                through = ["--server", $"http://127.0.0.1:{port}"];
            }
            // The baseline: the same hazards in Truce's own words, with surveyed benchmarks (nothing mapped or derived).
            var baseline = await TimeAsync([Cli, "import", "hazards", own, "--party", "mine-agency", "--data", data, .. through]);
            var import = await TimeAsync([Cli, "import", "hazards", hazards, "--party", "mine-agency", "--data", data,
                "--map", "STATUS=status", "--map", "AREA_CLR=released.cleared", .. through]);
            var update = await TimeAsync([Cli, "import", "hazard-updates", updates, "--party", "mine-agency", "--data", data,
                "--reason", "closed in the national database (synthetic)", .. through]);
            return [("hazards in Truce's own words (baseline)", baseline), ("hazards", import), ("hazard-updates", update)];
        }
        finally
        {
            if (serving is not null)
            {
                serving.Kill(entireProcessTree: true);
                await serving.WaitForExitAsync();
            }
            Directory.Delete(dir, true);
        }
    }

    static async Task<double> TimeAsync(string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var errors = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"truce {string.Join(' ', args.Skip(1).Take(2))} failed: {await output} {await errors}");
        }
        return seconds;
    }

    /// <summary>N hexagons of 60–300 m across, as a GIS export has them (<paramref name="plain"/>: no benchmark, its own
    /// words), or in Truce's own words with a benchmark (ids OWN-…).</summary>
    static string HazardFile(int n, bool plain)
    {
        var rng = new Random(42);
        var features = new JsonArray();
        for (int i = 0; i < n; i++)
        {
            double lat = 38.9 + rng.NextDouble() * 1.8, lon = 45.2 + rng.NextDouble() * 2.6, r = 0.0003 + rng.NextDouble() * 0.0012;
            var ring = new JsonArray();
            for (int k = 0; k <= 6; k++)
            {
                var a = k % 6 * Math.PI / 3;
                ring.Add(new JsonArray(Math.Round(lon + r * Math.Cos(a), 7), Math.Round(lat + r * Math.Sin(a) * 0.77, 7)));
            }
            var properties = plain ? new JsonObject
            {
                ["id"] = $"NAT-{i:D6}",
                ["type"] = i % 3 == 0 ? "Confirmed Hazardous Area" : "SHA",
                ["STATUS"] = i % 10 == 0 ? "Closed" : "Active",
                ["devices"] = i % 2 == 0 ? "AP mine; UXO" : "AT mines",
            } : new JsonObject
            {
                ["id"] = $"OWN-{i:D6}",
                ["type"] = i % 3 == 0 ? "CHA" : "SHA",
                ["benchmark"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(lon - 2 * r, 7), Math.Round(lat, 7)) },
                ["devices"] = i % 2 == 0 ? new JsonArray("ap-mine", "uxo") : new JsonArray("at-mine"),
            };
            properties["evidence"] = new JsonArray(new JsonObject { ["type"] = "reliable-record", ["reliability"] = "medium" });
            properties["synthetic"] = true;
            if (plain && i % 10 == 0)
            {
                properties["AREA_CLR"] = rng.Next(100, 50_000);
            }
            features.Add(new JsonObject { ["type"] = "Feature", ["properties"] = properties, ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) } });
        }
        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString();
    }

    static string UpdateFile(int n)
    {
        var csv = new StringBuilder("hazard,status\n");
        for (int i = 0; i < n; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"NAT-{i:D6},{(i % 2 == 0 ? "Cleared" : "Cancelled")}\n");
        }
        return csv.ToString();
    }

    static async Task WaitReadyAsync(int port)
    {
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the server did not come up in 60 s");
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Truce.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("run from inside the Truce repository");
    }
}
