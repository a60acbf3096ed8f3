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

    /// <summary>The map's clusters of the demo's incidents: every incident counted once, in a cluster or alone; fewer
    /// answers than incidents at a low zoom; a filter narrows the count as the OGC items' count does; bad arguments are
    /// problems that name them.</summary>
    [Fact]
    public async Task The_map_groups_every_incident_once_and_refuses_bad_arguments_by_name()
    {
        using var c = f.Client();
        var items = await Json(c, "/ogc/collections/incidents/items?limit=10000");
        var all = items.GetProperty("numberMatched").GetInt64();
        foreach (var zoom in new[] { 5, 9, 11 })
        {
            var map = await Json(c, $"/api/map/incidents?zoom={zoom}&bbox=44,38,49,42");
            var features = map.GetProperty("features").EnumerateArray().ToList();
            var counted = features.Sum(x => x.GetProperty("properties").TryGetProperty("cluster", out _)
                ? x.GetProperty("properties").GetProperty("count").GetInt64() : 1);
            Assert.Equal(all, map.GetProperty("numberMatched").GetInt64());
            Assert.Equal(all, counted);
            if (zoom == 5)
            {
                Assert.True(features.Count < all / 4, $"{features.Count} answers for {all} incidents at zoom 5");
            }
        }
        var verified = await Json(c, "/api/map/incidents?zoom=9&bbox=44,38,49,42&status=verified");
        Assert.Equal((await Json(c, "/ogc/collections/incidents/items?status=verified&limit=1")).GetProperty("numberMatched").GetInt64(),
            verified.GetProperty("numberMatched").GetInt64());

        foreach (var (url, field) in new[]
        {
            ("/api/map/incidents", "zoom"), ("/api/map/incidents?zoom=23", "zoom"), ("/api/map/incidents?zoom=12", "bbox"),
            ("/api/map/incidents?zoom=16&bbox=-180,-90,180,90", "bbox"), ("/api/map/incidents?zoom=5&limit=10", "limit"),
            ("/api/map/incidents?zoom=5&colour=red", "colour"),
        })
        {
            var r = await c.GetAsync(url);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)r.StatusCode} {body}");
            Assert.Contains(field, body, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/map/nothing?zoom=5")).StatusCode);
    }

    [Fact]
    public async Task Each_module_summary_reaches_the_home_page()
    {
        using var c = f.Client();
        var home = await c.GetStringAsync("/ledger");
        foreach (var title in new[] { "Incidents", "The mandate", "Mine action" })
        {
            Assert.Contains($"<h2>{title}</h2>", home);
        }
        Assert.Matches(@"\d+ open hazards you may see", home);
    }
}
