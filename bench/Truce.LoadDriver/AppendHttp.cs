using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
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
        Console.WriteLine($"# append-http: {rounds} rounds of {perRound:N0} requests, {clients} clients, loopback only" +
            (o.Compare ? ", each round on SQLite, then on PostgreSQL (a server each)" : ""));
        await using var stores = await Stores.CreateAsync(o);
        var servers = new List<Loopback>();
        try
        {
            foreach (var w in stores.All)
            {
                servers.Add(await Loopback.StartAsync(w, clients));
            }
            var warm = stores.All[0].Sign(o.Int("warm-up", 10_000), "warm-up");
            var all = stores.All[0].Sign(rounds * perRound, "http");
            foreach (var server in servers)
            {
                await RoundAsync(server, warm, clients, o.RoundLimit);
            }
            for (int r = 0; r < rounds; r++)
            {
                var slice = all.Skip(r * perRound).Take(perRound).ToList();
                var parts = new List<string>();
                foreach (var server in servers)
                {
                    var before = Written.Now(server.Workload);
                    var (rate, ms) = await RoundAsync(server, slice, clients, o.RoundLimit);
                    server.Add(rate, ms, (Written.Now(server.Workload) - before).Per(rate.Items));
                    parts.Add($"{stores.Label(server.Workload)}{rate}, p50 {Stats.Ms(server.P50s[^1])}, p99 {Stats.Ms(server.P99s[^1])}, " +
                        $"max {Stats.Ms(ms.Max())}, {server.Written[^1]}");
                }
                Console.WriteLine($"round {r + 1}: {string.Join("; ", parts)}{stores.RoundRatio(servers.Select(s => s.Rates).ToList(), r)}, " +
                    $"load {MachineInfo.LoadAverage()}");
            }
            foreach (var s in servers)
            {
                Console.WriteLine($"{stores.Result("append-http", s.Workload)} {Stats.Summary(s.Rates)} (client and server); " +
                    $"p50 {Stats.Ms(Stats.Median(s.P50s))}, p99 {Stats.Ms(Stats.Median(s.P99s))} (medians over rounds); " +
                    $"pooled p99 {Stats.Ms(Stats.Percentile(s.Latencies, 0.99))} over {s.Latencies.Count:N0} requests; median {Written.Median(s.Written)}; " +
                    $"log size {s.Workload.Deployment.Ledger.Sequencer.Size:N0}");
            }
            stores.PrintRatios("append-http", servers.Select(s => s.Rates).ToList());
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
        return 0;
    }

    static async Task<(Reading Reading, List<double> LatenciesMs)> RoundAsync(Loopback server, IReadOnlyList<SignedEntry> entries, int clients, TimeSpan limit)
    {
        var (http, tokens) = (server.Http, server.Tokens);
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

/// <summary>The real server over one deployment on a loopback port in this process, and the client that loads it.</summary>
sealed class Loopback : IAsyncDisposable
{
    readonly WebApplication _app;

    Loopback(Workload workload, WebApplication app, HttpClient http)
    {
        Workload = workload;
        _app = app;
        Http = http;
        Tokens = workload.Keys.ToDictionary(k => k.Party, k => workload.Deployment.ReadSecret($"{k.Party}-admin.token")!, StringComparer.Ordinal);
    }

    public Workload Workload { get; }
    public HttpClient Http { get; }

    /// <summary>Each party's admin API token, which its entries are POSTed with.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    // The figures of every timed round on this server.
    public List<Reading> Rates { get; } = [];
    public List<Written> Written { get; } = [];
    public List<double> P50s { get; } = [];
    public List<double> P99s { get; } = [];
    public List<double> Latencies { get; } = [];

    public void Add(Reading rate, List<double> ms, Written written)
    {
        Rates.Add(rate);
        Written.Add(written);
        P50s.Add(Stats.Percentile(ms, 0.50));
        P99s.Add(Stats.Percentile(ms, 0.99));
        Latencies.AddRange(ms);
    }

    public static async Task<Loopback> StartAsync(Workload w, int clients)
    {
        var app = TruceServer.Build(w.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var baseUri = new Uri(app.Urls.First() + "/");
        if (!IPAddress.IsLoopback(IPAddress.Parse(baseUri.Host)))
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"refusing to load a non-loopback address {baseUri}");
        }
        Console.WriteLine($"# server: {baseUri} over {w.Deployment.Store.Location}");
        return new Loopback(w, app, new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseUri,
        });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
