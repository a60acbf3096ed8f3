using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;

namespace Truce.Tests;

[Trait("Store", "both")]
public class ServerTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    async Task<HttpResponseMessage> Post(string party, string kind, JsonObject body, Visibility vis = Visibility.Public, string[]? to = null,
        SigningKey? key = null, string? cid = null, Func<JsonElement, JsonElement>? tamper = null)
    {
        var (env, b) = EntryBuilder.Build(f.Deployment.Ledger.Origin, kind, key ?? f.Deployment.LoadKey(party), body, DateTimeOffset.UtcNow, vis, to, cid);
        using var c = f.Client(party);
        return await c.PostAsJsonAsync("api/entries", new { envelope = tamper is null ? env : tamper(env), body = b });
    }

    static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_signed_entry_is_appended_and_provably_included_in_the_signed_checkpoint()
    {
        var r = await Post("pk", EntryKinds.Note, new JsonObject { ["text"] = "patrol (synthetic)" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var index = (await Json(r)).GetProperty("index").GetInt64();
        using var c = f.Client();
        var note = await c.GetStringAsync("log/checkpoint");
        var cp = SignedCheckpoint.Open(note, NoteKeys.ParseVerifier((await c.GetStringAsync("log/key")).Trim())).Checkpoint;
        Assert.True(cp.Size > index);
        var proof = await c.GetFromJsonAsync<JsonElement>($"log/proof/inclusion?index={index}&size={cp.Size}");
        var hashes = proof.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64()).ToList();
        var entry = await c.GetFromJsonAsync<JsonElement>($"api/entries/{index}");
        var leaf = System.Text.Encoding.UTF8.GetBytes(CanonicalLeaf(entry.GetProperty("envelope")));
        Assert.True(ProofVerifier.VerifyInclusion(index, cp.Size, Hashing.Leaf(leaf), hashes, cp.RootHash, out var why), why);
    }

    static string CanonicalLeaf(JsonElement envelope) => System.Text.Encoding.UTF8.GetString(CanonicalJson.Canonicalize(envelope));

    [Fact]
    public async Task Consistency_proofs_over_HTTP_verify_between_two_checkpoints()
    {
        using var c = f.Client();
        var key = NoteKeys.ParseVerifier((await c.GetStringAsync("log/key")).Trim());
        var first = SignedCheckpoint.Open(await c.GetStringAsync("log/checkpoint"), key).Checkpoint;
        await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "x" });
        var second = SignedCheckpoint.Open(await c.GetStringAsync("log/checkpoint"), key).Checkpoint;
        var proof = await c.GetFromJsonAsync<JsonElement>($"log/proof/consistency?from={first.Size}&to={second.Size}");
        var hashes = proof.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64()).ToList();
        Assert.True(ProofVerifier.VerifyConsistency(first.Size, second.Size, first.RootHash, second.RootHash, hashes, out var why), why);
    }

    [Fact]
    public async Task Visibility_is_enforced_on_every_read()
    {
        var r = await Post("am", EntryKinds.Note, new JsonObject { ["text"] = "only am and az" }, Visibility.Restricted, ["az"]);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var index = (await Json(r)).GetProperty("index").GetInt64();
        using var anon = f.Client();
        using var az = f.Client("az");
        using var pk = f.Client("pk");
        using var am = f.Client("am");
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"api/entries/{index}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pk.GetAsync($"api/entries/{index}")).StatusCode);
        Assert.Equal("only am and az", (await az.GetFromJsonAsync<JsonElement>($"api/entries/{index}")).GetProperty("body").GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, (await am.GetAsync($"api/entries/{index}")).StatusCode);
        var list = await anon.GetFromJsonAsync<JsonElement>($"api/entries?after={index - 1}&limit=5");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), e => e.GetProperty("index").GetInt64() == index);

        var p = await Post("am", EntryKinds.Note, new JsonObject { ["text"] = "party only" }, Visibility.Party);
        var pi = (await Json(p)).GetProperty("index").GetInt64();
        Assert.Equal(HttpStatusCode.NotFound, (await az.GetAsync($"api/entries/{pi}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pk.GetAsync($"api/entries/{pi}")).StatusCode); // the mission sees party entries
    }

    [Fact]
    public async Task Replays_wrong_keys_and_forged_signatures_are_refused_and_nothing_is_stored()
    {
        var before = f.Deployment.Ledger.Sequencer.Size;
        var ok = await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "once" }, cid: "replay-test-1");
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var firstIndex = (await Json(ok)).GetProperty("index").GetInt64();
        var retry = await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "once" }, cid: "replay-test-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode); // an idempotent retry: the same entry, not a second one
        Assert.Equal(firstIndex, (await Json(retry)).GetProperty("index").GetInt64());
        Assert.Equal(before + 1, f.Deployment.Ledger.Sequencer.Size);
        var again = await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "twice?" }, cid: "replay-test-1");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("replay", (await Json(again)).GetProperty("detail").GetString());

        var stranger = SigningKey.New("az");
        var wrongKey = await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "x" }, key: stranger);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongKey.StatusCode);

        var forged = await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "x" }, tamper: e =>
        {
            var o = JsonNode.Parse(e.GetRawText())!.AsObject();
            o["cid"] = "changed-after-signing";
            return JsonSerializer.SerializeToElement(o);
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);

        var asOther = await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "x" }, key: f.Deployment.LoadKey("am"));
        Assert.Equal(HttpStatusCode.Forbidden, asOther.StatusCode);
        Assert.Equal(before + 1, f.Deployment.Ledger.Sequencer.Size);
    }

    [Theory]
    [InlineData("{}", "envelope")]
    [InlineData("{\"envelope\": 5, \"body\": {}}", "envelope")]
    [InlineData("not json", "request")]
    [InlineData("{\"envelope\": {\"v\": 1}, \"body\": {}}", "envelope.vis")]
    [InlineData("{\"envelope\": {\"v\": 2}, \"body\": {}}", "envelope.v")]
    public async Task Bad_input_gets_a_problem_naming_the_field(string json, string field)
    {
        using var c = f.Client("az");
        var r = await c.PostAsync("api/entries", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, (await Json(r)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_body_that_does_not_match_its_digest_is_refused_naming_the_field()
    {
        var (env, _) = EntryBuilder.Build(f.Deployment.Ledger.Origin, EntryKinds.Note, f.Deployment.LoadKey("az"),
            new JsonObject { ["text"] = "a" }, DateTimeOffset.UtcNow);
        using var c = f.Client("az");
        var r = await c.PostAsJsonAsync("api/entries", new { envelope = env, body = new { text = "b" } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("envelope.body", (await Json(r)).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("log/proof/inclusion?index=abc&size=1", "index")]
    [InlineData("log/proof/inclusion?index=0&size=99999999", "size")]
    [InlineData("log/proof/consistency?from=5&to=2", "from")]
    [InlineData("api/entries?limit=0", "limit")]
    public async Task Bad_queries_get_a_problem_naming_the_field(string url, string field)
    {
        using var c = f.Client();
        var r = await c.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(field, (await Json(r)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Unauthenticated_writes_and_unknown_tokens_are_refused()
    {
        using var anon = f.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("api/entries", new { })).StatusCode);
        anon.DefaultRequestHeaders.Authorization = new("Bearer", "truce_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("api/entries")).StatusCode);
    }

    [Fact]
    public async Task Dashboard_ledger_page_tiles_openapi_and_health_answer()
    {
        using var c = f.Client();
        var dashboard = await c.GetStringAsync("");
        Assert.Contains("<div id=\"map\"", dashboard);
        Assert.Contains("Synthetic demo data", dashboard);
        Assert.Contains("/ui/map.js", dashboard);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("ui/map.js")).StatusCode);
        Assert.Equal("application/geo+json", (await c.GetAsync("ui/basemap/countries.geojson")).Content.Headers.ContentType?.MediaType);
        var home = await c.GetStringAsync("ledger");
        Assert.Contains("Synthetic demo data", home);
        Assert.Contains("truce verify", home);
        Assert.Matches(@"\d+ incidents \(events, each counted once\) from \d+ reports \(observations\) you may see", home);
        Assert.Contains("statement-2020-11-10", home);
        Assert.Contains("<bdi>draft-mandate-az</bdi> <small>(draft)</small>", home);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("log/tile/entries/000.p/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("log/tile/0/999")).StatusCode);
        Assert.Contains("\"openapi\"", await c.GetStringAsync("openapi/v1.json"));
        Assert.Contains("ok", await c.GetStringAsync("healthz"));
    }

    [Fact]
    public async Task Rebuild_recomputes_identical_views()
    {
        var (before, after) = f.Deployment.Ledger.Rebuild();
        Assert.Equal(before, after);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Erasure_removes_a_body_and_the_log_still_verifies()
    {
        var r = await Post("az", EntryKinds.Note, new JsonObject { ["text"] = "personal data (synthetic)" }, Visibility.Mission);
        var index = (await Json(r)).GetProperty("index").GetInt64();
        var e = await Post("az", EntryKinds.Erase, new JsonObject { ["target"] = index, ["reason"] = "erasure request" });
        Assert.Equal(HttpStatusCode.Created, e.StatusCode);
        using var az = f.Client("az");
        var view = await az.GetFromJsonAsync<JsonElement>($"api/entries/{index}");
        Assert.Equal("erased", view.GetProperty("bodyState").GetString());
        Assert.Null(f.Deployment.Ledger.Store.ReadBody(index));
        var code = await Cli.Program.Main(["verify", "--log", f.BaseUri + "log/", "--key", f.Deployment.Ledger.LogKey.ToString()]);
        Assert.Equal(0, code);
    }
}
