using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Demo;
using Truce.Core.Parties;
using Truce.Core.Views;
using Truce.Ledger.Entries;
using Truce.Mandate;
using Truce.Mandate.Compliance;

// Compliance evaluation throughput: N transits and activities (half each, with their notices and consents) applied
// to a mandate book holding the 2020 statement, two drafts, a corridor and checkpoints: parse, evaluate against
// every framework, raise flags. Each entry's admission check plus apply is also timed alone: the latency the
// engine adds to a write on the sequencer's thread. Bodies are kept as UTF-8 and parsed just before their entry, untimed,
// then dropped, as the server's projector does: keeping a million parsed documents alive would make the collector, not
// the engine, the thing measured. Usage: Truce.Mandate.Bench [N] (default 1,000,000).
var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var registry = new Registry();
foreach (var (id, kind) in new[] { ("mission", "mission"), ("pk", "peacekeeping-force"), ("az", "conflict-party"), ("am", "conflict-party") })
{
    registry.Apply(0, Env("party.register", "mission", 0), JsonSerializer.SerializeToElement(new JsonObject { ["id"] = id, ["kind"] = kind, ["names"] = new JsonObject { ["en"] = id }, ["keys"] = new JsonArray() }));
}
var entries = new List<(Envelope Env, byte[] Body)>
{
    (Env("agreement", "mission", 1), Json(Statement2020.Body())),
    (Env("agreement.draft", "az", 2), Json(JsonNode.Parse("""{"id":"draft-az","title":"d","provisions":[{"number":"A1","text":"t","actors":["pk"],"rules":[{"type":"consent","categories":["official","military"],"corridor":"lachin","consentBy":["az"]},{"type":"permits","activities":["patrol","escort","construction"],"corridor":"lachin"}]}]}""")!)),
    (Env("agreement.draft", "am", 3), Json(JsonNode.Parse("""{"id":"draft-am","title":"d","provisions":[{"number":"B1","text":"t","actors":["pk"],"rules":[{"type":"permits","activities":["construction","reconstruction"]}]}]}""")!)),
    (Env("corridor", "mission", 4), Json(JsonNode.Parse("""{"id":"lachin","route":{"type":"LineString","coordinates":[[46.7528,39.8177],[46.7499,39.7601],[46.5498,39.6374],[46.5433,39.5897],[46.5305,39.5476]]},"widthKm":5,"validFrom":"2020-11-12T00:00:00Z"}""")!)),
    (Env("checkpoint", "mission", 5), Json(JsonNode.Parse("""{"id":"cp","name":"cp","corridor":"lachin","position":{"type":"Point","coordinates":[46.5498,39.6374]}}""")!)),
};
var rng = new Random(1);
var start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
var measured = 0;
while (measured < n)
{
    var t = start.AddMinutes(entries.Count);
    var i = entries.Count;
    if (measured % 2 == 0)
    {
        var cat = rng.Next(4) switch { 0 => "official", 1 => "military", _ => "civilian" };
        var withNotice = rng.NextDouble() < 0.8;
        if (withNotice)
        {
            entries.Add((Env("movement.notice", "am", i), Json(new JsonObject
            {
                ["id"] = $"n{i}",
                ["people"] = new JsonArray(new JsonObject { ["category"] = cat, ["count"] = 3 }),
                ["purpose"] = "p",
                ["corridor"] = "lachin",
                ["from"] = Time(t),
                ["until"] = Time(t.AddHours(6)),
            })));
            if (rng.NextDouble() < 0.5)
            {
                entries.Add((Env("movement.consent", "az", i + 1), Json(new JsonObject { ["notice"] = i + 10, ["decision"] = rng.NextDouble() < 0.7 ? "give" : "refuse" })));
            }
        }
        var body = new JsonObject
        {
            ["checkpoint"] = "cp",
            ["direction"] = "in",
            ["time"] = Time(t.AddMinutes(30)),
            ["mover"] = "am",
            ["people"] = new JsonArray(new JsonObject { ["category"] = cat, ["count"] = 3 }),
            ["position"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.5498 + rng.NextDouble() * 0.08, 39.6374) },
        };
        if (withNotice)
        {
            body["notice"] = i + 10;
        }
        entries.Add((Env("transit", "pk", entries.Count), Json(body)));
    }
    else
    {
        var kinds = new[] { "patrol", "escort", "construction", "reconstruction", "deployment" };
        var body = new JsonObject
        {
            ["kind"] = kinds[rng.Next(kinds.Length)],
            ["actor"] = "pk",
            ["start"] = Time(t),
            ["where"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.55 + rng.NextDouble() * 0.2, 39.60 + rng.NextDouble() * 0.2) },
        };
        if (rng.NextDouble() < 0.7)
        {
            body["authority"] = new JsonObject { ["agreement"] = Statement2020.Id, ["provision"] = rng.NextDouble() < 0.5 ? "6c" : "3" };
        }
        entries.Add((Env("activity", "pk", entries.Count), Json(body)));
    }
    measured++;
}

