using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.Mandate;

/// <summary>Reads the module's bodies, naming every bad field (docs/MANDATE.md lists them).</summary>
public static class MandateParser
{
    public static readonly string[] RuleTypes = ["permits", "deadline", "limit", "consent", "corridor", "term", "ceasefire"];
    public static readonly string[] ActivityKinds = ["patrol", "escort", "demining", "construction", "reconstruction", "humanitarian-delivery",
        "official-visit", "deployment", "withdrawal", "handover", "exchange", "inspection", "other"];
    public static readonly string[] Measures = ["troops", "apcs", "vehicles"];
    static readonly string[] Directions = ["in", "out"];
    static readonly IReadOnlyDictionary<string, double> NoCounts = new Dictionary<string, double>();
    public static readonly string[] PeopleCategories = ["civilian", "official", "military", "humanitarian", "media", "peacekeeper", "other"];

    public static Agreement Agreement(long index, Envelope env, JsonElement body, bool draft)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var id = b.Str("id", required: true, max: 64);
        var title = b.Str("title", required: true, max: 500);
        var a = new Agreement(id ?? "", index, title ?? "", env.Party, draft);
        var provisions = b.Arr("provisions", required: true, max: 500);
        if (provisions.Count == 0 && b.Has("provisions"))
        {
            r.Fail("body.provisions", "must list at least one provision");
        }
        foreach (var p in provisions)
        {
            if (ReadProvision(r, p) is { } prov)
            {
                if (!a.Provisions.TryAdd(prov.Number, prov))
                {
                    r.Fail(p.At("number"), $"provision {prov.Number} appears twice");
                }
            }
        }
        r.ThrowIfAny();
        return a;
    }

    public static Provision? ReadProvision(BodyReader r, BodyReader.Scope p)
    {
        var number = p.Has("number") && p.Element.GetProperty("number").ValueKind == JsonValueKind.Number
            ? p.Int("number", min: 0, max: 10_000)?.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : p.Str("number", required: true, max: 16);
        var text = p.Str("text", required: true, max: 10_000);
        var actors = p.Strs("actors", max: 50, maxLength: 64);
        var rules = p.Arr("rules", max: 50).Select(x => ReadRule(r, x)).OfType<Rule>().ToList();
        return number is null || text is null ? null : new Provision(number, text, actors, rules);
    }

    static Rule? ReadRule(BodyReader r, BodyReader.Scope s)
    {
        var type = s.OneOf("type", RuleTypes, required: true);
        Geometry? area = s.Has("area") ? GeoJson.Read(s.Element.GetProperty("area"), s.At("area"), r.Fail) : null;
        var rule = new Rule
        {
            Type = type ?? "",
            Activities = s.Strs("activities", max: 20, maxLength: 64),
            Actors = s.Strs("actors", max: 50, maxLength: 64),
            Corridor = s.Str("corridor", max: 64),
            Area = area,
            From = s.Time("from"),
            Until = s.Time("until"),
            Due = s.Time("due", required: type == "deadline"),
            MetBy = s.OneOf("metBy", ActivityKinds, required: type == "deadline"),
            Measure = s.OneOf("measure", Measures, required: type == "limit"),
            Max = s.Num("max", required: type == "limit", min: 0),
            Categories = s.Strs("categories", max: 20, maxLength: 64),
            ConsentBy = s.Strs("consentBy", required: type == "consent", max: 20, maxLength: 64),
            WidthKm = s.Num("widthKm", required: type == "corridor", min: 0.01, max: 100),
            Years = s.Num("years", required: type == "term", min: 0.1, max: 100),
            NoticeMonths = s.Num("noticeMonths", min: 0, max: 120),
        };
        foreach (var (a, i) in rule.Activities.Select((a, i) => (a, i)))
        {
            if (!ActivityKinds.Contains(a))
            {
                r.Fail($"{s.At("activities")}[{i}]", $"must be one of {string.Join(", ", ActivityKinds)}");
            }
        }
        if (type == "permits" && rule.Activities.Count == 0)
        {
            r.Fail(s.At("activities"), "a permits rule names the activities it permits");
        }
        if (type == "corridor" && rule.Corridor is null)
        {
            r.Fail(s.At("corridor"), "a corridor rule names the corridor");
        }
        return type is null ? null : rule;
    }

    public static Corridor Corridor(long index, Envelope env, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var route = b.Has("route") ? GeoJson.Read(body.GetProperty("route"), "body.route", r.Fail) : null;
        if (!b.Has("route"))
        {
            r.Fail("body.route", "is required: the corridor's route as a LineString");
        }
        else if (route is not null and not (LineString or MultiLineString))
        {
            r.Fail("body.route.type", "must be LineString or MultiLineString");
        }
        var c = new Corridor(b.Str("id", required: true, max: 64) ?? "", index, route ?? LineString.Empty, b.Num("widthKm", required: true, min: 0.01, max: 100) ?? 0,
            b.Str("controlledBy", max: 64), b.Time("validFrom", required: true) ?? default, b.Time("validUntil"), b.Bool("approximate") ?? false,
            b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return c;
    }

    public static Checkpoint Checkpoint(long index, Envelope env, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var at = b.Has("position") ? GeoJson.Read(body.GetProperty("position"), "body.position", r.Fail) : null;
        if (at is not null and not Point)
        {
            r.Fail("body.position.type", "must be a Point");
        }
        else if (!b.Has("position"))
        {
            r.Fail("body.position", "is required (a GeoJSON Point)");
        }
        var c = new Checkpoint(b.Str("id", required: true, max: 64) ?? "", index, (at as Point)?.Y ?? 0, (at as Point)?.X ?? 0,
            b.Str("corridor", max: 64), b.Str("controlledBy", max: 64), b.Str("name", required: true, max: 200) ?? "", b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return c;
    }

    static IReadOnlyList<Headcount> People(BodyReader r, BodyReader.Scope b)
    {
        var people = new List<Headcount>();
        foreach (var p in b.Arr("people", max: 50))
        {
            var cat = p.OneOf("category", PeopleCategories, required: true);
            var count = p.Int("count", required: true, min: 0, max: 100_000);
            if (cat is not null && count is not null)
            {
                people.Add(new Headcount(cat, (int)count));
            }
        }
        return people.Count == 1 && people[0].Count <= 1000 ? OneGroup(people[0]) : people;
    }

    // Most movements are one group of people ("3 officials"): those lists, and the one-category lists the engine
    // matches on, are shared rather than kept per record (a book of a million transits held a million of each). The
    // categories are the vocabulary's own strings and counts are bounded, so these tables are bounded too.
    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), Headcount[]> Groups = new();
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> Categories = new(StringComparer.Ordinal);

    static Headcount[] OneGroup(Headcount h) => Groups.GetOrAdd((h.Category, h.Count), k => [new Headcount(k.Item1, k.Item2)]);

    /// <summary>The distinct categories of a list of people, in order of first mention (one category: a shared list).</summary>
    public static IReadOnlyList<string> CategoriesOf(IReadOnlyList<Headcount> people) =>
        people.Count == 1 && PeopleCategories.Contains(people[0].Category) ? Categories.GetOrAdd(people[0].Category, c => [c])
        : [.. people.Select(p => p.Category).Distinct()];

    public static Notice Notice(long index, Envelope env, JsonElement body, StringPool? pool = null)
    {
        pool ??= new StringPool(0);
        var r = new BodyReader();
        var b = r.Root(body);
        var people = People(r, b);
        if (people.Count == 0 && !r.Errors.Any())
        {
            r.Fail("body.people", "lists who moves: at least one {category, count}");
        }
        var from = b.Time("from", required: true);
        var until = b.Time("until", required: true);
        if (from is not null && until is not null && until < from)
        {
            r.Fail("body.until", "is before from");
        }
        var n = new Notice(index, pool.Get(env.Party), env.Visibility, env.To, b.Str("id", required: true, max: 64) ?? "", people,
            (int)(b.Int("vehicles", max: 10_000) ?? 0), b.Str("purpose", required: true, max: 2000) ?? "", pool.GetOrNull(b.Str("corridor", max: 64)),
            from ?? default, until ?? default, b.Time("answerBy"), b.Bool("synthetic") ?? false)
        { OneWay = b.Bool("oneWay") ?? false };
        r.ThrowIfAny();
        return n;
    }

    public static Transit Transit(long index, Envelope env, JsonElement body, StringPool? pool = null)
    {
        pool ??= new StringPool(0);
        var r = new BodyReader();
        var b = r.Root(body);
        var pos = b.Has("position") ? GeoJson.Read(body.GetProperty("position"), "body.position", r.Fail) as Point : null;
        var t = new Transit(index, pool.Get(env.Party), env.Visibility, env.To, pool.Get(b.Str("checkpoint", required: true, max: 64) ?? ""),
            b.OneOf("direction", Directions, required: true) ?? "", b.Time("time", required: true) ?? default, b.Int("notice"),
            pool.GetOrNull(b.Str("mover", max: 64)), People(r, b), (int)(b.Int("vehicles", max: 10_000) ?? 0), pool.GetOrNull(b.Str("cargo", max: 100)), pos?.Y, pos?.X,
            b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return t;
    }

    public static Activity Activity(long index, Envelope env, JsonElement body, StringPool? pool = null)
    {
        pool ??= new StringPool(0);
        var r = new BodyReader();
        var b = r.Root(body);
        var where = b.Has("where") ? GeoJson.Read(body.GetProperty("where"), "body.where", r.Fail) : null;
        if (!b.Has("where"))
        {
            r.Fail("body.where", "is required: where the activity took place (GeoJSON)");
        }
        var start = b.Time("start", required: true);
        var end = b.Time("end") ?? start;
        if (start is not null && end < start)
        {
            r.Fail("body.end", "is before the start");
        }
        var authority = b.Obj("authority");
        var counts = NoCounts;
        if (b.Obj("counts") is { } c)
        {
            var given = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var m in Measures)
            {
                if (c.Num(m, min: -100_000, max: 100_000) is { } v)
                {
                    given[m] = v;
                }
            }
            counts = given;
        }
        var a = new Activity(index, pool.Get(env.Party), env.Visibility, env.To, b.OneOf("kind", ActivityKinds, required: true) ?? "",
            pool.Get(b.Str("actor", max: 64) ?? env.Party), where ?? Point.Empty, start ?? default, end ?? default,
            pool.GetOrNull(authority?.Str("agreement", required: true, max: 64)), pool.GetOrNull(authority?.Str("provision", required: true, max: 16)), counts,
            b.Str("description", max: 10_000), b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return a;
    }
}
