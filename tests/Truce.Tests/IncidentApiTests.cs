using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Ledger.Entries;

namespace Truce.Tests;

/// <summary>The incidents capability through the real server and a real SQLite file, as parties and the public use it.</summary>
[Trait("Store", "both")]
public class IncidentApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    // A place and time of our own, away from the demo's synthetic events.
    static readonly DateTimeOffset T = DateTimeOffset.UtcNow.AddHours(-2);
    const double Lat = 39.40, Lon = 46.40;

    async Task<HttpResponseMessage> Post(string party, string kind, JsonObject body, Visibility vis = Visibility.Public, string? cid = null)
    {
        var (env, b) = EntryBuilder.Build(f.Deployment.Ledger.Origin, kind, f.Deployment.LoadKey(party), body, DateTimeOffset.UtcNow, vis, null, cid);
        using var c = f.Client(party);
        return await c.PostAsJsonAsync("api/entries", new { envelope = env, body = b });
    }

    static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    async Task<long> Ok(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("index").GetInt64();
    }

    static JsonObject Report(string type, DateTimeOffset start, string source, string sourceId, double lat, double lon, string precision = "near") => new()
    {
        ["category"] = "ceasefire-violation",
        ["type"] = type,
        ["time"] = new JsonObject { ["start"] = Time(start), ["end"] = Time(start.AddMinutes(4)) },
        ["location"] = new JsonObject
        {
            ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) },
            ["precision"] = precision,
        },
        ["source"] = new JsonObject { ["kind"] = source, ["id"] = sourceId },
        ["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = 2, ["best"] = 3, ["high"] = 5 } },
        ["synthetic"] = true,
    };

    static string Time(DateTimeOffset t) => Envelope.FormatTime(t);

    [Fact]
    public async Task Two_sources_of_one_shelling_become_one_incident_with_reasons_and_claims_beside_it()
    {
        var a = await Ok(await Post("pk", "report", Report("mortar", T, "patrol", "it-patrol-1", Lat, Lon)));
        var b = await Ok(await Post("jmc", "report", Report("artillery", T.AddMinutes(1), "fixed-camera", "it-cam-1", Lat + 0.002, Lon, "exact")));
        using var anon = f.Client();
        var rb = await anon.GetFromJsonAsync<JsonElement>($"api/reports/{b}");
        var incident = rb.GetProperty("incident").GetString()!;
        Assert.Equal(incident, (await anon.GetFromJsonAsync<JsonElement>($"api/reports/{a}")).GetProperty("incident").GetString());
        Assert.Contains(rb.GetProperty("joinedBy").GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("one family", StringComparison.Ordinal));
        Assert.StartsWith("decided by the factors together", rb.GetProperty("joinedBy").GetProperty("decided").GetString(), StringComparison.Ordinal);

        var claim = new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = "Ministry (synthetic)", ["kind"] = "ministry", ["party"] = "am" },
            ["stance"] = "denies",
            ["incidents"] = new JsonArray(long.Parse(incident[2..], System.Globalization.CultureInfo.InvariantCulture)),
            ["quote"] = "SYNTHETIC: no fire was opened.",
            ["source"] = new JsonObject { ["title"] = "Statement (synthetic)" },
        };
        await Ok(await Post("am", "claim", claim));
        var detail = await anon.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}?naming=az");
        Assert.Equal(2, detail.GetProperty("incident").GetProperty("reports").GetInt32());
        Assert.Equal("reported", detail.GetProperty("assessment").GetProperty("status").GetString());
        Assert.Equal("denies", detail.GetProperty("claims")[0].GetProperty("stance").GetString());
        Assert.Equal(2, detail.GetProperty("reports").GetArrayLength());
        Assert.Contains("one incident is one event", detail.GetProperty("incident").GetProperty("counting").GetString());
    }

    [Fact]
    public async Task A_client_id_sent_twice_is_one_report_and_another_body_under_it_is_refused()
    {
        var body = Report("small-arms", T.AddMinutes(30), "patrol", "it-patrol-2", Lat - 0.3, Lon);
        var first = await Post("pk", "report", body, cid: "it-device-7-0001");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var size = f.Deployment.Ledger.Sequencer.Size;
        var again = await Post("pk", "report", body, cid: "it-device-7-0001");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await Json(first)).GetProperty("index").GetInt64(), (await Json(again)).GetProperty("index").GetInt64());
        Assert.Equal(size, f.Deployment.Ledger.Sequencer.Size);
        var other = await Post("pk", "report", Report("mortar", T.AddMinutes(30), "patrol", "it-patrol-2", Lat - 0.3, Lon), cid: "it-device-7-0001");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(size, f.Deployment.Ledger.Sequencer.Size);
    }

    [Fact]
    public async Task Only_verifiers_of_mission_parties_assess_and_only_authors_retract()
    {
        var r = await Ok(await Post("az", "report", Report("mortar", T.AddMinutes(60), "party-statement", "it-az-1", Lat + 0.3, Lon, "settlement")));
        using var anon = f.Client();
        var incident = (await anon.GetFromJsonAsync<JsonElement>($"api/reports/{r}")).GetProperty("incident").GetString()!;
        var id = long.Parse(incident[2..], System.Globalization.CultureInfo.InvariantCulture);
        var status = new JsonObject { ["incident"] = id, ["status"] = "under-review", ["reason"] = "test" };
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("az", "incident.status", status)).StatusCode); // az has no verifier role
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("am", "report.retract", new JsonObject { ["report"] = r, ["reason"] = "x" })).StatusCode);
        await Ok(await Post("jmc", "incident.status", status));
        var skip = await Post("jmc", "incident.status", new JsonObject { ["incident"] = id, ["status"] = "reported", ["reason"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, skip.StatusCode);
        Assert.Equal("body.status", (await Json(skip)).GetProperty("field").GetString());
        await Ok(await Post("az", "report.retract", new JsonObject { ["report"] = r, ["reason"] = "wrong village" }));
        var view = await anon.GetFromJsonAsync<JsonElement>($"api/reports/{r}");
        Assert.Equal("wrong village", view.GetProperty("retracted").GetProperty("reason").GetString());
    }

    /// <summary>A party's statement, then a mission UAV's shelling 8 km from the village it names, which only the
    /// mission's members may see: too far to attach the statement, near enough to be suggested to it. Whoever sees the
    /// UAV's report is shown the suggestion, and the change feed sends the statement's incident again; the public, whose
    /// answers come from the entries it may see, is shown neither, as if the UAV's report did not exist.</summary>
    [Fact]
    public async Task A_later_observation_is_suggested_to_a_statement_and_sent_again_to_those_who_may_see_it()
    {
        const double lat = 39.05, lon = 46.05;
        var morning = new DateTimeOffset(T.UtcDateTime.Date.AddDays(-1).AddHours(6), TimeSpan.Zero);
        var statement = Report("artillery", morning, "party-statement", "it-az-resuggest", lat, lon, "settlement");
        statement["time"] = new JsonObject { ["start"] = Time(morning), ["end"] = Time(morning), ["precision"] = "part-of-day" };
        statement.Remove("counts");
        var said = await Ok(await Post("az", "report", statement));
        using var anon = f.Client();
        using var pk = f.Client("pk");
        var incident = (await anon.GetFromJsonAsync<JsonElement>($"api/reports/{said}")).GetProperty("incident").GetString();
        Assert.Equal(0, (await anon.GetFromJsonAsync<JsonElement>($"api/reports/{said}")).GetProperty("suggestions").GetArrayLength());
        var size = (await anon.GetFromJsonAsync<JsonElement>("api/changes?after=0&limit=1")).GetProperty("size").GetInt64();

        var uav = Report("artillery", morning.AddHours(2), "drone", "it-uav-resuggest", lat, lon + 8 / (111.32 * Math.Cos(lat * Math.PI / 180)), "exact");
        uav.Remove("counts");
        var seen = await Ok(await Post("jmc", "report", uav, Visibility.Party));
        var forPk = await pk.GetFromJsonAsync<JsonElement>($"api/reports/{said}");
        Assert.Equal(incident, forPk.GetProperty("incident").GetString());
        var suggested = Assert.Single(forPk.GetProperty("suggestions").EnumerateArray());
        Assert.Equal((await pk.GetFromJsonAsync<JsonElement>($"api/reports/{seen}")).GetProperty("incident").GetString(), suggested.GetProperty("incident").GetString());
        Assert.StartsWith($"weighed again after report {seen}, an observation near it: not attached", suggested.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        static IEnumerable<string?> Sent(JsonElement feed) => feed.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("collection").GetString() == "incidents").Select(i => i.GetProperty("id").GetString());
        Assert.Contains(incident, Sent(await pk.GetFromJsonAsync<JsonElement>($"api/changes?after={size}")));

        Assert.Equal(0, (await anon.GetFromJsonAsync<JsonElement>($"api/reports/{said}")).GetProperty("suggestions").GetArrayLength());
        Assert.DoesNotContain(incident, Sent(await anon.GetFromJsonAsync<JsonElement>($"api/changes?after={size}")));
    }

    [Fact]
    public async Task A_party_only_report_is_seen_by_its_party_and_the_mission_only()
    {
        var r = await Ok(await Post("az", "report", Report("tank", T.AddMinutes(90), "party-statement", "it-az-2", Lat, Lon + 0.5), Visibility.Party));
        using var anon = f.Client();
        using var am = f.Client("am");
        using var az = f.Client("az");
        using var pk = f.Client("pk");
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"api/reports/{r}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await am.GetAsync($"api/reports/{r}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await az.GetAsync($"api/reports/{r}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pk.GetAsync($"api/reports/{r}")).StatusCode);
        var incident = (await az.GetFromJsonAsync<JsonElement>($"api/reports/{r}")).GetProperty("incident").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await am.GetAsync($"api/incidents/{incident}")).StatusCode);
        var listed = await am.GetFromJsonAsync<JsonElement>("api/incidents?type=tank&limit=1000");
        Assert.DoesNotContain(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == incident);
    }

    [Fact]
    public async Task Bad_reports_get_a_problem_naming_every_bad_field_and_store_nothing()
    {
        var body = Report("mortar", T, "rumour", "x", 95, Lon);
        body["confidence"] = "certain";
        var size = f.Deployment.Ledger.Sequencer.Size;
        var r = await Post("pk", "report", body);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var fields = (await Json(r)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Contains("body.source.kind", fields);
        Assert.Contains("body.confidence", fields);
        Assert.Contains("body.location.geometry.coordinates", fields);
        Assert.Equal(size, f.Deployment.Ledger.Sequencer.Size);

        using var anon = f.Client();
        foreach (var bad in new[] { "api/incidents?bbox=1,2,3", "api/incidents?from=yesterday", "api/incidents?type=laser", "api/incidents/I-x",
            "api/incidents?area=%7B%22type%22%3A%22Point%22%7D", "api/places/resolve", "api/places?near=100,0", "api/stats/daily?by=colour" })
        {
            var resp = await anon.GetAsync(bad);
            Assert.True(resp.StatusCode == HttpStatusCode.BadRequest, $"{bad} → {resp.StatusCode}");
            Assert.True((await Json(resp)).TryGetProperty("field", out _), bad);
        }
    }

    /// <summary>A misspelt field is refused by name, not stored and ignored; so is one in the ledger's own kinds.</summary>
    [Fact]
    public async Task A_field_the_kind_does_not_have_is_refused_by_name_and_stores_nothing()
    {
        var body = Report("mortar", T, "patrol", "p-strict", Lat, Lon);
        body["descripton"] = "misspelt";
        ((JsonObject)body["location"]!)["radious"] = 500;
        var size = f.Deployment.Ledger.Sequencer.Size;
        var r = await Post("pk", "report", body);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var fields = (await Json(r)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["body.descripton", "body.location.radious"], fields);
        var note = await Post("pk", EntryKinds.Note, new JsonObject { ["text"] = "hello", ["txet"] = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, note.StatusCode);
        Assert.Equal("body.txet", (await Json(note)).GetProperty("field").GetString());
        Assert.Equal(size, f.Deployment.Ledger.Sequencer.Size);

        body.Remove("descripton");
        ((JsonObject)body["location"]!).Remove("radious");
        await Ok(await Post("pk", "report", body));
    }

    [Fact]
    public async Task Filters_paging_daily_counts_and_rebuild_give_the_same_incidents()
    {
        using var anon = f.Client();
        var page1 = await anon.GetFromJsonAsync<JsonElement>("api/incidents?limit=5");
        Assert.Equal(5, page1.GetProperty("items").GetArrayLength());
        var next = page1.GetProperty("next").GetString();
        var page2 = await anon.GetFromJsonAsync<JsonElement>($"api/incidents?limit=5&after={next}");
        Assert.True(page2.GetProperty("items")[0].GetProperty("id").GetString() != page1.GetProperty("items")[4].GetProperty("id").GetString());
        var inBox = await anon.GetFromJsonAsync<JsonElement>("api/incidents?bbox=46.62,39.62,46.85,39.9&limit=1000");
        Assert.All(inBox.GetProperty("items").EnumerateArray(), i =>
        {
            var loc = i.GetProperty("location");
            Assert.InRange(loc.GetProperty("lon").GetDouble(), 46.62, 46.85);
            Assert.InRange(loc.GetProperty("lat").GetDouble(), 39.62, 39.9);
        });
        var daily = await anon.GetFromJsonAsync<JsonElement>("api/stats/daily?by=type");
        Assert.Contains("incidents count events", daily.GetProperty("counting").GetString());
        Assert.True(daily.GetProperty("rows").GetArrayLength() > 10);
        Assert.All(daily.GetProperty("rows").EnumerateArray(), row => Assert.True(row.GetProperty("reports").GetInt32() >= row.GetProperty("incidents").GetInt32()));

        var before = await anon.GetStringAsync("api/incidents?limit=1000");
        var (digestBefore, digestAfter) = f.Deployment.Ledger.Rebuild();
        Assert.Equal(digestBefore, digestAfter);
        Assert.Equal(before, await anon.GetStringAsync("api/incidents?limit=1000"));
    }

    [Fact]
    public async Task The_demo_has_events_located_by_crossing_bearings_from_two_posts()
    {
        using var anon = f.Client();
        var posts = await anon.GetFromJsonAsync<JsonElement>("api/reports?source=observation-post&limit=1000");
        var crossed = posts.GetProperty("items").EnumerateArray().GroupBy(r => r.GetProperty("incident").GetString())
            .Where(g => g.Select(r => r.GetProperty("observer").GetProperty("id").GetString()).Distinct().Count() >= 2).ToList();
        Assert.NotEmpty(crossed);
        foreach (var g in crossed)
        {
            var incident = await anon.GetFromJsonAsync<JsonElement>($"api/incidents/{g.Key}");
            var fused = incident.GetProperty("incident").GetProperty("location").GetProperty("maxSigmaKm").GetDouble();
            Assert.All(g, r => Assert.True(fused < r.GetProperty("estimate").GetProperty("maxSigmaKm").GetDouble(),
                $"{g.Key}: the crossing ({fused} km) is tighter than each bearing alone"));
        }
    }

    [Fact]
    public async Task Places_resolve_either_sides_name_and_show_the_readers_naming()
    {
        using var anon = f.Client();
        var shushi = await anon.GetFromJsonAsync<JsonElement>("api/places/resolve?text=Shushi");
        var shusha = await anon.GetFromJsonAsync<JsonElement>("api/places/resolve?text=near%20Shusha");
        Assert.Equal(shushi.GetProperty("place").GetProperty("id").GetString(), shusha.GetProperty("place").GetProperty("id").GetString());
        Assert.Equal("near", shusha.GetProperty("precision").GetString());
        var neutral = shushi.GetProperty("place").GetProperty("name").GetString()!;
        Assert.Contains("Shusha", neutral);
        Assert.Contains("Shushi", neutral);
        var id = shushi.GetProperty("place").GetProperty("id").GetString();
        Assert.Equal("Shusha", (await anon.GetFromJsonAsync<JsonElement>($"api/places/{id}?naming=az")).GetProperty("name").GetString());
        Assert.Equal("Shushi", (await anon.GetFromJsonAsync<JsonElement>($"api/places/{id}?naming=am")).GetProperty("name").GetString());
        var posts = await anon.GetFromJsonAsync<JsonElement>("api/places/defined");
        Assert.Equal(14, posts.GetProperty("total").GetInt64()); // the demo's observation posts, defined by entries
    }
}
