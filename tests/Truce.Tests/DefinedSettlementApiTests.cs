using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;

namespace Truce.Tests;

/// <summary>Settlements the mission defines by <c>place</c> entry, through the real server: the gazetteer's endpoints
/// resolve and list them for every reader who may see the entry, and for no one else.</summary>
public class DefinedSettlementApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static JsonObject Settlement(string id, double lat, double lon, string az, string am) => new()
    {
        ["id"] = id,
        ["kind"] = "settlement",
        ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
        ["names"] = new JsonObject { ["az"] = az, ["am"] = am },
        ["synthetic"] = true,
    };

    static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_defined_settlement_resolves_by_either_sides_name_for_those_who_may_see_it()
    {
        using var anon = f.Client();
        using var pk = f.Client("pk");
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("api/places/resolve?text=Qaraqoyunlu-test")).StatusCode);
        // No shipped settlement lies where the test's villages go (the lists below would hold it).
        Assert.Equal(0, (await Json(await anon.GetAsync("api/places/?near=39.42,46.41&radius=5000&kind=settlement"))).GetProperty("items").GetArrayLength());

        await Json(await f.PostEntryAsync("jmc", "place", Settlement("it-village-1", 39.41, 46.41, "Qaraqoyunlu-test", "Sev Kar-test")));
        await Json(await f.PostEntryAsync("jmc", "place", Settlement("it-village-2", 39.43, 46.41, "Gizli-test", "Gaghtni-test"),
            Visibility.Restricted, ["pk"]));

        var byAz = await Json(await anon.GetAsync("api/places/resolve?text=Qaraqoyunlu-test"));
        var byAm = await Json(await anon.GetAsync("api/places/resolve?text=near%20Sev%20Kar-test"));
        Assert.Equal("it-village-1", byAz.GetProperty("place").GetProperty("id").GetString());
        Assert.Equal("it-village-1", byAm.GetProperty("place").GetProperty("id").GetString());
        Assert.Equal("near", byAm.GetProperty("precision").GetString());
        // What a client signs: the place's id, so correlation reads the village it names.
        Assert.Equal("it-village-1", byAz.GetProperty("location").GetProperty("place").GetString());
        var offset = await Json(await anon.GetAsync("api/places/resolve?text=4%20km%20south-east%20of%20Qaraqoyunlu-test"));
        Assert.Equal("it-village-1", offset.GetProperty("place").GetProperty("id").GetString());
        Assert.True(offset.GetProperty("point").GetProperty("coordinates")[1].GetDouble() < 39.41, "south of the village");

        var one = await Json(await anon.GetAsync("api/places/it-village-1?naming=am"));
        Assert.Equal(("Sev Kar-test", "settlement", 39.41), (one.GetProperty("name").GetString(), one.GetProperty("kind").GetString(), one.GetProperty("lat").GetDouble()));
        var near = await Json(await anon.GetAsync("api/places/?near=39.41,46.41&radius=1000&kind=settlement"));
        Assert.Equal(["it-village-1"], near.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));

        // The restricted one: pk resolves it, the public does not learn it exists.
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("api/places/resolve?text=Gizli-test")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("api/places/it-village-2")).StatusCode);
        Assert.Equal("it-village-2", (await Json(await pk.GetAsync("api/places/resolve?text=Gizli-test"))).GetProperty("place").GetProperty("id").GetString());
        var nearForPk = await Json(await pk.GetAsync("api/places/?near=39.415,46.41&radius=3000&kind=settlement"));
        Assert.Equal(["it-village-1", "it-village-2"], nearForPk.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Incidents_near_a_defined_settlement_are_named_after_it_for_those_who_may_see_it_and_sent_again()
    {
        using var anon = f.Client();
        using var pk = f.Client("pk");
        const double lat = 39.30, lon = 46.20;
        Assert.Equal(0, (await Json(await anon.GetAsync($"api/places/?near={lat},{lon}&radius=10000&kind=settlement"))).GetProperty("items").GetArrayLength());
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var report = new JsonObject
        {
            ["category"] = "ceasefire-violation",
            ["type"] = "mortar",
            ["time"] = new JsonObject { ["start"] = Truce.Ledger.Entries.Envelope.FormatTime(start), ["end"] = Truce.Ledger.Entries.Envelope.FormatTime(start.AddMinutes(3)) },
            ["location"] = new JsonObject
            {
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
                ["precision"] = "exact",
            },
            ["source"] = new JsonObject { ["kind"] = "patrol", ["id"] = "it-naming-patrol" },
            ["synthetic"] = true,
        };
        var index = (await Json(await f.PostEntryAsync("jmc", "report", report))).GetProperty("index").GetInt64();
        var id = (await Json(await anon.GetAsync($"api/reports/{index}"))).GetProperty("incident").GetString();
        static string? Near(JsonElement detail) => detail.GetProperty("incident").GetProperty("near") is { ValueKind: JsonValueKind.String } n ? n.GetString() : null;
        Assert.Null(Near(await Json(await pk.GetAsync($"api/incidents/{id}"))));
        // The log's size, which the feed gives whatever the reader may see.
        var size = (await Json(await anon.GetAsync("api/changes?after=0&limit=1"))).GetProperty("size").GetInt64();

        // A village 2 km north, which only pk may see: pk's answers name the incident after it, everyone else's as before.
        await Json(await f.PostEntryAsync("jmc", "place", Settlement("it-village-3", lat + 0.018, lon, "Yaxinkend-test", "Motik-test"),
            Visibility.Restricted, ["pk"]));
        Assert.Equal("Yaxinkend-test", Near(await Json(await pk.GetAsync($"api/incidents/{id}?naming=az"))));
        Assert.Equal("Motik-test", (await Json(await pk.GetAsync($"ogc/collections/incidents/items/{id}?naming=am")))
            .GetProperty("properties").GetProperty("near").GetString());
        Assert.Null(Near(await Json(await anon.GetAsync($"api/incidents/{id}"))));
        Assert.Equal(JsonValueKind.Null, (await Json(await anon.GetAsync($"ogc/collections/incidents/items/{id}")))
            .GetProperty("properties").GetProperty("near").ValueKind);

        // The incident did not change, its name did: the change feed sends it again to pk, and to no one else.
        static IEnumerable<string?> Sent(JsonElement feed) => feed.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("collection").GetString() == "incidents").Select(i => i.GetProperty("id").GetString());
        var forPk = await Json(await pk.GetAsync($"api/changes?after={size}&naming=az"));
        Assert.Contains(id, Sent(forPk));
        Assert.DoesNotContain(id, Sent(await Json(await anon.GetAsync($"api/changes?after={size}"))));
        // The village itself is in pk's gazetteer collection, and new there in pk's feed.
        Assert.Contains(forPk.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("collection").GetString() == "gazetteer" && i.GetProperty("id").GetString() == "it-village-3");
        Assert.Equal("Motik-test", (await Json(await pk.GetAsync("ogc/collections/gazetteer/items/it-village-3?naming=am")))
            .GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("ogc/collections/gazetteer/items/it-village-3")).StatusCode);
    }

    [Fact]
    public async Task A_settlement_that_is_not_a_point_is_refused_and_nothing_is_stored()
    {
        using var anon = f.Client();
        var body = Settlement("it-village-area", 39.2, 46.2, "Sahə-test", "Taracq-test");
        body["geometry"] = new JsonObject
        {
            ["type"] = "LineString",
            ["coordinates"] = new JsonArray(new JsonArray(46.2, 39.2), new JsonArray(46.21, 39.21)),
        };
        var size = (await Json(await anon.GetAsync("api/entries?limit=1"))).GetProperty("total").GetInt64();
        var refused = await f.PostEntryAsync("jmc", "place", body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("body.geometry.type", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(size, (await Json(await anon.GetAsync("api/entries?limit=1"))).GetProperty("total").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("api/places/resolve?text=Sahə-test")).StatusCode);
    }
}
