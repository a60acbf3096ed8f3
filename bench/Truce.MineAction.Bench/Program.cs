using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using Npgsql;
using Truce.Core.Access;
using Truce.MineAction;
using Truce.MineAction.Safety;
using Truce.Server;
using Truce.Server.Hosting;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

// "Is it safe?" against N synthetic hazard polygons spread over the 2020 ceasefire region (45.2–47.8° E, 38.9–40.7° N):
// the time to load and index them (as a replay does), then point, 100 km route and parcel queries with a 50 m buffer,
// each timed alone, in process; the same queries in the same run against PostGIS (geography, GiST index) when a
// connection string is given; and points over HTTP from the real server when --http is given.
// Usage: Truce.MineAction.Bench [--hazards N] [--postgis CONNSTR] [--http [--keep DIR]] | --open DIR | --startup DIR [--runs N] | --import N [--runs R]
var argv = args.ToList();
string? Arg(string name) => argv.IndexOf(name) is var i and >= 0 && i + 1 < argv.Count ? argv[i + 1] : null;
var n = int.Parse(Arg("--hazards") ?? "100000", CultureInfo.InvariantCulture);
var postgis = Arg("--postgis");
var http = argv.Contains("--http");
const double Buffer = 50;

// --import N [--runs R]: `truce import` of a plain GIS file of N hazards, then N updates, as whole processes (ImportBench).
if (Arg("--import") is { } importN)
{
    await Truce.MineAction.Bench.ImportBench.RunAsync(int.Parse(importN, CultureInfo.InvariantCulture), int.Parse(Arg("--runs") ?? "3", CultureInfo.InvariantCulture));
    return;
}

// --open DIR: only time opening an existing deployment (a cold start-up), e.g. under perf.
if (Arg("--open") is { } existing)
{
    var cold = Stopwatch.StartNew();
    await using var opened = Deployment.Open(existing);
    Console.WriteLine(FormattableString.Invariant($"RESULT start-up deployment-open={cold.Elapsed.TotalSeconds:F2}s hazards={opened.Ledger.Module<MineActionModule>()!.Read(Reader.Anonymous, b => b.Hazards.Count)} gc={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} pause={GC.GetTotalPauseDuration().TotalSeconds:F2}s heap={GC.GetTotalMemory(false) >> 20}MB allocated={GC.GetTotalAllocatedBytes() >> 20}MB"));
    return;
}

