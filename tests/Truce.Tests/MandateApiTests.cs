using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Truce.Tests;

/// <summary>Agreements, drafts, movements and compliance through the real server, on the demo's synthetic data.</summary>
[Trait("Store", "both")]
public class MandateApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    Task<HttpResponseMessage> Post(string party, string kind, JsonObject body) => f.PostEntryAsync(party, kind, body);

    [Fact]
    public async Task The_statement_and_both_drafts_are_evaluated_side_by_side()
    {
        using var anon = f.Client();
        var agreements = await anon.GetFromJsonAsync<JsonElement>("api/agreements");
        var ids = agreements.GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("id").GetString(), a.GetProperty("status").GetString())).ToList();
        Assert.Contains(("statement-2020-11-10", "in-force"), ids);
        Assert.Contains(("draft-mandate-az", "draft"), ids);
        Assert.Contains(("draft-mandate-am", "draft"), ids);
        var statement = agreements.GetProperty("items").EnumerateArray().First(a => a.GetProperty("id").GetString() == "statement-2020-11-10");
        var three = statement.GetProperty("provisions").EnumerateArray().First(p => p.GetProperty("number").GetString() == "3");
        Assert.Contains(three.GetProperty("rules").EnumerateArray(), r => r.GetProperty("measure").GetString() == "troops" && r.GetProperty("max").GetDouble() == 1960);

        var compliance = await anon.GetFromJsonAsync<JsonElement>("api/compliance");
        var consent = compliance.GetProperty("flags").EnumerateArray().First(x => x.GetProperty("code").GetString() == "transit-without-consent");
        var verdicts = consent.GetProperty("verdicts").EnumerateArray().ToDictionary(v => v.GetProperty("framework").GetString()!, v => v.GetProperty("outcome").GetString());
        Assert.Equal("no-rule", verdicts["statement-2020-11-10"]);
        Assert.Equal("breach", verdicts["draft-mandate-az"]);
        Assert.Equal("no-rule", verdicts["draft-mandate-am"]);
        Assert.True(consent.GetProperty("contested").GetBoolean());
        var states = compliance.GetProperty("provisions").EnumerateArray()
            .Where(p => p.GetProperty("framework").GetString() == "statement-2020-11-10")
            .ToDictionary(p => p.GetProperty("number").GetString()!, p => p.GetProperty("state").GetString());
        Assert.Equal("kept", states["2"]); // the Aghdam hand-over before 20 November 2020
        Assert.Equal("breached", states["3"]); // the synthetic rotation over the troop ceiling
        // Provision 1, the ceasefire, is judged by the incidents this reader sees: verified violations breach it.
        var verified = (await anon.GetFromJsonAsync<JsonElement>("api/incidents?category=ceasefire-violation&status=verified&limit=1000")).GetProperty("items").GetArrayLength();
        Assert.True(verified > 0, "the demo has verified ceasefire violations");
        Assert.Equal("breached", states["1"]);
        var one = compliance.GetProperty("provisions").EnumerateArray()
            .First(p => p.GetProperty("framework").GetString() == "statement-2020-11-10" && p.GetProperty("number").GetString() == "1");
        Assert.Contains(one.GetProperty("why").EnumerateArray(), w => w.GetString()!.Contains($"{verified} verified ceasefire violation", StringComparison.Ordinal));
        Assert.NotEmpty(compliance.GetProperty("uncoveredActivities").EnumerateArray());

        var corridors = await anon.GetFromJsonAsync<JsonElement>("api/corridors");
        Assert.Equal(2, corridors.GetProperty("items").GetArrayLength()); // the old route and the one that replaced it
        Assert.True(corridors.GetProperty("items")[0].GetProperty("approximate").GetBoolean());
    }

    [Fact]
    public async Task A_new_transit_without_notice_raises_a_flag_that_a_rebuild_raises_again()
    {
        var r = await Post("pk", "transit", new JsonObject
        {
            ["checkpoint"] = "cp-lachin",
            ["direction"] = "in",
            ["time"] = "2021-07-01T10:00:00Z",
            ["mover"] = "az",
            ["people"] = new JsonArray(new JsonObject { ["category"] = "military", ["count"] = 4 }),
            ["synthetic"] = true,
        });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var index = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("index").GetInt64();
        using var anon = f.Client();
        var before = await anon.GetStringAsync("api/compliance?asOf=2026-01-01&party=az");
        Assert.Contains($"F-{index}-transit-without-notice", before);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post("az", "agreement", new JsonObject { ["id"] = "x", ["title"] = "x", ["provisions"] = new JsonArray() })).StatusCode);
        var bad = await Post("pk", "transit", new JsonObject { ["checkpoint"] = "cp-lachin", ["direction"] = "sideways", ["time"] = "yesterday" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var (digestBefore, digestAfter) = f.Deployment.Ledger.Rebuild();
        Assert.Equal(digestBefore, digestAfter);
        Assert.Equal(before, await anon.GetStringAsync("api/compliance?asOf=2026-01-01&party=az"));
    }

    [Fact]
    public async Task Compliance_flags_come_in_pages_with_a_total_and_bad_paging_is_refused()
    {
        using var anon = f.Client();
        var all = await anon.GetFromJsonAsync<JsonElement>("api/compliance?asOf=2026-01-01&limit=1000");
        var total = all.GetProperty("flagsTotal").GetInt32();
        Assert.True(total >= 4, $"the demo raises flags ({total})");
        Assert.Equal(total, all.GetProperty("flags").GetArrayLength());
        var ids = new List<string>();
        string? after = null;
        do
        {
            var page = await anon.GetFromJsonAsync<JsonElement>($"api/compliance?asOf=2026-01-01&limit=2{(after is null ? "" : $"&after={after}")}");
            Assert.Equal(total, page.GetProperty("flagsTotal").GetInt32());
            ids.AddRange(page.GetProperty("flags").EnumerateArray().Select(x => x.GetProperty("id").GetString()!));
            after = page.GetProperty("nextAfter").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextAfter").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (after is not null);
        Assert.Equal(all.GetProperty("flags").EnumerateArray().Select(x => x.GetProperty("id").GetString()!), ids);

        foreach (var bad in new[] { "limit=0", "limit=5000", "after=x", "code=" + new string('c', 100) })
        {
            var r = await anon.GetAsync($"api/compliance?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(bad.Split('=')[0], problem.GetProperty("detail").GetString() ?? problem.ToString(), StringComparison.Ordinal);
        }
    }
}
