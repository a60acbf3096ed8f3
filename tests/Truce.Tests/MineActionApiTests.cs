using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.MineAction;

namespace Truce.Tests;

/// <summary>Mine action through the real server on the demo deployment: safety queries, visibility of victims, erasure.</summary>
[Trait("Store", "both")]
public class MineActionApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    MineActionModule Module => f.Deployment.Ledger.Module<MineActionModule>()!;

    [Fact]
    public async Task The_demo_has_hazards_records_handovers_and_released_land_all_synthetic()
    {
        using var anon = f.Client();
        var hazards = (await anon.GetFromJsonAsync<JsonElement>("api/hazards?limit=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.True(hazards.Count >= 40);
        Assert.All(hazards, h => Assert.True(h.GetProperty("synthetic").GetBoolean()));
        Assert.Contains(hazards, h => h.GetProperty("status").GetString() == "handed-over");
        Assert.Contains(hazards, h => h.GetProperty("parts").GetInt32() == 2);
        // Minefield records are restricted to the receiving side, the agency and the peacekeepers.
        Assert.Empty((await anon.GetFromJsonAsync<JsonElement>("api/minefields")).GetProperty("items").EnumerateArray());
        using var az = f.Client("az");
        var records = (await az.GetFromJsonAsync<JsonElement>("api/minefields")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(9, records.Count);
        Assert.Contains(records, r => r.GetProperty("accuracy").ValueKind == JsonValueKind.Number);
        var detail = await az.GetFromJsonAsync<JsonElement>("api/minefields/MF-AGH-01");
        Assert.Equal(2, detail.GetProperty("referencePoints").GetArrayLength());
        var handovers = (await anon.GetFromJsonAsync<JsonElement>("api/minefields/handovers")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([97000, 92000], handovers.Select(h => h.GetProperty("minesStated").GetInt32()));
        var tasks = (await anon.GetFromJsonAsync<JsonElement>("api/land-release/tasks")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(24, tasks.Count);
        Assert.All(tasks, t => Assert.NotEmpty(t.GetProperty("activities").EnumerateArray()));
        var visits = (await anon.GetFromJsonAsync<JsonElement>("api/land-release/quality-visits")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(visits, v => v.GetProperty("nonconformities").GetArrayLength() > 0);
        var stats = await anon.GetFromJsonAsync<JsonElement>("api/mine-action/stats");
        Assert.Contains(stats.GetProperty("byMethod").EnumerateArray(), m => m.GetProperty("key").GetString() == "mine-detection-dog");
        Assert.True(stats.GetProperty("total").GetProperty("totalM2").GetDouble() > 0);
        Assert.Equal(1, stats.GetProperty("ordnanceByCategory").GetProperty("missile-remains").GetInt32());
        Assert.Equal(5, stats.GetProperty("victims").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Safety_queries_answer_for_a_point_a_route_and_a_parcel()
    {
        var h = Module.Read(Core.Access.Reader.Mission, b => b.Hazards.Values.First(x => x.Status == "open" && x.Parts == 1));
        var c = h.Remaining.InteriorPoint;
        using var anon = f.Client();
        var point = await anon.GetFromJsonAsync<JsonElement>(FormattableString.Invariant($"api/safety?lat={c.Y}&lon={c.X}&buffer=10"));
        Assert.True(point.GetProperty("atRisk").GetBoolean());
        var hit = point.GetProperty("hits").EnumerateArray().First(x => x.GetProperty("id").GetString() == h.Id);
        Assert.Equal(0, hit.GetProperty("distanceM").GetDouble());
        Assert.NotEmpty(hit.GetProperty("evidence").EnumerateArray());

        var route = new JsonObject
        {
            ["geometry"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray(new JsonArray(c.X - 0.05, c.Y), new JsonArray(c.X + 0.05, c.Y)) },
            ["bufferM"] = 50,
        };
        var answer = await Json(await anon.PostAsJsonAsync("api/safety", route));
        Assert.Equal("route", answer.GetProperty("query").GetString());
        Assert.Contains(answer.GetProperty("stretches").EnumerateArray(), s => s.GetProperty("hazards").EnumerateArray().Any(x => x.GetString() == h.Id));
        Assert.InRange(answer.GetProperty("lengthM").GetDouble(), 8400, 8700); // 0.1° of longitude near 39.5–40° N

        var parcel = new JsonObject { ["geometry"] = JsonNode.Parse(Truce.Spatial.GeoJson.Write(h.Remaining.Envelope).GetRawText()), ["bufferM"] = 0 };
        var p = await Json(await anon.PostAsJsonAsync("api/safety", parcel));
        var overlap = p.GetProperty("hits").EnumerateArray().First(x => x.GetProperty("id").GetString() == h.Id).GetProperty("overlapM2").GetDouble();
        Assert.Equal(Math.Round(h.RemainingM2, 2), overlap, 0.05);
    }

    [Theory]
    [InlineData("{}", "body.geometry")]
    [InlineData("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.7]}}", "body.geometry.coordinates")]
    [InlineData("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.7,39.8]},\"bufferM\":-5}", "body.bufferM")]
    [InlineData("{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[46.7,39.7],[46.8,39.8],[46.8,39.7],[46.7,39.8],[46.7,39.7]]]}}", "body.geometry.coordinates")]
    [InlineData("[1,2]", "body")]
    public async Task Bad_safety_questions_get_a_400_naming_the_field(string body, string field)
    {
        using var anon = f.Client();
        var r = await anon.PostAsync("api/safety", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(field, (await Json(r)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_invalid_parcel_is_mended_only_when_asked_and_the_answer_says_so()
    {
        using var anon = f.Client();
        var bowtie = JsonNode.Parse("{\"type\":\"Polygon\",\"coordinates\":[[[46.7,39.7],[46.8,39.8],[46.8,39.7],[46.7,39.8],[46.7,39.7]]]}");
        var r = await anon.PostAsJsonAsync("api/safety", new JsonObject { ["geometry"] = bowtie, ["repair"] = true });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True((await Json(r)).GetProperty("repaired").GetBoolean());

        // Mending costs about the square of the vertices and anyone may ask: a large self-crossing ring is refused.
        static JsonNode Star(int n) => new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray([.. Enumerable.Range(0, n + 1).Select(i => 2 * Math.PI * ((long)(i % n) * (n / 2) % n) / n)
                .Select(a => (JsonNode)new JsonArray(Math.Round(46.8 + 0.05 * Math.Cos(a), 6), Math.Round(39.9 + 0.05 * Math.Sin(a), 6)))])),
        };
        var small = await anon.PostAsJsonAsync("api/safety", new JsonObject { ["geometry"] = Star(21), ["repair"] = true });
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        var large = await anon.PostAsJsonAsync("api/safety", new JsonObject { ["geometry"] = Star(1001), ["repair"] = true });
        Assert.Equal(HttpStatusCode.BadRequest, large.StatusCode);
        Assert.Contains("too large to mend", (await Json(large)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Victims_show_as_counts_to_the_public_as_rows_to_the_mission_and_by_name_only_to_the_named_parties()
    {
        using var anon = f.Client();
        var pub = (await anon.GetFromJsonAsync<JsonElement>("api/mine-accidents")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(4, pub.Count);
        Assert.Equal(1, pub[0].GetProperty("killed").GetInt32());
        Assert.All(pub, a => Assert.Empty(a.GetProperty("victims").EnumerateArray()));
        Assert.DoesNotContain("Synthetic Person", await anon.GetStringAsync("api/mine-accidents"));

        using var az = f.Client("az");
        var seen = (await az.GetFromJsonAsync<JsonElement>("api/mine-accidents")).GetProperty("items")[0].GetProperty("victims").EnumerateArray().ToList();
        Assert.Equal(2, seen.Count);
        Assert.DoesNotContain("Synthetic Person", await az.GetStringAsync("api/mine-accidents"));

        using var pk = f.Client("pk");
        Assert.Contains("Synthetic Person", await pk.GetStringAsync("api/mine-accidents"));
    }

    [Fact]
    public async Task Erasing_a_victims_personal_data_keeps_the_counts_and_the_log_verifiable()
    {
        var r = await f.PostEntryAsync("mine-agency", MineActionKinds.VictimPersonal, new JsonObject { ["victim"] = "V-002", ["name"] = "Second Synthetic Person" },
            Visibility.Restricted, ["pk"]);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var index = (await Json(r)).GetProperty("index").GetInt64();
        using var pk = f.Client("pk");
        Assert.Contains("Second Synthetic Person", await pk.GetStringAsync("api/mine-accidents"));
        var before = (await pk.GetFromJsonAsync<JsonElement>("api/mine-action/stats")).GetProperty("victims").GetRawText();

        var e = await f.PostEntryAsync("mine-agency", EntryKinds.Erase, new JsonObject { ["target"] = index, ["reason"] = "the victim's family asked (synthetic)" });
        Assert.Equal(HttpStatusCode.Created, e.StatusCode);
        Assert.DoesNotContain("Second Synthetic Person", await pk.GetStringAsync("api/mine-accidents"));
        Assert.Equal(before, (await pk.GetFromJsonAsync<JsonElement>("api/mine-action/stats")).GetProperty("victims").GetRawText());
        Assert.Null(f.Deployment.Ledger.Store.ReadBody(index));
        Assert.Equal(0, await Cli.Program.Main(["verify", "--log", f.BaseUri + "log/", "--key", f.Deployment.Ledger.LogKey.ToString()]));
    }

    [Fact]
    public async Task A_public_victim_record_is_refused_and_nothing_is_stored()
    {
        var size = f.Deployment.Ledger.Sequencer.Size;
        var r = await f.PostEntryAsync("mine-agency", MineActionKinds.Victim, new JsonObject
        {
            ["id"] = "V-PUBLIC",
            ["accident"] = "ACC-1",
            ["sex"] = "male",
            ["role"] = "civilian",
            ["outcome"] = "injured",
            ["activity"] = "farming",
        });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("envelope.vis", (await Json(r)).GetProperty("field").GetString());
        Assert.Equal(size, f.Deployment.Ledger.Sequencer.Size);
        Assert.False(Module.Read(Core.Access.Reader.Mission, b => b.Victims.ContainsKey("V-PUBLIC")));
    }

    [Fact]
    public async Task An_import_is_checked_over_HTTP_row_by_row_and_nothing_is_stored()
    {
        const string Csv = "id,type,district,benchmark_lon,benchmark_lat,perimeter_wkt\n"
            + "HTTP-1,SHA,d,46.3,39.9,\"POLYGON ((46.301 39.901, 46.302 39.901, 46.302 39.902, 46.301 39.901))\"\n"
            + "HTTP-2,QHA,d,46.3,39.9,\"POLYGON ((46.301 39.901, 46.302\"\n";
        var size = f.Deployment.Ledger.Sequencer.Size;
        using var anon = f.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsync("api/mine-action/import/check?what=hazards&format=csv", new StringContent(Csv))).StatusCode);
        using var agency = f.Client("mine-agency");
        var bad = await Json(await agency.PostAsync("api/mine-action/import/check?what=hazards&format=csv", new StringContent(Csv)));
        Assert.False(bad.GetProperty("ok").GetBoolean());
        var errors = bad.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Contains((2, "body.type"), errors);
        Assert.Contains((2, "perimeter_wkt"), errors);
        var good = await Json(await agency.PostAsync("api/mine-action/import/check?what=hazards&format=csv", new StringContent(Csv.Split('\n')[0] + "\n" + Csv.Split('\n')[1])));
        Assert.True(good.GetProperty("ok").GetBoolean());
        Assert.Equal("HTTP-1", good.GetProperty("batches")[0].GetProperty("hazards")[0].GetProperty("id").GetString());
        var missing = await agency.PostAsync("api/mine-action/import/check?what=hazards", new StringContent(Csv));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("format", (await Json(missing)).GetProperty("field").GetString());
        Assert.Equal(size, f.Deployment.Ledger.Sequencer.Size);
        Assert.False(Module.Read(Core.Access.Reader.Mission, b => b.Hazards.ContainsKey("HTTP-1")));
    }

    /// <summary>A GeoJSON property the kind does not have is a row error, as an entry's field is; a map reads the file's
    /// own names as the kind's, or leaves one out on purpose; CSV columns alike.</summary>
    [Fact]
    public async Task An_import_refuses_properties_and_columns_the_kind_does_not_have_unless_mapped()
    {
        const string Feature = """{"type":"Feature","properties":{"id":"MAP-1","hazardType":"SHA","benchmark":{"type":"Point","coordinates":[46.3,39.9]},"colour":"red"},"geometry":{"type":"Polygon","coordinates":[[[46.301,39.901],[46.302,39.901],[46.302,39.902],[46.301,39.901]]]}}""";
        var file = $$"""{"type":"FeatureCollection","features":[{{Feature}}]}""";
        using var agency = f.Client("mine-agency");
        async Task<JsonElement> Check(string query, string content) =>
            await Json(await agency.PostAsync($"api/mine-action/import/check?what=hazards&{query}", new StringContent(content)));

        var strict = await Check("format=geojson", file);
        var errors = strict.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(1, "body.type"), (1, "body.hazardType"), (1, "body.colour")], errors);

        var mapped = await Check("format=geojson&map=hazardType%3Dtype&map=colour%3D", file);
        Assert.True(mapped.GetProperty("ok").GetBoolean(), mapped.ToString());
        Assert.Equal("SHA", mapped.GetProperty("batches")[0].GetProperty("hazards")[0].GetProperty("type").GetString());
        Assert.False(mapped.GetProperty("batches")[0].GetProperty("hazards")[0].TryGetProperty("colour", out _));

        const string Csv = "id,kind,colour,benchmark_lon,benchmark_lat,perimeter_wkt\n"
            + "MAP-2,SHA,red,46.3,39.9,\"POLYGON ((46.301 39.901, 46.302 39.901, 46.302 39.902, 46.301 39.901))\"\n";
        var unknownColumn = await agency.PostAsync("api/mine-action/import/check?what=hazards&format=csv", new StringContent(Csv));
        Assert.Equal(HttpStatusCode.BadRequest, unknownColumn.StatusCode);
        Assert.True((await Json(await agency.PostAsync("api/mine-action/import/check?what=hazards&format=csv&map=Kind%3Dtype&map=colour%3D", new StringContent(Csv))))
            .GetProperty("ok").GetBoolean());
        var badMap = await agency.PostAsync("api/mine-action/import/check?what=hazards&format=csv&map=nothing", new StringContent(Csv));
        Assert.Equal("map", (await Json(badMap)).GetProperty("field").GetString());

        // Device words of other mine action files are read as the categories; an unknown word is still named.
        static string[] Devices(JsonElement answer) =>
            [.. answer.GetProperty("batches")[0].GetProperty("hazards")[0].GetProperty("devices").EnumerateArray().Select(d => d.GetString()!)];
        var asText = await Check("format=geojson&map=hazardType%3Dtype&map=colour%3D", file.Replace("\"colour\":\"red\"", "\"devices\":\"AP mine; UXO\"", StringComparison.Ordinal));
        Assert.Equal(["ap-mine", "uxo"], Devices(asText));
        var asList = await Check("format=geojson&map=hazardType%3Dtype", file.Replace("\"colour\":\"red\"", "\"devices\":[\"Anti-personnel mines\",\"ERW\",\"booby traps\"]", StringComparison.Ordinal));
        Assert.Equal(["ap-mine", "uxo", "booby-trap"], Devices(asList));
        var unknownWord = await Check("format=geojson&map=hazardType%3Dtype", file.Replace("\"colour\":\"red\"", "\"devices\":[\"laser mine\"]", StringComparison.Ordinal));
        Assert.Contains(unknownWord.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "body.devices[0]");
    }

    /// <summary>Absence of data is not safety: a point outside the area the deployment records is "no information
    /// here"; a geometry that leaves the area, or spans more than the plane answers exactly, is refused (the world's
    /// eastern half and a meridian through an open hazard used to come back "no recorded hazard").</summary>
    [Fact]
    public async Task Safety_never_answers_clear_outside_the_recorded_area_or_beyond_what_it_can_measure()
    {
        using var anon = f.Client();
        var outside = await Json(await anon.GetAsync("api/safety?lat=47.02&lon=40.04"));
        Assert.False(outside.GetProperty("informed").GetBoolean());
        Assert.StartsWith("no information here", outside.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var inside = await Json(await anon.GetAsync("api/safety?lat=40.04&lon=47.02"));
        Assert.True(inside.GetProperty("informed").GetBoolean());

        var centre = Module.Read(Core.Access.Reader.Anonymous, b => b.Hazards.Values.First(h => h.Status == "open").Perimeter.Centroid);
        static JsonObject Line(params (double Lon, double Lat)[] points) => new()
        {
            ["type"] = "LineString",
            ["coordinates"] = new JsonArray([.. points.Select(p => (JsonNode)new JsonArray(p.Lon, p.Lat))]),
        };
        JsonObject[] refused =
        [
            new() { ["type"] = "Polygon", ["coordinates"] = new JsonArray(new JsonArray(new JsonArray(0, -90), new JsonArray(180, -90), new JsonArray(180, 90), new JsonArray(0, 90), new JsonArray(0, -90))) },
            Line((centre.X, -5), (centre.X, 85)),
            Line((centre.X, centre.Y), (centre.X, centre.Y + 3)), // within 5°, but out of the area
        ];
        foreach (var g in refused)
        {
            var r = await anon.PostAsJsonAsync("api/safety", new JsonObject { ["geometry"] = g });
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("body.geometry", (await Json(r)).GetProperty("field").GetString());
        }
        var through = await Json(await anon.PostAsJsonAsync("api/safety", new JsonObject { ["geometry"] = Line((centre.X, centre.Y - 0.01), (centre.X, centre.Y + 0.01)) }));
        Assert.True(through.GetProperty("atRisk").GetBoolean());
    }
}