// --startup DIR [--runs N]: a fresh process opening DIR (made by --http --keep DIR), N times from the mine action
// module's snapshot and N times without it (deleted before each run; the run saves it again on close).
if (Arg("--startup") is { } startupDir)
{
    var runs = int.Parse(Arg("--runs") ?? "5", CultureInfo.InvariantCulture);
    (double Open, double Process) OpenInChild()
    {
        var wall = Stopwatch.StartNew();
        using var p = Process.Start(new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--open", startupDir]) { RedirectStandardOutput = true })!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var open = System.Text.RegularExpressions.Regex.Match(output, "deployment-open=([0-9.]+)s");
        return open.Success ? (double.Parse(open.Groups[1].Value, CultureInfo.InvariantCulture), wall.Elapsed.TotalSeconds)
            : throw new InvalidOperationException($"--open printed no figure: {output}");
    }
    void DropSnapshot()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(startupDir, "truce.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM v_snapshots";
        cmd.ExecuteNonQuery();
    }
    OpenInChild(); // leaves a snapshot of the whole log behind
    foreach (var (label, before) in new (string, Action)[] { ("from-snapshot", () => { }), ("without-snapshot", DropSnapshot) })
    {
        var figures = new List<(double Open, double Process)>();
        for (int i = 0; i < runs; i++)
        {
            before();
            figures.Add(OpenInChild());
        }
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT start-up {label} deployment-open median={Median(figures.Select(f => f.Open).ToList()):F2}s runs={string.Join('/', figures.Select(f => f.Open.ToString("F2", CultureInfo.InvariantCulture)))} process-wall median={Median(figures.Select(f => f.Process).ToList()):F2}s (a run without a snapshot also saves one on close)"));
    }
    return;
}

var rng = new Random(20201110);
static JsonArray C(double lat, double lon) => [Math.Round(lon, 7), Math.Round(lat, 7)];
(double Lat, double Lon) RandomPlace() => (38.9 + rng.NextDouble() * 1.8, 45.2 + rng.NextDouble() * 2.6);
JsonObject Blob(double lat, double lon, double radiusM)
{
    var k = 8 + rng.Next(7);
    var ring = new JsonArray();
    for (int i = 0; i < k; i++)
    {
        var a = 2 * Math.PI * i / k;
        var r = radiusM * (0.6 + 0.4 * rng.NextDouble()) / 1000;
        var (plat, plon) = LocalFrame.Move(lat, lon, r * Math.Sin(a), r * Math.Cos(a));
        ring.Add(C(plat, plon));
    }
    ring.Add(ring[0]!.DeepClone());
    return new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
}

// Hazards as import batches of 1,000, as a mine action authority would load them.
var batches = new List<JsonElement>();
var wkts = new List<string>(n);
var batch = new JsonArray();
for (int i = 0; i < n; i++)
{
    var (lat, lon) = RandomPlace();
    var perimeter = Blob(lat, lon, 50 * Math.Pow(8, rng.NextDouble()));
    batch.Add(new JsonObject
    {
        ["id"] = $"H{i:000000}",
        ["type"] = i % 3 == 0 ? "CHA" : "SHA",
        ["benchmark"] = new JsonObject { ["type"] = "Point", ["coordinates"] = C(lat - 0.005, lon - 0.005) },
        ["perimeter"] = perimeter,
        ["devices"] = new JsonArray("ap-mine"),
        ["evidence"] = new JsonArray(new JsonObject { ["type"] = i % 3 == 0 ? "sighting" : "hearsay", ["reliability"] = "medium" }),
        ["synthetic"] = true,
    });
    wkts.Add("POLYGON((" + string.Join(",", perimeter["coordinates"]![0]!.AsArray().Select(p => FormattableString.Invariant($"{(double)p![0]!} {(double)p[1]!}"))) + "))");
    if (batch.Count == MineActionParser.MaxImport || i == n - 1)
    {
        batches.Add(JsonSerializer.SerializeToElement(new JsonObject { ["hazards"] = batch }));
        batch = [];
    }
}

// Queries: points, 100 km routes (random walks of 1 km legs), parcels of about 30 ha.
var points = Enumerable.Range(0, 2000).Select(_ => RandomPlace()).ToList();
var factory = new GeometryFactory(new PrecisionModel(), 4326);
var routes = Enumerable.Range(0, 100).Select(_ =>
{
    var (lat, lon) = (39.2 + rng.NextDouble() * 1.2, 45.6 + rng.NextDouble() * 1.2);
    var heading = rng.NextDouble() * 2 * Math.PI;
    var cs = new List<Coordinate> { new(lon, lat) };
    for (int i = 0; i < 100; i++)
    {
        heading += (rng.NextDouble() - 0.5) * 0.6;
        (lat, lon) = LocalFrame.Move(lat, lon, Math.Sin(heading), Math.Cos(heading));
        cs.Add(new Coordinate(Math.Round(lon, 7), Math.Round(lat, 7)));
    }
    return (Geometry)factory.CreateLineString([.. cs]);
}).ToList();
var parcels = Enumerable.Range(0, 1000).Select(_ =>
{
    var (lat, lon) = RandomPlace();
    var r = new Truce.Core.Entries.BodyReader();
    return GeoJson.Read(JsonSerializer.SerializeToElement(Blob(lat, lon, 300)), "p", r.Fail)!;
}).ToList();

Console.WriteLine($"hazards {n:N0} in {batches.Count} import entries; {points.Count} points, {routes.Count} routes of {routes.Average(r => Length(r)) / 1000:F1} km, {parcels.Count} parcels; buffer {Buffer} m");

// Load and index, as the module does at start-up (parse, project, measure, index), three times for a median.
MineActionBook book = null!;
var loads = new List<double>();
for (int round = 0; round < 3; round++)
{
    book = new MineActionBook();
    var allocatedBefore = GC.GetTotalAllocatedBytes(true);
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < batches.Count; i++)
    {
        book.Apply(i, new Envelope { Log = "bench", Kind = MineActionKinds.Import, Party = "agency", Key = "k", Time = DateTimeOffset.UnixEpoch, Cid = $"c{i}", Body = "0" }, batches[i]);
    }
    loads.Add(sw.Elapsed.TotalSeconds);
    Console.WriteLine(FormattableString.Invariant($"load round {round}: {sw.Elapsed.TotalSeconds:F3}s allocated={(GC.GetTotalAllocatedBytes(true) - allocatedBefore) >> 20}MB"));
}
Console.WriteLine(FormattableString.Invariant($"RESULT load-index hazards={book.Hazards.Count} median={Median(loads):F3}s runs=[{string.Join(", ", loads.Select(l => l.ToString("F3", CultureInfo.InvariantCulture)))}] skipped={book.Skipped.Count}"));

