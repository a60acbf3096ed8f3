using System.Text.Json;

namespace Truce.Incidents.Taxonomy;

public sealed record ReportType(string Id, string Category, string Family, string Label);

/// <summary>
/// Categories, types and perceptions of reports: shipped as data (Data/taxonomy.json) and extended per deployment
/// by <c>taxonomy.extend</c> entries, so a deployment's vocabulary is itself on the record.
/// </summary>
public sealed class Taxonomy
{
    readonly Dictionary<string, ReportType> _types = new(StringComparer.Ordinal);
    readonly Dictionary<string, bool> _families = new(StringComparer.Ordinal);
    readonly HashSet<string> _categories = new(StringComparer.Ordinal);
    readonly Dictionary<string, string[]> _perceptions = new(StringComparer.Ordinal);
    readonly HashSet<string> _sources = new(StringComparer.Ordinal);
    readonly Dictionary<string, double> _precisions = new(StringComparer.Ordinal);

    /// <summary>The shipped taxonomy, never extended: the vocabulary no entry changes (categories, families, perceptions,
    /// sources, precisions; <c>taxonomy.extend</c> adds types only), so that a body reads alike for every book.</summary>
    internal static Taxonomy Shipped { get; } = Default();

    public static Taxonomy Default()
    {
        using var s = typeof(Taxonomy).Assembly.GetManifestResourceStream("Truce.Incidents.taxonomy.json")
            ?? throw new InvalidOperationException("the taxonomy resource is missing from the build");
        using var doc = JsonDocument.Parse(s);
        var t = new Taxonomy();
        var root = doc.RootElement;
        foreach (var c in root.GetProperty("categories").EnumerateArray())
        {
            t._categories.Add(c.GetProperty("id").GetString()!);
        }
        foreach (var f in root.GetProperty("families").EnumerateArray())
        {
            t._families[f.GetProperty("id").GetString()!] = f.GetProperty("explosive").GetBoolean();
        }
        foreach (var ty in root.GetProperty("types").EnumerateArray())
        {
            t.Add(new ReportType(ty.GetProperty("id").GetString()!, ty.GetProperty("category").GetString()!,
                ty.GetProperty("family").GetString()!, ty.GetProperty("label").GetString()!));
        }
        foreach (var p in root.GetProperty("perceptions").EnumerateArray())
        {
            t._perceptions[p.GetProperty("id").GetString()!] = p.TryGetProperty("assessments", out var a)
                ? [.. a.EnumerateArray().Select(x => x.GetString()!)] : [];
        }
        foreach (var src in root.GetProperty("sources").EnumerateArray())
        {
            t._sources.Add(src.GetString()!);
        }
        foreach (var p in root.GetProperty("precisions").EnumerateObject())
        {
            t._precisions[p.Name] = p.Value.GetDouble();
        }
        return t;
    }

    public IReadOnlyCollection<ReportType> Types => _types.Values;
    public IReadOnlyCollection<string> Categories => _categories;
    public IReadOnlyCollection<string> Families => _families.Keys;
    public IReadOnlyCollection<string> Sources => _sources;
    public IReadOnlyDictionary<string, double> Precisions => _precisions;
    public IReadOnlyDictionary<string, string[]> Perceptions => _perceptions;

    public ReportType? FindType(string id) => _types.GetValueOrDefault(id);
    public bool IsCategory(string id) => _categories.Contains(id);
    public bool IsFamily(string id) => _families.ContainsKey(id);

    public void Add(ReportType type) => _types[type.Id] = type;

    /// <summary>How compatible two types are as descriptions of one event: 1 the same, 0.7 the same family, 0.5 an
    /// explosion of unknown origin and a type that explodes, 0 otherwise (never the same event).</summary>
    public double Compatibility(string a, string b)
    {
        if (a == b)
        {
            return 1;
        }
        if (FindType(a) is not { } ta || FindType(b) is not { } tb)
        {
            return 0;
        }
        if (ta.Family == tb.Family)
        {
            return 0.7;
        }
        bool Explosive(ReportType t) => _families.GetValueOrDefault(t.Family);
        return (ta.Family == "explosion" && Explosive(tb)) || (tb.Family == "explosion" && Explosive(ta)) ? 0.5 : 0;
    }
}
