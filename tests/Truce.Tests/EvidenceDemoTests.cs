using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Truce.Tests;

/// <summary>The demo's evidence (docs/EVIDENCE.md, Demo) as each reader gets it from the real server.</summary>
public sealed class EvidenceDemoTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_demo_items_are_public_one_complete_and_one_with_a_broken_seal_on_the_disputed_incident()
    {
        using var anon = f.Client();
        var whole = await anon.GetFromJsonAsync<JsonElement>("api/custody/DEMO-REMAINS-1");
        var broken = await anon.GetFromJsonAsync<JsonElement>("api/custody/DEMO-REMAINS-2");
        Assert.Equal(("complete", true), (whole.GetProperty("chain").GetString(), whole.GetProperty("synthetic").GetBoolean()));
        Assert.Equal(["collect", "seal", "transfer", "receive", "examine", "store"], whole.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.Equal(("gaps", true), (broken.GetProperty("chain").GetString(), broken.GetProperty("synthetic").GetBoolean()));
        Assert.Contains("broken-seal", broken.GetProperty("flags").EnumerateArray().Select(x => x.GetProperty("code").GetString()));
        var targets = new[] { whole, broken }.Select(i => i.GetProperty("attachedTo").EnumerateArray().Single().GetProperty("target"))
            .Select(t => (t.GetProperty("type").GetString(), t.GetProperty("id").GetString())).Distinct().ToList();
        var (type, incident) = Assert.Single(targets);
        Assert.Equal("incident", type);
        var claims = await anon.GetFromJsonAsync<JsonElement>($"api/claims?incident={incident}&limit=1000");
        var detail = await anon.GetFromJsonAsync<JsonElement>($"api/incidents/{incident}");
        var attached = detail.GetProperty("attachedEvidence").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("link").GetString());
        Assert.Equal("/api/custody/DEMO-REMAINS-1", attached["DEMO-REMAINS-1"]);
        Assert.Equal("/api/custody/DEMO-REMAINS-2", attached["DEMO-REMAINS-2"]);
        var claimants = claims.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("party").GetString()).ToList();
        Assert.Contains("az", claimants);
        Assert.Contains("am", claimants);
    }

    [Fact]
    public async Task The_restricted_photograph_goes_to_its_recipients_only_and_the_public_gets_its_stripped_copy()
    {
        using var anon = f.Client();
        var files = (await anon.GetFromJsonAsync<JsonElement>("api/evidence?limit=1000")).GetProperty("items").EnumerateArray().ToList();
        var copy = files.Single(x => x.GetProperty("publicCopyOf").ValueKind == JsonValueKind.String);
        var original = copy.GetProperty("publicCopyOf").GetString()!;
        Assert.DoesNotContain(files, x => x.GetProperty("sha256").GetString() == original);
        var copyBytes = await anon.GetByteArrayAsync($"api/evidence/{copy.GetProperty("sha256").GetString()}");
        Assert.Equal(copy.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(copyBytes)));

        foreach (var (reader, may) in new (string?, bool)[] { (null, false), ("am", false), ("az", false), ("mission", false), ("jmc", true), ("pk", true), ("mine-agency", true) })
        {
            using var c = f.Client(reader);
            using var resp = await c.GetAsync($"api/evidence/{original}");
            Assert.True((resp.StatusCode == HttpStatusCode.OK) == may, $"{reader ?? "the public"}: {(int)resp.StatusCode} for the restricted photograph");
            if (may)
            {
                Assert.Equal(original, Convert.ToHexStringLower(SHA256.HashData(await resp.Content.ReadAsByteArrayAsync())));
            }
            else
            {
                Assert.Equal($"no file {original} that you may read", (await resp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
            }
        }
    }
}
