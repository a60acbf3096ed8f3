using System.Net;
using System.Text.Json;
using Truce.Tests.VisibilityDifferential;

namespace Truce.Tests;

/// <summary>The feature collections the modules declare, served by the server without naming a module.</summary>
[Trait("Store", "both")]
public class LayerApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static async Task<JsonElement> Json(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        Assert.True(r.IsSuccessStatusCode, $"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Every_module_layer_is_listed_and_the_differential_test_asks_for_each()
    {
        using var c = f.Client();
        var listed = (await Json(c, "/api/layers")).GetProperty("layers").EnumerateArray()
            .Select(l => $"{l.GetProperty("module").GetString()}/{l.GetProperty("id").GetString()}").ToList();
        Assert.Equal(f.Deployment.Ledger.Modules.SelectMany(m => m.Layers.Select(l => $"{m.Name}/{l.Id}")), listed);
        Assert.Equal(Requests.Layers.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_layer_is_a_geojson_feature_collection_with_unique_ids_and_the_same_things_as_its_module_api()
    {
        using var c = f.Client();
        var hazards = await Json(c, "/api/layers/mine-action/hazards?limit=10000");
        Assert.Equal("FeatureCollection", hazards.GetProperty("type").GetString());
        Assert.False(hazards.GetProperty("truncated").GetBoolean());
        var features = hazards.GetProperty("features").EnumerateArray().ToList();
        Assert.NotEmpty(features);
        Assert.All(features, h => Assert.Contains(h.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" }));
        Assert.Equal(features.Count, features.Select(h => h.GetProperty("id").GetString()).Distinct().Count());
        var api = (await Json(c, "/api/hazards?limit=1000")).GetProperty("items").EnumerateArray().Select(h => h.GetProperty("id").GetString()).ToList();
        Assert.Equal(api, features.Select(h => h.GetProperty("id").GetString()));

        var corridors = await Json(c, "/api/layers/mandate/corridors");
        Assert.All(corridors.GetProperty("features").EnumerateArray(), r => Assert.Equal("LineString", r.GetProperty("geometry").GetProperty("type").GetString()));
        var incidents = await Json(c, "/api/layers/incidents/incidents?limit=10000");
        Assert.Equal((await Json(c, "/api/incidents?limit=1000")).GetProperty("total").GetInt64(), incidents.GetProperty("numberReturned").GetInt64());
    }

    [Fact]
    public async Task A_layer_cut_by_its_limit_says_so_and_bad_arguments_are_named()
    {
        using var c = f.Client();
        var two = await Json(c, "/api/layers/mine-action/hazards?limit=2");
        Assert.Equal(2, two.GetProperty("features").GetArrayLength());
        Assert.True(two.GetProperty("truncated").GetBoolean());
        var bad = await c.GetAsync("/api/layers/mine-action/hazards?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("limit", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/layers/mine-action/nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/layers/nothing/hazards")).StatusCode);
    }

    [Fact]
    public async Task Each_module_summary_reaches_the_home_page()
    {
        using var c = f.Client();
        var home = await c.GetStringAsync("/");
        foreach (var title in new[] { "Incidents", "The mandate", "Mine action" })
        {
            Assert.Contains($"<h2>{title}</h2>", home);
        }
        Assert.Matches(@"\d+ open hazards you may see", home);
    }
}