{
    // Where load time goes: parsing the bodies alone (geometry included), without projecting or indexing.
    var env = new Envelope { Log = "bench", Kind = MineActionKinds.Import, Party = "agency", Key = "k", Time = DateTimeOffset.UnixEpoch, Cid = "c", Body = "0" };
    var before = GC.GetTotalAllocatedBytes(true);
    var sw = Stopwatch.StartNew();
    foreach (var b in batches)
    {
        MineActionParser.Import(0, env, b);
    }
    Console.WriteLine(FormattableString.Invariant($"RESULT load-parse-only {sw.Elapsed.TotalSeconds:F3}s allocated={(GC.GetTotalAllocatedBytes(true) - before) >> 20}MB"));
}

if (argv.Contains("--load-only"))
{
    return;
}

var options = new SafetyOptions(IncludeRecords: false);
var ours = new Dictionary<string, List<(double Us, HashSet<string> Ids)>>();
void Run(string kind, int rounds, Func<int, SafetyAnswer> ask, int count)
{
    var list = new List<(double, HashSet<string>)>();
    for (int i = 0; i < count; i++)
    {
        ask(i); // warm
    }
    for (int r = 0; r < rounds; r++)
    {
        for (int i = 0; i < count; i++)
        {
            var sw = Stopwatch.StartNew();
            var a = ask(i);
            var us = sw.Elapsed.TotalMicroseconds;
            if (r == rounds - 1)
            {
                list.Add((us, a.Hits.Select(h => h.Id).ToHashSet()));
            }
        }
    }
    ours[kind] = list;
    var lat = list.Select(x => x.Item1).ToList();
    Console.WriteLine(FormattableString.Invariant($"RESULT truce-{kind} median={Median(lat):F1}us p90={Pct(lat, 0.9):F1}us mean-hits={list.Average(x => x.Item2.Count):F1} qps={1e6 / lat.Average():F0}"));
}
if (argv.Contains("--routes-only"))
{
    Run("route", 30, i => SafetyQueries.Route(book, routes[i], Buffer, options), routes.Count);
    return;
}
Run("point", 5, i => SafetyQueries.Point(book, points[i].Lat, points[i].Lon, Buffer, options), points.Count);
Run("route", 3, i => SafetyQueries.Route(book, routes[i], Buffer, options), routes.Count);
Run("parcel", 3, i => SafetyQueries.Parcel(book, parcels[i], Buffer, options), parcels.Count);

if (postgis is not null)
{
    await using var db = NpgsqlDataSource.Create(postgis);
    await using var conn = await db.OpenConnectionAsync();
    async Task Exec(string sql)
    {
        await using var c = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        await c.ExecuteNonQueryAsync();
    }
    await Exec("DROP TABLE IF EXISTS bench_hazards; CREATE TABLE bench_hazards (id text PRIMARY KEY, g geography(Polygon, 4326) NOT NULL)");
    var sw = Stopwatch.StartNew();
    await using (var w = await conn.BeginTextImportAsync("COPY bench_hazards (id, g) FROM STDIN"))
    {
        for (int i = 0; i < wkts.Count; i++)
        {
            await w.WriteAsync($"H{i:000000}\tSRID=4326;{wkts[i]}\n");
        }
    }
    var copy = sw.Elapsed.TotalSeconds;
    await Exec("CREATE INDEX ON bench_hazards USING gist (g); ANALYZE bench_hazards");
    Console.WriteLine(FormattableString.Invariant($"RESULT postgis-load copy={copy:F2}s copy+index={sw.Elapsed.TotalSeconds:F2}s"));
    async Task Pg(string kind, string sql, Func<int, object[]> args, int count, int rounds)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in args(0))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        await cmd.PrepareAsync();
        var lat = new List<double>();
        var mismatches = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < count; i++)
            {
                var a = args(i);
                for (int j = 0; j < a.Length; j++)
                {
                    cmd.Parameters[j].Value = a[j];
                }
                var ids = new Dictionary<string, double>();
                var s = Stopwatch.StartNew();
                await using (var rd = await cmd.ExecuteReaderAsync())
                {
                    while (await rd.ReadAsync())
                    {
                        ids[rd.GetString(0)] = rd.GetDouble(1);
                    }
                }
                if (r == rounds - 1)
                {
                    lat.Add(s.Elapsed.TotalMicroseconds);
                    // Same answer? Ignore hazards within a millimetre of the buffer's edge, where either answer is right.
                    var mine = ours[kind][i].Ids;
                    if (!mine.SetEquals(ids.Keys) && mine.Concat(ids.Keys).Distinct().Any(id => !(mine.Contains(id) && ids.ContainsKey(id)) && Math.Abs(ids.GetValueOrDefault(id, Buffer) - Buffer) > 0.001))
                    {
                        mismatches++;
                    }
                }
            }
        }
        var mineMedian = Median(ours[kind].Select(x => x.Us).ToList());
        Console.WriteLine(FormattableString.Invariant($"RESULT postgis-{kind} median={Median(lat):F1}us p90={Pct(lat, 0.9):F1}us qps={1e6 / lat.Average():F0} truce-speedup-median={Median(lat) / mineMedian:F1}x truce-speedup-throughput={lat.Average() / ours[kind].Average(x => x.Us):F1}x different-answers={mismatches}/{count}"));
    }
    var wkt = new NetTopologySuite.IO.WKTWriter();
    await Pg("point", "SELECT id, ST_Distance(g, q) FROM bench_hazards, (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS q) s WHERE ST_DWithin(g, q, $3)",
        i => [points[i].Lon, points[i].Lat, Buffer], points.Count, 3);
    await Pg("route", "SELECT id, ST_Distance(g, q) FROM bench_hazards, (SELECT ST_GeogFromText($1) AS q) s WHERE ST_DWithin(g, q, $2)",
        i => [wkt.Write(routes[i]), Buffer], routes.Count, 1);
    await Pg("parcel", "SELECT id, ST_Distance(g, q), CASE WHEN ST_Intersects(g, q) THEN ST_Area(ST_Intersection(g, q)) END FROM bench_hazards, (SELECT ST_GeogFromText($1) AS q) s WHERE ST_DWithin(g, q, $2)",
        i => [wkt.Write(parcels[i]), Buffer], parcels.Count, 2);
    await Exec("DROP TABLE bench_hazards");
}

