using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Incidents;
using Truce.Ledger.Entries;
using Truce.Mandate;
using Truce.MineAction;

namespace Truce.Tests;

/// <summary>
/// Mutation fuzzing of every module kind's body: valid samples with fields dropped, retyped or replaced by random
/// JSON. Whatever comes in, admission answers with a validation error or a refusal naming the problem, never another
/// exception (which the server would turn into a 500), and a body it admits can always be applied.
/// </summary>
public class BodyFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly int Cases = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly" ? 100_000 : 10_000;

    static JsonObject J(string json) => JsonNode.Parse(json)!.AsObject();

    static readonly (string Kind, JsonObject Body)[] Samples =
    [
        ("report", J("""{"category":"ceasefire-violation","type":"mortar","perceptions":[{"kind":"explosion","assessment":"impact","sense":"heard","count":{"low":1,"best":2,"high":3}},{"kind":"projectile","direction":90}],"time":{"start":"2021-06-12T08:00:00Z","end":"2021-06-12T08:05:00Z","precision":"minute"},"location":{"geometry":{"type":"Polygon","coordinates":[[[46.8,39.9],[46.81,39.9],[46.81,39.91],[46.8,39.9]]]},"precision":"near","radius":500,"place":"p","text":"near X"},"observer":{"id":"OP-1","position":{"type":"Point","coordinates":[46.7,39.8]},"bearing":45,"bearingError":5,"distance":{"min":1,"max":4}},"counts":{"explosions":3},"weapon":"w","casualties":[{"side":"a","status":"civilian","killed":0,"injured":{"low":1,"best":1,"high":2}}],"damage":"d","source":{"kind":"patrol","id":"p1"},"evidence":[{"digest":"0000000000000000000000000000000000000000000000000000000000000000","mediaType":"image/png"}],"confidence":"high","description":"x"}""")),
        ("claim", J("""{"actor":{"name":"M","kind":"ministry","party":"az"},"stance":"attributes","attributedTo":"B","incidents":[0],"fact":"f","quote":"q","language":"en","source":{"title":"t","outlet":"o","date":"2021-06-12","url":"https://example.org"}}""")),
        ("restriction", J("""{"kind":"patrol-stopped","time":{"start":"2021-06-12T08:00:00Z","end":"2021-06-12T09:00:00Z"},"location":{"type":"Point","coordinates":[46.8,39.9]},"by":"x","team":"t","description":"d"}""")),
        ("hotline", J("""{"subject":"s","text":"t","urgency":"flash","replyTo":0,"incidents":[0]}""")),
        ("place", J("""{"id":"v-1","kind":"settlement","geometry":{"type":"Point","coordinates":[46.8,39.9]},"names":{"az":"Kənd","am":"Gyugh"},"synthetic":true}""")),
        ("place", J("""{"id":"cp-1","kind":"checkpoint","geometry":{"type":"LineString","coordinates":[[46.8,39.9],[46.9,39.8]]},"names":{"en":"x"},"controlledBy":"pk"}""")),
        ("incident.status", J("""{"incident":0,"status":"under-review","reason":"r"}""")),
        ("incident.split", J("""{"incident":0,"reports":[0,1],"reason":"r"}""")),
        ("correlation.config", J("""{"join":0.8,"suggest":0.2,"clockToleranceMinutes":5,"eventDensity":0.001,"sameSourceFactor":0.1,"unobservedRatio":0.2}""")),
        ("taxonomy.extend", J("""{"types":[{"id":"new","category":"other","family":"other","label":"l"}]}""")),
        ("agreement", J("""{"id":"a","title":"t","provisions":[{"number":1,"text":"t","actors":["pk"],"rules":[{"type":"permits","activities":["patrol"],"corridor":"c","area":{"type":"Polygon","coordinates":[[[46,39],[47,39],[47,40],[46,39]]]},"from":"2020-01-01T00:00:00Z"},{"type":"deadline","due":"2021-01-01T00:00:00Z","metBy":"handover"},{"type":"limit","measure":"troops","max":10},{"type":"consent","categories":["official"],"consentBy":["az"]},{"type":"corridor","corridor":"c","widthKm":5},{"type":"term","from":"2020-01-01T00:00:00Z","years":5,"noticeMonths":6}]}]}""")),
        ("corridor", J("""{"id":"c","route":{"type":"LineString","coordinates":[[46.8,39.9],[46.5,39.6]]},"widthKm":5,"validFrom":"2020-01-01T00:00:00Z","approximate":true}""")),
        ("checkpoint", J("""{"id":"cp","name":"n","corridor":"c","position":{"type":"Point","coordinates":[46.8,39.9]}}""")),
        ("movement.notice", J("""{"id":"n","people":[{"category":"official","count":3}],"vehicles":1,"purpose":"p","corridor":"c","from":"2021-06-01T00:00:00Z","until":"2021-06-02T00:00:00Z","answerBy":"2021-05-30T00:00:00Z","oneWay":false}""")),
        ("transit", J("""{"checkpoint":"cp","direction":"in","time":"2021-06-01T10:00:00Z","mover":"am","people":[{"category":"official","count":3}],"vehicles":1,"cargo":"c","position":{"type":"Point","coordinates":[46.8,39.9]}}""")),
        ("minefield.record", J("""{"id":"MF","laidBy":"am","district":"d","pattern":"row","perimeter":{"type":"Polygon","coordinates":[[[46.8,39.9],[46.801,39.9],[46.801,39.901],[46.8,39.901],[46.8,39.9]]]},"referencePoints":[{"name":"RP1","position":{"type":"Point","coordinates":[46.79,39.89]}},{"name":"RP2","position":{"type":"Point","coordinates":[46.79,39.89]}}],"dimensions":[{"from":"RP1","to":"c","bearingDeg":10,"distanceM":50}],"mines":[{"type":"ap","model":"m","number":10,"emplacing":"hand","fuze":"pressure","antiHandling":true}],"laidFrom":"2020-10-01T00:00:00Z","rows":[{"id":"R1","line":{"type":"LineString","coordinates":[[46.8,39.9],[46.801,39.9]]},"mines":10}],"remote":{"corners":{"type":"MultiPoint","coordinates":[[46.8,39.9],[46.81,39.91]]},"total":5,"types":["at"]},"scans":[{"sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","mediaType":"image/tiff"}]}""")),
        ("minefield.handover", J("""{"id":"HO","records":["MF"],"to":"az","at":"2021-06-12T10:00:00Z","through":"t","inExchangeFor":"x","minesStated":10}""")),
        ("minefield.accuracy", J("""{"record":"MF","checked":10,"confirmed":3,"unrecorded":2,"toleranceM":5}""")),
        ("hazard", J("""{"id":"H","type":"CHA","district":"d","benchmark":{"type":"Point","coordinates":[46.79,39.89]},"perimeter":{"type":"Polygon","coordinates":[[[46.8,39.9],[46.801,39.9],[46.801,39.901],[46.8,39.901],[46.8,39.9]]]},"devices":["ap-mine"],"evidence":[{"type":"sighting","reliability":"high"}],"blockages":["road"],"beneficiaries":5,"sources":[{"kind":"minefield-record","ref":"MF"}]}""")),
        ("hazard.update", J("""{"hazard":"H","status":"open","type":"SHA","devices":["uxo"],"evidence":[{"type":"hearsay","reliability":"low"}],"reason":"r"}""")),
        ("mine.task", J("""{"id":"T","hazards":["H"],"organisation":"o","activity":"clearance","assigned":"2021-07-01T00:00:00Z"}""")),
        ("release.activity", J("""{"id":"A","type":"clearance","hazard":"H","task":"T","organisation":"o","method":"manual","depthCm":20,"start":"2021-07-01T00:00:00Z","end":"2021-07-02T00:00:00Z","status":"completed","outcomes":{"cleared":{"type":"Polygon","coordinates":[[[46.8,39.9],[46.8005,39.9],[46.8005,39.9005],[46.8,39.9005],[46.8,39.9]]]}}}""")),
        ("qm.visit", J("""{"id":"Q","activity":"A","organisation":"o","at":"2021-07-02T00:00:00Z","result":"unsatisfactory","nonconformities":[{"category":"major","description":"d"}]}""")),
        ("ordnance.found", J("""{"id":"O","category":"missile-remains","model":"9M723","quantity":1,"condition":"fragments","fuzeState":"none","position":{"type":"Point","coordinates":[46.79,39.89]},"found":"2021-04-01T00:00:00Z","action":"removed","hazard":"H","incidents":[0]}""")),
        ("mine.accident", J("""{"id":"ACC","position":{"type":"Point","coordinates":[46.79,39.89]},"time":"2021-06-04T09:00:00Z","device":"at-mine","kind":"civilian","activation":"vehicle","hazard":"H"}""")),
        ("mine.victim", J("""{"id":"V","accident":"ACC","sex":"male","age":30,"role":"civilian","outcome":"injured","activity":"farming"}""")),
        ("mine.import", J("""{"hazards":[{"id":"HI","type":"SHA","benchmark":{"type":"Point","coordinates":[46.79,39.89]},"perimeter":{"type":"Polygon","coordinates":[[[46.8,39.9],[46.801,39.9],[46.801,39.901],[46.8,39.901],[46.8,39.9]]]}}],"source":"s"}""")),
        ("activity", J("""{"kind":"patrol","actor":"pk","where":{"type":"Point","coordinates":[46.8,39.9]},"start":"2021-06-01T00:00:00Z","end":"2021-06-01T03:00:00Z","authority":{"agreement":"a","provision":"1"},"counts":{"troops":5},"description":"d"}""")),
    ];

    static JsonNode? RandomValue(Random rng, int depth) => rng.Next(depth > 2 ? 7 : 9) switch
    {
        0 => null,
        1 => rng.Next(2) == 0,
        2 => rng.Next(-5, 5),
        3 => rng.NextDouble() * Math.Pow(10, rng.Next(-3, 20)) * (rng.Next(2) == 0 ? -1 : 1),
        4 => new string('x', rng.Next(0, 3) == 0 ? rng.Next(0, 300_000) : rng.Next(0, 5)),
        5 => new[] { "", "in", "Point", "2021-13-45", "2021-06-01T00:00:00Z", "NaN", "-1", "\u0000", "🙂", "mortar", "official" }[rng.Next(11)],
        6 => long.MaxValue - rng.Next(3),
        7 => new JsonArray([.. Enumerable.Range(0, rng.Next(4)).Select(_ => RandomValue(rng, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, rng.Next(4)).Select(i => KeyValuePair.Create($"k{i}", RandomValue(rng, depth + 1)))),
    };

    /// <summary>Drops, retypes or replaces one node anywhere in the tree.</summary>
    static void Mutate(Random rng, JsonNode root)
    {
        var node = root;
        for (int depth = 0; depth < 6; depth++)
        {
            var children = node switch
            {
                JsonObject o => o.Select(p => p.Key).ToList<object>(),
                JsonArray a => Enumerable.Range(0, a.Count).Cast<object>().ToList(),
                _ => [],
            };
            if (children.Count == 0)
            {
                return;
            }
            var pick = children[rng.Next(children.Count)];
            var child = pick is string k ? ((JsonObject)node)[k] : ((JsonArray)node)[(int)pick];
            if (child is null || child is JsonValue || rng.Next(3) == 0)
            {
                if (pick is string key)
                {
                    if (rng.Next(4) == 0)
                    {
                        ((JsonObject)node).Remove(key);
                    }
                    else
                    {
                        ((JsonObject)node)[key] = RandomValue(rng, 0);
                    }
                }
                else
                {
                    ((JsonArray)node)[(int)pick] = RandomValue(rng, 0);
                }
                return;
            }
            node = child;
        }
    }

    [Fact]
    public void Every_mutated_body_is_refused_with_a_named_field_or_admitted_and_applied()
    {
        var registry = new Registry();
        foreach (var (id, kind) in new[] { ("mission", "mission"), ("pk", "peacekeeping-force"), ("az", "conflict-party"), ("am", "conflict-party") })
        {
            registry.Apply(0, Env("party.register", "mission", Visibility.Public), JsonSerializer.SerializeToElement(new JsonObject
            {
                ["id"] = id,
                ["kind"] = kind,
                ["names"] = new JsonObject { ["en"] = id },
                ["keys"] = new JsonArray(),
            }));
        }
        IModule[] modules = [new IncidentsModule(), new MandateModule(), new MineActionModule()];
        var rng = new Random(20201110);
        long index = 0;
        // Give references something to point at: each sample once, unmutated.
        foreach (var (kind, body) in Samples)
        {
            Admit(modules, registry, kind, body, index++, Visibility.Mission);
        }
        int refused = 0, admitted = 0;
        for (int i = 0; i < Cases; i++)
        {
            var (kind, sample) = Samples[rng.Next(Samples.Length)];
            var body = sample.DeepClone().AsObject();
            for (int m = rng.Next(1, 4); m > 0; m--)
            {
                Mutate(rng, body);
            }
            if (Admit(modules, registry, kind, body, index++, kind is "hotline" or "mine.victim" ? Visibility.Mission : Visibility.Public))
            {
                admitted++;
            }
            else
            {
                refused++;
            }
        }
        output.WriteLine($"{Cases} mutated bodies: {refused} refused with a named field, {admitted} admitted and applied");
        Assert.Equal(Cases, refused + admitted);
        Assert.True(refused > Cases / 4, $"only {refused} of {Cases} mutations were refused: the mutations are too gentle to test anything");
    }

    static bool Admit(IModule[] modules, Registry registry, string kind, JsonObject body, long index, Visibility vis)
    {
        var module = modules.Single(m => m.Kinds.ContainsKey(kind));
        var env = Env(kind, MandateKinds.All.ContainsKey(kind) && kind is "agreement" or "corridor" or "checkpoint" || kind.StartsWith("incident", StringComparison.Ordinal)
            || kind is "correlation.config" or "place" or "taxonomy.extend" ? "mission" : "pk", vis);
        var element = JsonSerializer.SerializeToElement(body);
        try
        {
            module.Check(index, env, element, registry);
        }
        catch (ValidationException e)
        {
            Assert.All(e.Errors, x => Assert.False(string.IsNullOrWhiteSpace(x.Field) || string.IsNullOrWhiteSpace(x.Problem), e.Message));
            return false;
        }
        catch (RefusedException)
        {
            return false;
        }
        module.Apply(index, env, element, [0]); // must not throw for an admitted body (one audience class: everything is seen by all)
        return true;
    }

    static Envelope Env(string kind, string party, Visibility vis) => new()
    {
        Log = "fuzz.invalid/log",
        Kind = kind,
        Party = party,
        Key = "k0000000000000000",
        Time = new DateTimeOffset(2021, 6, 12, 12, 0, 0, TimeSpan.Zero),
        Cid = Guid.NewGuid().ToString("n"),
        Body = new string('0', 64),
        Vis = vis.Label(),
    };
}
