using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Parties;
using Truce.Ledger.Entries;
using Truce.Mandate;
using Truce.Mandate.Compliance;
using Truce.Mandate.Demo;

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
// The input is generated as it is consumed and then dropped, as a server receives entries and does not keep them: a
// million bodies held in memory would make the collector's work on them part of what is measured.
var start = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
IEnumerable<(Envelope Env, byte[] Body)> Generate()
{
    var count = 0;
    var seed = new List<(Envelope Env, byte[] Body)>
    {
        (Env("agreement", "mission", 1), Json(Statement2020.Body())),
        (Env("agreement.draft", "az", 2), Json(JsonNode.Parse("""{"id":"draft-az","title":"d","provisions":[{"number":"A1","text":"t","actors":["pk"],"rules":[{"type":"consent","categories":["official","military"],"corridor":"lachin","consentBy":["az"]},{"type":"permits","activities":["patrol","escort","construction"],"corridor":"lachin"}]}]}""")!)),
        (Env("agreement.draft", "am", 3), Json(JsonNode.Parse("""{"id":"draft-am","title":"d","provisions":[{"number":"B1","text":"t","actors":["pk"],"rules":[{"type":"permits","activities":["construction","reconstruction"]}]}]}""")!)),
        (Env("corridor", "mission", 4), Json(JsonNode.Parse("""{"id":"lachin","route":{"type":"LineString","coordinates":[[46.7528,39.8177],[46.7499,39.7601],[46.5498,39.6374],[46.5433,39.5897],[46.5305,39.5476]]},"widthKm":5,"validFrom":"2020-11-12T00:00:00Z"}""")!)),
        (Env("checkpoint", "mission", 5), Json(JsonNode.Parse("""{"id":"cp","name":"cp","corridor":"lachin","position":{"type":"Point","coordinates":[46.5498,39.6374]}}""")!)),
    };
    foreach (var e in seed)
    {
        yield return e;
        count++;
    }
    var rng = new Random(1);

    var measured = 0;
    while (measured < n)
    {
        var t = start.AddMinutes(count);
        var i = count;
        if (measured % 2 == 0)
        {
            var cat = rng.Next(4) switch { 0 => "official", 1 => "military", _ => "civilian" };
            var withNotice = rng.NextDouble() < 0.8;
            if (withNotice)
            {
                yield return (Env("movement.notice", "am", i), Json(new JsonObject
                {
                    ["id"] = $"n{i}",
                    ["people"] = new JsonArray(new JsonObject { ["category"] = cat, ["count"] = 3 }),
                    ["purpose"] = "p",
                    ["corridor"] = "lachin",
                    ["from"] = Time(t),
                    ["until"] = Time(t.AddHours(6)),
                }));
                count++;
                if (rng.NextDouble() < 0.5)
                {
                    yield return (Env("movement.consent", "az", i + 1), Json(new JsonObject { ["notice"] = i + 10, ["decision"] = rng.NextDouble() < 0.7 ? "give" : "refuse" }));
                    count++;
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
            yield return (Env("transit", "pk", count), Json(body));
            count++;
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
            yield return (Env("activity", "pk", count), Json(body));
            count++;
        }
        measured++;
    }
}

// The input is generated first into a few large byte arrays, which the collector never scans, with a pointer-free
// index: so the run's collections are all the engine's and the parsing's, counted in its wall time.
var input = new Input();
foreach (var (env, body) in Generate())
{
    input.Add(env.Kind, env.Party, body);
}
GC.Collect();

var book = new MandateBook();
var perEntry = new List<double>(input.Count);
var each = new Stopwatch();
var byKind = new Dictionary<string, double>();
var checkTime = new Dictionary<string, double>();
var allocByKind = new Dictionary<string, long>();
var countByKind = new Dictionary<string, long>();
var checkAlloc = new Dictionary<string, long>();
var gcs = GC.CollectionCount(0);
var (gen1, gen2) = (GC.CollectionCount(1), GC.CollectionCount(2));
var paused = GC.GetTotalPauseDuration();
var allocated = GC.GetAllocatedBytesForCurrentThread();
var processing = Stopwatch.StartNew();
var entries = input.Count;
for (var i = 0; i < input.Count; i++)
{
    var (kind, party, body) = input[i];
    var env = Env(kind, party, i);
    using var doc = JsonDocument.Parse(body);
    var before = GC.GetAllocatedBytesForCurrentThread();
    each.Restart();
    book.Check(i + 10, env, doc.RootElement, registry);
    checkTime[kind] = checkTime.GetValueOrDefault(kind) + each.Elapsed.TotalMicroseconds;
    checkAlloc[kind] = checkAlloc.GetValueOrDefault(kind) + GC.GetAllocatedBytesForCurrentThread() - before;
    book.Apply(i + 10, env, doc.RootElement);
    perEntry.Add(each.Elapsed.TotalMicroseconds);
    byKind[kind] = byKind.GetValueOrDefault(kind) + perEntry[^1];
    allocByKind[kind] = allocByKind.GetValueOrDefault(kind) + GC.GetAllocatedBytesForCurrentThread() - before;
    countByKind[kind] = countByKind.GetValueOrDefault(kind) + 1;
}
processing.Stop();
allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
var engine = TimeSpan.FromMicroseconds(perEntry.Sum());
gcs = GC.CollectionCount(0) - gcs;
(gen1, gen2) = (GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
paused = GC.GetTotalPauseDuration() - paused;
var retained = GC.GetTotalMemory(forceFullCollection: true);
perEntry.Sort();
var evaluated = book.Transits.Count + book.Activities.Count;
// The view as a server answers it: the first call also compiles the code; later ones are what a reader waits for.
var viewTimes = new List<double>();
Compliance view = null!;
for (var round = 0; round < 5; round++)
{
    var clock = Stopwatch.StartNew();
    view = ComplianceView.Evaluate(book, start.AddYears(5));
    viewTimes.Add(clock.Elapsed.TotalMilliseconds);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{entries:N0} entries ({book.Transits.Count:N0} transits, {book.Activities.Count:N0} activities, {book.Notices.Count:N0} notices); {book.Flags.Count:N0} flags"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"transits and activities per second: {evaluated / processing.Elapsed.TotalSeconds:N0} parsed, checked and applied, collections included ({processing.Elapsed.TotalSeconds:0.00} s, of which {paused.TotalSeconds:0.00} s paused for collections); check and apply alone {evaluated / engine.TotalSeconds:N0}/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{allocated / (double)entries:0} bytes allocated per entry (parsing included); {gcs} collections ({gen1} of gen 1, {gen2} of gen 2); {retained / 1048576.0:0} MiB live after"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"latency added to a write (check + apply on the sequencer thread): median {perEntry[perEntry.Count / 2]:0.0} µs, p99 {perEntry[(int)(perEntry.Count * 0.99)]:0.0} µs"));
Console.WriteLine("admission check by kind (s): " + string.Join(", ", checkTime.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / 1e6:0.00}"))));
Console.WriteLine("time by kind (s): " + string.Join(", ", byKind.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value / 1e6:0.00}"))));
Console.WriteLine("bytes allocated per entry by kind (check + apply): " + string.Join(", ", allocByKind.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {checkAlloc[kv.Key] / countByKind[kv.Key]} + {(kv.Value - checkAlloc[kv.Key]) / countByKind[kv.Key]}"))));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compliance view over all of it: first {viewTimes[0]:0} ms, then median {viewTimes.Skip(1).Order().ElementAt(2):0} ms, {view.FlagsTotal:N0} flags (a page of {view.Flags.Count}), {view.Provisions.Count} provision states"));
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

/// <summary>Bodies end to end in 16 MiB arrays of bytes, and per entry its kind, party, array, offset and length.</summary>
sealed class Input
{
    readonly List<byte[]> _chunks = [];
    readonly List<(byte Kind, byte Party, int Chunk, int Offset, int Length)> _items = [];
    readonly List<string> _names = [];
    int _used;

    public int Count => _items.Count;

    byte Code(string name)
    {
        var i = _names.IndexOf(name);
        if (i < 0)
        {
            _names.Add(name);
            i = _names.Count - 1;
        }
        return (byte)i;
    }

    public void Add(string kind, string party, byte[] body)
    {
        if (_chunks.Count == 0 || _used + body.Length > (1 << 24))
        {
            _chunks.Add(new byte[Math.Max(1 << 24, body.Length)]);
            _used = 0;
        }
        body.CopyTo(_chunks[^1], _used);
        _items.Add((Code(kind), Code(party), _chunks.Count - 1, _used, body.Length));
        _used += body.Length;
    }

    public (string Kind, string Party, ReadOnlyMemory<byte> Body) this[int i]
    {
        get
        {
            var x = _items[i];
            return (_names[x.Kind], _names[x.Party], _chunks[x.Chunk].AsMemory(x.Offset, x.Length));
        }
    }
}
