using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;
using Truce.Spatial;

namespace Truce.Mandate;

/// <summary>The vocabularies of the module's bodies, and the parts several kinds read alike (provisions and their
/// rules, people), naming every bad field (docs/MANDATE.md lists them). Each kind reads its own body (<c>Kinds/</c>).</summary>
public static class MandateParser
{
    public static readonly string[] RuleTypes = ["permits", "deadline", "limit", "consent", "corridor", "term", "ceasefire"];
    public static readonly string[] ActivityKinds = ["patrol", "escort", "demining", "construction", "reconstruction", "humanitarian-delivery",
        "official-visit", "deployment", "withdrawal", "handover", "exchange", "inspection", "other"];
    public static readonly string[] Measures = ["troops", "apcs", "vehicles"];
    public static readonly string[] PeopleCategories = ["civilian", "official", "military", "humanitarian", "media", "peacekeeper", "other"];

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

    internal static IReadOnlyList<Headcount> People(BodyReader r, BodyReader.Scope b)
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
}
