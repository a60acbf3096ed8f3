using System.Text.Json;

namespace Truce.Tests;

/// <summary>The description against the answers: each object the endpoints send has exactly the properties its schema
/// declares (none missing, none undocumented), all the way down, over the demo data.</summary>
public sealed partial class OpenApiTests
{
    /// <summary>(path as described, URL asked): the main lists, and a detail of each kind the demo has.</summary>
    static readonly (string Path, string Url)[] Reads =
    [
        ("/api/entries", "api/entries?limit=50"),
        ("/api/parties", "api/parties"),
        ("/api/incidents", "api/incidents?limit=20"),
        ("/api/reports", "api/reports?limit=20"),
        ("/api/claims", "api/claims"),
        ("/api/restrictions", "api/restrictions"),
        ("/api/hotline", "api/hotline"),
        ("/api/taxonomy", "api/taxonomy"),
        ("/api/stats/daily", "api/stats/daily?by=area"),
        ("/api/correlation/settings", "api/correlation/settings"),
        ("/api/agreements", "api/agreements"),
        ("/api/corridors", "api/corridors"),
        ("/api/checkpoints", "api/checkpoints"),
        ("/api/movements", "api/movements"),
        ("/api/transits", "api/transits"),
        ("/api/activities", "api/activities"),
        ("/api/compliance", "api/compliance"),
        ("/api/hazards", "api/hazards?limit=20"),
        ("/api/minefields", "api/minefields"),
        ("/api/minefields/handovers", "api/minefields/handovers"),
        ("/api/land-release", "api/land-release"),
        ("/api/land-release/tasks", "api/land-release/tasks"),
        ("/api/land-release/quality-visits", "api/land-release/quality-visits"),
        ("/api/ordnance", "api/ordnance"),
        ("/api/mine-accidents", "api/mine-accidents"),
        ("/api/mine-action/stats", "api/mine-action/stats"),
        ("/api/places", "api/places?near=39.82,46.75&limit=5"),
        ("/api/places/defined", "api/places/defined"),
        ("/api/places/resolve", "api/places/resolve?text=Shusha"),
        ("/api/layers", "api/layers"),
        ("/api/layers/{module}/{layer}", "api/layers/mine-action/hazards?limit=5"),
        ("/log/proof/inclusion", "log/proof/inclusion?index=0&size=2"),
        ("/healthz", "healthz"),
    ];

    /// <summary>Readers whose books differ: minefield records are the receiving side's, victims' personal data a few parties'.</summary>
    static readonly string?[] Readers = [null, "mission", "az", "mine-agency"];

    [Fact]
    public async Task The_main_reads_answer_exactly_the_properties_their_schemas_declare()
    {
        using var doc = JsonDocument.Parse(await DocumentText());
        var mismatches = new List<string>();
        var checkedObjects = 0;
        foreach (var reader in Readers)
        {
            using var c = f.Client(reader);
            var lists = new Dictionary<string, JsonElement>();
            foreach (var (path, url) in Reads.Where(r => reader is not null || r.Path != "/api/hotline"))
            {
                lists[path] = await Answer(c, url);
                checkedObjects += Compare(doc.RootElement, Schema200(doc.RootElement, path), lists[path], $"{reader ?? "public"} {url}", mismatches);
            }
            foreach (var (path, url) in Details(lists))
            {
                checkedObjects += Compare(doc.RootElement, Schema200(doc.RootElement, path), await Answer(c, url), $"{reader ?? "public"} {url}", mismatches);
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(checkedObjects > 2000, $"only {checkedObjects} objects compared: the demo data should exercise the schemas");
    }

    /// <summary>One detail of each kind the reader's lists hold; the safety question at a hazard, so that it has hits.</summary>
    static IEnumerable<(string Path, string Url)> Details(Dictionary<string, JsonElement> lists)
    {
        static JsonElement? First(JsonElement list, string items) => list.GetProperty(items).EnumerateArray().Select(e => (JsonElement?)e).FirstOrDefault();
        static string Text(double d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var entry in lists["/api/entries"].GetProperty("items").EnumerateArray().Take(3))
        {
            yield return ("/api/entries/{index}", $"api/entries/{entry.GetProperty("index").GetInt64()}");
        }
        if (First(lists["/api/incidents"], "items") is { } incident)
        {
            yield return ("/api/incidents/{id}", "api/incidents/" + incident.GetProperty("id").GetString());
        }
        if (First(lists["/api/reports"], "items") is { } report)
        {
            yield return ("/api/reports/{index}", $"api/reports/{report.GetProperty("index").GetInt64()}");
            yield return ("/api/reports/{index}/candidates", $"api/reports/{report.GetProperty("index").GetInt64()}/candidates");
        }
        if (First(lists["/api/minefields"], "items") is { } minefield)
        {
            yield return ("/api/minefields/{id}", "api/minefields/" + minefield.GetProperty("id").GetString());
        }
        if (First(lists["/api/hazards"], "items") is { } hazard)
        {
            yield return ("/api/hazards/{id}", "api/hazards/" + hazard.GetProperty("id").GetString());
            var at = hazard.GetProperty("benchmark");
            yield return ("/api/safety", $"api/safety?lat={Text(at.GetProperty("lat").GetDouble())}&lon={Text(at.GetProperty("lon").GetDouble())}&buffer=1000");
        }
    }

    [Fact]
    public async Task The_checkpoint_is_text_as_described()
    {
        using var doc = JsonDocument.Parse(await DocumentText());
        var content = doc.RootElement.GetProperty("paths").GetProperty("/log/checkpoint").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal("string", content.GetProperty("text/plain").GetProperty("schema").GetProperty("type").GetString());
        using var c = f.Client();
        var r = await c.GetAsync("log/checkpoint");
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(f.Deployment.Ledger.Origin + "\n", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    static async Task<JsonElement> Answer(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{url}: {(int)r.StatusCode} {text}");
        Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    static JsonElement Schema200(JsonElement doc, string path) =>
        doc.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

    /// <summary>Compares a value with its schema, recursively; returns how many objects were compared.</summary>
    static int Compare(JsonElement doc, JsonElement schema, JsonElement value, string at, List<string> mismatches)
    {
        schema = Resolve(doc, schema);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            // The generator writes a nullable reference as oneOf [null, the type].
            var nonNull = oneOf.EnumerateArray().Where(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
            return nonNull.Count == 1 ? Compare(doc, nonNull[0], value, at, mismatches) : 0;
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            return value.EnumerateArray().Take(20).Select((v, i) => Compare(doc, items, v, $"{at}[{i}]", mismatches)).Sum();
        }
        if (value.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties))
        {
            return 0;
        }
        var declared = properties.EnumerateObject().Select(p => p.Name).ToHashSet();
        var sent = value.EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var missing in declared.Except(sent))
        {
            mismatches.Add($"{at}: declared but not sent: {missing}");
        }
        foreach (var extra in sent.Except(declared))
        {
            mismatches.Add($"{at}: sent but not declared: {extra}");
        }
        return 1 + value.EnumerateObject().Where(p => properties.TryGetProperty(p.Name, out _))
            .Sum(p => Compare(doc, properties.GetProperty(p.Name), p.Value, $"{at}.{p.Name}", mismatches));
    }

    static JsonElement Resolve(JsonElement doc, JsonElement schema)
    {
        while (schema.TryGetProperty("$ref", out var r))
        {
            var name = r.GetString()!["#/components/schemas/".Length..];
            schema = doc.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }
}
