using System.Net;
using System.Text.Json;

namespace Truce.Tests;

/// <summary>OGC API – Features at /ogc over the demo: the documents, paging by next links, each filter, and refusals.</summary>
public class OgcApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static async Task<JsonElement> Json(HttpClient c, string url, string type = "application/json")
    {
        var r = await c.GetAsync(url);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{url}: {(int)r.StatusCode} {text}");
        Assert.Equal(type, r.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    static IEnumerable<string> Ids(JsonElement fc) => fc.GetProperty("features").EnumerateArray().Select(x => x.GetProperty("id").GetString()!);

    static string? Link(JsonElement doc, string rel) =>
        doc.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == rel) is { ValueKind: JsonValueKind.Object } l
            ? l.GetProperty("href").GetString() : null;

    [Fact]
    public async Task The_landing_page_links_the_api_definition_conformance_and_collections()
    {
        using var c = f.Client();
        var landing = await Json(c, "/ogc");
        Assert.EndsWith("/ogc/api", Link(landing, "service-desc"));
        Assert.EndsWith("/ogc/conformance", Link(landing, "conformance"));
        Assert.EndsWith("/ogc/collections", Link(landing, "data"));
        var conformance = (await Json(c, "/ogc/conformance")).GetProperty("conformsTo").EnumerateArray().Select(x => x.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", conformance);
        Assert.Contains("http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", conformance);
        var api = await Json(c, "/ogc/api", "application/vnd.oai.openapi+json");
        Assert.Equal("3.0.3", api.GetProperty("openapi").GetString());
        Assert.True(api.GetProperty("paths").TryGetProperty("/collections/hazards/items", out _));
    }

    [Fact]
    public async Task Every_collection_is_listed_with_its_items_and_queryables()
    {
        using var c = f.Client("mission");
        var ids = (await Json(c, "/ogc/collections")).GetProperty("collections").EnumerateArray().Select(x => x.GetProperty("id").GetString()).ToList();
        Assert.Equal(["incidents", "reports", "places", "corridors", "checkpoints", "activities", "hazards", "minefields", "ordnance", "gazetteer"], ids);
        var hazards = await Json(c, "/ogc/collections/hazards");
        Assert.Equal(4, hazards.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0].GetArrayLength());
        Assert.EndsWith("/ogc/collections/hazards/items", Link(hazards, "items"));
        var queryables = await Json(c, "/ogc/collections/hazards/queryables", "application/schema+json");
        Assert.Equal("string", queryables.GetProperty("properties").GetProperty("status").GetProperty("type").GetString());
        Assert.Equal("date-time", queryables.GetProperty("properties").GetProperty("recorded").GetProperty("format").GetString());
    }

    [Fact]
    public async Task Following_next_links_gives_every_feature_once_and_numberMatched_counts_them()
    {
        using var c = f.Client("mission");
        var all = await Json(c, "/ogc/collections/reports/items?limit=10000", "application/geo+json");
        var expected = Ids(all).ToList();
        Assert.Equal(expected.Count, all.GetProperty("numberMatched").GetInt32());
        Assert.True(expected.Count > 20);
        var seen = new List<string>();
        var url = "/ogc/collections/reports/items?limit=7";
        while (url is not null)
        {
            var page = await Json(c, url, "application/geo+json");
            Assert.Equal(expected.Count, page.GetProperty("numberMatched").GetInt32());
            Assert.Equal(page.GetProperty("features").GetArrayLength(), page.GetProperty("numberReturned").GetInt32());
            seen.AddRange(Ids(page));
            url = Link(page, "next");
        }
        Assert.Equal(expected, seen);
        var one = await Json(c, $"/ogc/collections/reports/items/{expected[3]}", "application/geo+json");
        Assert.Equal(expected[3], one.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/ogc/collections/reports/items/999999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/ogc/collections/nothing/items")).StatusCode);
    }

    [Fact]
    public async Task Bbox_datetime_property_and_cql2_filters_keep_exactly_the_matching_features()
    {
        using var c = f.Client("mission");
        var all = (await Json(c, "/ogc/collections/hazards/items?limit=10000", "application/geo+json")).GetProperty("features").EnumerateArray().ToList();
        string Status(JsonElement h) => h.GetProperty("properties").GetProperty("status").GetString()!;
        var open = all.Where(h => Status(h) == "open").Select(h => h.GetProperty("id").GetString()).ToList();
        Assert.Equal(open, Ids(await Json(c, "/ogc/collections/hazards/items?limit=10000&status=open", "application/geo+json")));
        Assert.Equal(open, Ids(await Json(c, "/ogc/collections/hazards/items?limit=10000&filter=status%20%3D%20%27open%27", "application/geo+json")));
        var notOpen = Ids(await Json(c, "/ogc/collections/hazards/items?limit=10000&filter-lang=cql2-text&filter=NOT%20(status%3D%27open%27)%20OR%20remainingM2%3C0",
            "application/geo+json"));
        Assert.Equal(all.Count - open.Count, notOpen.Count());

        var incidents = (await Json(c, "/ogc/collections/incidents/items?limit=10000", "application/geo+json")).GetProperty("features").EnumerateArray().ToList();
        var times = incidents.Select(i => DateTimeOffset.Parse(i.GetProperty("properties").GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        var middle = times[times.Count / 2];
        var later = await Json(c, $"/ogc/collections/incidents/items?limit=10000&datetime={middle.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}/..", "application/geo+json");
        Assert.InRange(later.GetProperty("numberMatched").GetInt32(), times.Count(t => t >= middle), incidents.Count - 1);
        // A reporting party is a list on an incident: parties=az keeps those with a report by az, as /api/incidents?party=az.
        bool ByAz(JsonElement i) => i.GetProperty("properties").GetProperty("parties").EnumerateArray().Any(p => p.GetString() == "az");
        var byAz = Ids(await Json(c, "/ogc/collections/incidents/items?limit=10000&parties=az", "application/geo+json")).ToList();
        Assert.NotEmpty(byAz);
        Assert.Equal(incidents.Where(ByAz).Select(i => i.GetProperty("id").GetString()), byAz);
        Assert.True(byAz.Count < incidents.Count);
        Assert.Equal(byAz.Count, (await Json(c, "/api/incidents?party=az&limit=1")).GetProperty("total").GetInt32());
        var box = await Json(c, "/ogc/collections/incidents/items?limit=10000&bbox=46.7,39.7,46.8,39.8", "application/geo+json");
        Assert.All(box.GetProperty("features").EnumerateArray(), i =>
        {
            var p = i.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(p[0].GetDouble(), 46.7, 46.8);
            Assert.InRange(p[1].GetDouble(), 39.7, 39.8);
        });
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("bbox=47,39,46,40", "bbox")]
    [InlineData("datetime=yesterday", "datetime")]
    [InlineData("colour=red", "colour")]
    [InlineData("status=open&status=closed", "status")]
    [InlineData("remainingM2=lots", "remainingM2")]
    [InlineData("filter=colour%3D%27red%27", "filter")]
    [InlineData("filter=remainingM2%3D%27x%27", "filter")]
    [InlineData("filter=status%20%3D", "filter")]
    [InlineData("filter=status%3D%27open%27&filter-lang=cql2-json", "filter-lang")]
    public async Task A_bad_argument_is_a_problem_naming_it(string query, string field)
    {
        using var c = f.Client();
        var r = await c.GetAsync($"/ogc/collections/hazards/items?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Names_follow_the_readers_naming()
    {
        using var c = f.Client();
        var az = await Json(c, "/ogc/collections/gazetteer/items?limit=500&naming=az", "application/geo+json");
        var am = await Json(c, "/ogc/collections/gazetteer/items?limit=500&naming=am", "application/geo+json");
        static List<string?> Names(JsonElement fc) => [.. fc.GetProperty("features").EnumerateArray().Select(x => x.GetProperty("properties").GetProperty("name").GetString())];
        Assert.Equal(Ids(az), Ids(am));
        Assert.NotEqual(Names(az), Names(am));
    }
}
