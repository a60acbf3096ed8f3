using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Demo;
using Truce.Core.Entries;
using Truce.Ledger.Tiles;
using Truce.Server.Hosting;

namespace Truce.LoadDriver;

/// <summary>
/// A realistic mixed load on the real server as a separate process ('truce serve' over the demo data, loopback only):
/// signed writes, map and list reads, safety queries, and the log's own reads (checkpoint, tiles, proofs), paced to a
/// fixed total rate for a fixed time. Counts every error (a 5xx, an unexpected status, a failed connection), samples
/// the server's resident memory from /proc, and prints p50/p99 per request type. Exits 1 on any error or if the
/// server's memory at the end exceeds the stated bound over its memory after warm-up.
/// </summary>
static class Mixed
{
    sealed record Kind(string Name, int Weight);

    static readonly Kind[] Kinds =
    [
        new("write note", 15), new("incidents", 12), new("hazards", 10), new("safety point", 10), new("safety route", 5),
        new("entries list", 5), new("checkpoint", 10), new("hash tile", 8), new("entry bundle", 5), new("inclusion proof", 12),
        new("consistency proof", 8),
    ];

    public static async Task<int> RunAsync(Options o)
    {
        var seconds = o.Int("seconds", 20);
        var warmUp = o.Int("warm-up-seconds", Math.Max(5, seconds / 10));
        var clients = o.Int("clients", 8);
        var rate = o.Int("rate", 200);
        var ratio = double.Parse(o.Text("rss-ratio") ?? "1.25", CultureInfo.InvariantCulture);
        var slackMiB = o.Int("rss-slack-mib", 64);
        var truce = o.Text("truce") ?? Path.Combine(AppContext.BaseDirectory, "truce.dll");
        if (!File.Exists(truce))
        {
            throw new ArgumentException($"--truce: {truce} does not exist (build src/Truce.Cli)");
        }
        Console.WriteLine($"# mixed: {seconds} s at {rate} requests/s from {clients} clients after {warmUp} s of warm-up (untimed), loopback only; " +
            $"memory bound: RSS at the end <= {ratio.ToString(CultureInfo.InvariantCulture)} x RSS after warm-up + {slackMiB} MiB");

        var dir = Directory.CreateTempSubdirectory("truce-mixed-").FullName;
        var data = Path.Combine(dir, "data");
        string origin;
        Dictionary<string, (SigningKey Key, string Token)> parties;
        await using (var d = await DemoLoader.CreateAsync(data))
        {
            origin = d.Ledger.Origin;
            // Parties that hold their own keys: the public party's is the server's (the public report form signs with it).
            parties = DemoParties.All.Select(p => d.LoadKey(p.Id)).Where(k => !d.HeldByServer(k))
                .ToDictionary(k => k.Party, k => (k, d.ReadSecret($"{k.Party}-admin.token")!), StringComparer.Ordinal);
            Console.WriteLine($"# deployment: {data} (demo data, {d.Ledger.Sequencer.Size} entries)");
        }
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        using var server = Process.Start(new ProcessStartInfo("dotnet", [truce, "serve", "--data", data, "--urls", baseUri.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.WriteLine($"# server: {e.Data}");
            }
        };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = baseUri,
                Timeout = TimeSpan.FromSeconds(30),
            };
            await WaitUpAsync(http, server);
            return await LoadAsync(http, server, origin, parties, seconds, warmUp, clients, rate, ratio, slackMiB);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            if (o.Text("keep") is null)
            {
                Directory.Delete(dir, true);
            }
        }
    }

    static async Task<int> LoadAsync(HttpClient http, Process server, string origin, Dictionary<string, (SigningKey Key, string Token)> parties,
        int seconds, int warmUp, int clients, int rate, double ratio, int slackMiB)
    {
        var writers = parties.Where(p => p.Key != "mission").Select(p => p.Value).ToArray();
        var hazards = JsonDocument.Parse(await http.GetStringAsync("api/hazards?limit=500")).RootElement.GetProperty("items")
            .EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToArray();
        long size = JsonDocument.Parse(await http.GetStringAsync("healthz")).RootElement.GetProperty("size").GetInt64();
        var latencies = Kinds.ToDictionary(k => k.Name, _ => new List<double>(), StringComparer.Ordinal);
        var errors = 0;
        var firstErrors = new List<string>();
        var totalWeight = Kinds.Sum(k => k.Weight);
        var start = Stopwatch.GetTimestamp();
        var warmUpEnds = TimeSpan.FromSeconds(warmUp);
        var ends = warmUpEnds + TimeSpan.FromSeconds(seconds);
        var maxRequests = (long)(rate * (warmUp + seconds) * 1.1);
        long sent = 0;
        var rss = new List<(double At, long Bytes)>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                rss.Add((Stopwatch.GetElapsedTime(start).TotalSeconds, ResidentBytes(server.Id)));
                try
                {
                    await Task.Delay(1000, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        async Task Client(int c)
        {
            var rng = new Random(c * 7919);
            var interval = TimeSpan.FromSeconds(clients / (double)rate);
            var next = TimeSpan.FromTicks(interval.Ticks * c / clients);
            while (Interlocked.Increment(ref sent) <= maxRequests)
            {
                var now = Stopwatch.GetElapsedTime(start);
                if (now >= ends)
                {
                    return;
                }
                if (next > now)
                {
                    await Task.Delay(next - now);
                }
                next += interval;
                var pick = rng.Next(totalWeight);
                var kind = Kinds.First(k => (pick -= k.Weight) < 0).Name;
                var known = Interlocked.Read(ref size);
                var t0 = Stopwatch.GetTimestamp();
                string? problem;
                try
                {
                    problem = await SendAsync(http, kind, rng, known, origin, writers, hazards, s => InterlockedMax(ref size, s));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    problem = $"{e.GetType().Name}: {e.Message}";
                }
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (problem is not null)
                {
                    Interlocked.Increment(ref errors);
                    lock (firstErrors)
                    {
                        if (firstErrors.Count < 10)
                        {
                            firstErrors.Add($"{kind}: {problem}");
                        }
                    }
                }
                else if (Stopwatch.GetElapsedTime(start) > warmUpEnds)
                {
                    lock (latencies)
                    {
                        latencies[kind].Add(ms);
                    }
                }
            }
        }

        var progress = Task.Run(async () =>
        {
            for (var at = 60; at < warmUp + seconds; at += 60)
            {
                await Task.Delay(TimeSpan.FromSeconds(60) - (Stopwatch.GetElapsedTime(start) - TimeSpan.FromSeconds(at - 60)));
                Console.WriteLine($"# {at} s: {Interlocked.Read(ref sent):N0} requests, {errors} errors, RSS {ResidentBytes(server.Id) / 1048576.0:0} MiB, " +
                    $"log size {Interlocked.Read(ref size):N0}, load {MachineInfo.LoadAverage()}");
            }
        });
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c))));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        rss.Add((elapsed, ResidentBytes(server.Id)));

        var afterWarmUp = rss.Where(r => r.At >= warmUp).Select(r => r.Bytes).DefaultIfEmpty(rss[0].Bytes).First();
        var atEnd = rss[^1].Bytes;
        var bound = (long)(afterWarmUp * ratio) + ((long)slackMiB << 20);
        var timed = latencies.Values.Sum(l => l.Count);
        Console.WriteLine($"{"request",-18} {"count",8} {"p50",10} {"p99",10} {"max",10}");
        foreach (var k in Kinds)
        {
            var l = latencies[k.Name];
            Console.WriteLine($"{k.Name,-18} {l.Count,8:N0} {Stats.Ms(Stats.Percentile(l, 0.5)),10} {Stats.Ms(Stats.Percentile(l, 0.99)),10} {Stats.Ms(l.DefaultIfEmpty(double.NaN).Max()),10}");
        }
        foreach (var e in firstErrors)
        {
            Console.WriteLine($"! {e}");
        }
        var memoryOk = atEnd <= bound;
        Console.WriteLine($"RESULT mixed: {timed:N0} timed requests in {seconds} s ({timed / (double)seconds:N0}/s) after {warmUp} s of warm-up; {errors} errors; " +
            $"server RSS {afterWarmUp / 1048576.0:0} MiB after warm-up, {atEnd / 1048576.0:0} MiB at the end, max {rss.Max(r => r.Bytes) / 1048576.0:0} MiB " +
            $"(bound {bound / 1048576.0:0} MiB: {(memoryOk ? "ok" : "EXCEEDED")}); log size {Interlocked.Read(ref size):N0}; elapsed {elapsed:0.0} s");
        return errors == 0 && memoryOk ? 0 : 1;
    }

    /// <summary>One request; null if it was answered as it should be, else what went wrong.</summary>
    static async Task<string?> SendAsync(HttpClient http, string kind, Random rng, long size, string origin, (SigningKey Key, string Token)[] writers,
        string[] hazards, Action<long> seen)
    {
        HttpRequestMessage request;
        var expected = HttpStatusCode.OK;
        var lat = 39.6 + (rng.NextDouble() * 0.6);
        var lon = 46.4 + (rng.NextDouble() * 0.8);
        string F(double v) => v.ToString("0.00000", CultureInfo.InvariantCulture);
        switch (kind)
        {
            case "write note":
                var (key, token) = writers[rng.Next(writers.Length)];
                var (env, body) = EntryBuilder.Build(origin, EntryKinds.Note, key, new JsonObject { ["text"] = $"patrol report {rng.Next()}: quiet night (synthetic load)" },
                    DateTimeOffset.UtcNow);
                request = new HttpRequestMessage(HttpMethod.Post, "api/entries") { Content = JsonContent.Create(new { envelope = env, body }) };
                request.Headers.Authorization = new("Bearer", token);
                expected = HttpStatusCode.Created;
                break;
            case "incidents":
                request = new(HttpMethod.Get, rng.Next(2) == 0 ? "api/incidents?limit=50" : $"api/incidents?limit=50&bbox={F(lon - 0.2)},{F(lat - 0.2)},{F(lon + 0.2)},{F(lat + 0.2)}");
                break;
            case "hazards":
                request = new(HttpMethod.Get, rng.Next(3) == 0 && hazards.Length > 0 ? $"api/hazards/{hazards[rng.Next(hazards.Length)]}" : "api/hazards?limit=100");
                break;
            case "safety point":
                request = new(HttpMethod.Get, $"api/safety?lat={F(lat)}&lon={F(lon)}&buffer={rng.Next(10, 500)}");
                break;
            case "safety route":
                var route = new JsonArray(Enumerable.Range(0, 5).Select(i => (JsonNode)new JsonArray(lon + (i * 0.01), lat + (rng.NextDouble() * 0.01))).ToArray());
                request = new(HttpMethod.Post, "api/safety")
                {
                    Content = JsonContent.Create(new JsonObject { ["geometry"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = route }, ["bufferM"] = 50 }),
                };
                break;
            case "entries list":
                request = new(HttpMethod.Get, $"api/entries?after={rng.NextInt64(Math.Max(1, size - 100)) - 1}&limit=100");
                break;
            case "checkpoint":
                request = new(HttpMethod.Get, "log/checkpoint");
                break;
            case "hash tile":
            case "entry bundle":
                var level = kind == "entry bundle" ? TileId.EntriesLevel : rng.Next(3) == 0 && size >= TileLayout.Width ? 1 : 0;
                var count = level == TileId.EntriesLevel ? size : size >> (TileLayout.Height * level);
                var tile = TileLayout.AtSize(level, rng.NextInt64(Math.Max(1, (count + TileLayout.Width - 1) / TileLayout.Width)), size)!.Value;
                request = new(HttpMethod.Get, "log/" + TileLayout.Path(tile));
                break;
            case "inclusion proof":
                request = new(HttpMethod.Get, $"log/proof/inclusion?index={rng.NextInt64(size)}&size={size}");
                break;
            default:
                request = new(HttpMethod.Get, $"log/proof/consistency?from={rng.NextInt64(1, size + 1)}&to={size}");
                break;
        }
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != expected)
            {
                return $"{request.Method} {request.RequestUri} → {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}";
            }
            if (kind == "write note")
            {
                seen(JsonDocument.Parse(text).RootElement.GetProperty("checkpointSize").GetInt64());
            }
            return null;
        }
    }

    static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    static async Task WaitUpAsync(HttpClient http, Process server)
    {
        for (int i = 0; i < 600; i++)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {server.ExitCode}");
            }
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the server did not come up");
    }
}