var book = new MandateBook();
var perEntry = new double[entries.Count];
var each = new Stopwatch();
var byKind = new Dictionary<string, double>();
var checkTime = new Dictionary<string, double>();
var allocated = GC.GetAllocatedBytesForCurrentThread();
var gcs = GC.CollectionCount(0);
var (gen1, gen2) = (GC.CollectionCount(1), GC.CollectionCount(2));
var paused = GC.GetTotalPauseDuration();
var wall = Stopwatch.StartNew();
for (int i = 0; i < entries.Count; i++)
{
    using var doc = JsonDocument.Parse(entries[i].Body);
    each.Restart();
    book.Check(i + 10, entries[i].Env, doc.RootElement, registry);
    checkTime[entries[i].Env.Kind] = checkTime.GetValueOrDefault(entries[i].Env.Kind) + each.Elapsed.TotalMicroseconds;
    book.Apply(i + 10, entries[i].Env, doc.RootElement);
    perEntry[i] = each.Elapsed.TotalMicroseconds;
    byKind[entries[i].Env.Kind] = byKind.GetValueOrDefault(entries[i].Env.Kind) + perEntry[i];
}
wall.Stop();
var total = TimeSpan.FromMicroseconds(perEntry.Sum());
allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
gcs = GC.CollectionCount(0) - gcs;
(gen1, gen2) = (GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
paused = GC.GetTotalPauseDuration() - paused;
var retained = GC.GetTotalMemory(forceFullCollection: true);
Array.Sort(perEntry);
var evaluated = book.Transits.Count + book.Activities.Count;
var clock = Stopwatch.StartNew();
var view = ComplianceView.Evaluate(book, new Reader("mission", IsMission: true), start.AddYears(5));
var viewTime = clock.Elapsed;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{entries.Count:N0} entries ({book.Transits.Count:N0} transits, {book.Activities.Count:N0} activities, {book.Notices.Count:N0} notices) checked and applied in {total.TotalSeconds:0.00} s: {evaluated / total.TotalSeconds:N0} transits and activities/s ({entries.Count / total.TotalSeconds:N0} entries/s); {book.Flags.Count:N0} flags"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"wall time with parsing {wall.Elapsed.TotalSeconds:0.00} s; {allocated / (double)entries.Count:0} bytes allocated per entry (parsing included); {gcs} collections ({gen1} of gen 1, {gen2} of gen 2) pausing {paused.TotalSeconds:0.00} s; {retained / 1048576.0:0} MiB live after (the bodies' UTF-8 included)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"latency added to a write (check + apply on the sequencer thread): median {perEntry[perEntry.Length / 2]:0.0} µs, p99 {perEntry[(int)(perEntry.Length * 0.99)]:0.0} µs"));
Console.WriteLine("admission check by kind (s): " + string.Join(", ", checkTime.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / 1e6:0.00}"))));
Console.WriteLine("time by kind (s): " + string.Join(", ", byKind.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / 1e6:0.00}"))));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compliance view over all of it: {viewTime.TotalMilliseconds:0} ms, {view.FlagsTotal:N0} flags (a page of {view.Flags.Count}), {view.Provisions.Count} provision states"));
return 0;

static Envelope Env(string kind, string party, long i) => new()
{
    Log = "bench.invalid/log",
    Kind = kind,
    Party = party,
    Key = "k0000000000000000",
    Time = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
    Cid = $"c{i}",
    Body = new string('0', 64),
};

static byte[] Json(JsonNode n) => JsonSerializer.SerializeToUtf8Bytes(n);

static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
