using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Truce.Server;

namespace Truce.LoadDriver;

/// <summary>
/// The same appends over HTTP: the real server (TruceServer.Build) on a loopback port in this process, and
/// concurrent clients each POSTing pre-signed entries to /api/entries, one request at a time, with their
/// party's API token. Client and server share the machine's cores.
/// </summary>
static class AppendHttp
{
    public static async Task<int> RunAsync(Options o)
    {
        int rounds = o.Int("rounds", 5), perRound = o.Int("entries", 20_000), clients = o.Int("clients", 64);
        Console.WriteLine($"# append-http: {rounds} rounds of {perRound:N0} requests, {clients} clients, loopback only");
        await using var w = await Workload.CreateAsync(o);
        await using var app = TruceServer.Build(w.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var baseUri = new Uri(app.Urls.First() + "/");
        if (!IPAddress.IsLoopback(IPAddress.Parse(baseUri.Host)))
        {
            throw new InvalidOperationException($"refusing to load a non-loopback address {baseUri}");
        }
        Console.WriteLine($"# server: {baseUri}");
        var tokens = w.Keys.ToDictionary(k => k.Party, k => w.Deployment.ReadSecret($"{k.Party}-admin.token")!, StringComparer.Ordinal);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseUri,
        };
        var warm = w.Sign(o.Int("warm-up", 10_000), "warm-up");
        var all = w.Sign(rounds * perRound, "http");
        await RoundAsync(http, tokens, warm, clients, o.RoundLimit);
        List<Reading> rates = [];
        List<double> p50s = [], p99s = [], latencies = [];
        for (int r = 0; r < rounds; r++)
        {
            var slice = all.Skip(r * perRound).Take(perRound).ToList();
            var (rate, ms) = await RoundAsync(http, tokens, slice, clients, o.RoundLimit);
            rates.Add(rate);
            p50s.Add(Stats.Percentile(ms, 0.50));
            p99s.Add(Stats.Percentile(ms, 0.99));
            latencies.AddRange(ms);
            Console.WriteLine($"round {r + 1}: {rate}, p50 {Stats.Ms(p50s[^1])}, p99 {Stats.Ms(p99s[^1])}, " +
                $"max {Stats.Ms(ms.Max())}, load {MachineInfo.LoadAverage()}");
        }
        Console.WriteLine($"RESULT append-http: {Stats.Summary(rates)} (client and server); " +
            $"p50 {Stats.Ms(Stats.Median(p50s))}, p99 {Stats.Ms(Stats.Median(p99s))} (medians over rounds); " +
            $"pooled p99 {Stats.Ms(Stats.Percentile(latencies, 0.99))} over {latencies.Count:N0} requests; log size {w.Deployment.Ledger.Sequencer.Size:N0}");
        await app.StopAsync();
        return 0;
    }

    static async Task<(Reading Reading, List<double> LatenciesMs)> RoundAsync(HttpClient http, IReadOnlyDictionary<string, string> tokens,
        IReadOnlyList<SignedEntry> entries, int clients, TimeSpan limit)
    {
        var ms = new double[entries.Count];
        int next = -1, failed = 0;
        string? firstFailure = null;
        using var cts = new CancellationTokenSource(limit);
        var meter = CpuMeter.Start();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < entries.Count && !cts.IsCancellationRequested)
            {
                var e = entries[i];
                using var req = new HttpRequestMessage(HttpMethod.Post, "api/entries") { Content = new ByteArrayContent(e.HttpBody) };
                req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[e.Party]);
                var start = Stopwatch.GetTimestamp();
                using var res = await http.SendAsync(req, cts.Token);
                if (res.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failed);
                    firstFailure ??= $"{(int)res.StatusCode}: {await res.Content.ReadAsStringAsync()}";
                    continue;
                }
                await res.Content.LoadIntoBufferAsync();
                ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })).ToArray();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"! round cut short at {limit.TotalSeconds} s");
        }
        var done = ms.Where(m => m > 0).ToList();
        var reading = meter.Stop(done.Count);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} requests were not answered 201; the first: {firstFailure}");
        }
        return (reading, done);
    }
}