if (http)
{
    var keep = Arg("--keep");
    var dir = keep ?? Directory.CreateTempSubdirectory("truce-mine-bench").FullName;
    try
    {
        await using (await DemoLoader.CreateAsync(dir))
        {
        }
        var demoOpen = Stopwatch.StartNew();
        await using (Deployment.Open(dir))
        {
            Console.WriteLine(FormattableString.Invariant($"RESULT start-up demo-only deployment-open={demoOpen.Elapsed.TotalSeconds:F2}s (the baseline: the demo log without the imported hazards)"));
        }
        await using (var d = Deployment.Open(dir))
        {
            var sw = Stopwatch.StartNew();
            foreach (var b in batches)
            {
                await d.SubmitAsAsync("mine-agency", MineActionKinds.Import, JsonNode.Parse(b.GetRawText())!, DateTimeOffset.UtcNow);
            }
            Console.WriteLine(FormattableString.Invariant($"RESULT http-setup imported={n} in {sw.Elapsed.TotalSeconds:F1}s (signed import entries through admission)"));
        }
        var open = Stopwatch.StartNew();
        await using var dep = Deployment.Open(dir);
        Console.WriteLine(FormattableString.Invariant($"RESULT start-up deployment-open={open.Elapsed.TotalSeconds:F2}s hazards={dep.Ledger.Module<MineActionModule>()!.Read(Reader.Anonymous, b => b.Hazards.Count)} (replay of the whole demo log plus {batches.Count} import entries)"));
        await using var app = TruceServer.Build(dep, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        string Url(int i) => FormattableString.Invariant($"api/safety?lat={points[i].Lat}&lon={points[i].Lon}&buffer={Buffer}");
        for (int i = 0; i < 500; i++)
        {
            await client.GetStringAsync(Url(i));
        }
        var lat = new List<double>();
        for (int i = 0; i < points.Count; i++)
        {
            var s = Stopwatch.StartNew();
            await client.GetStringAsync(Url(i));
            lat.Add(s.Elapsed.TotalMicroseconds);
        }
        Console.WriteLine(FormattableString.Invariant($"RESULT http-point p50={Median(lat) / 1000:F3}ms p90={Pct(lat, 0.9) / 1000:F3}ms p99={Pct(lat, 0.99) / 1000:F3}ms (one client, sequential)"));
        await app.StopAsync();
    }
    finally
    {
        if (keep is null)
        {
            Directory.Delete(dir, true);
        }
    }
}

static double Median(List<double> xs) => Pct(xs, 0.5);

static double Pct(List<double> xs, double p)
{
    var s = xs.Order().ToList();
    return s[Math.Min(s.Count - 1, (int)(p * s.Count))];
}

static double Length(Geometry line)
{
    var c = line.Coordinates;
    return Enumerable.Range(0, c.Length - 1).Sum(i => LocalFrame.DistanceKm(c[i].Y, c[i].X, c[i + 1].Y, c[i + 1].X) * 1000);
}
