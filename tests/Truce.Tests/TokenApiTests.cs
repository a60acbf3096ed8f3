using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Truce.Tests;

/// <summary>Tokens over HTTP: a party admin issues and revokes its own members' tokens, a mission admin anyone's; a
/// token is shown once and works at once; nobody else may.</summary>
[Trait("Store", "both")]
public class TokenApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Party_admins_manage_their_own_members_tokens_and_mission_admins_everyones()
    {
        using var az = f.Client("az");
        var issued = await az.PostAsJsonAsync("api/tokens", new JsonObject { ["member"] = "az-admin", ["days"] = 1 });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = (await Json(issued)).GetProperty("token").GetString()!;
        using var withIt = f.Client();
        withIt.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await withIt.GetAsync("api/hotline")).StatusCode);

        var others = await az.PostAsJsonAsync("api/tokens", new JsonObject { ["member"] = "am-admin" });
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await az.PostAsJsonAsync("api/tokens/revoke", new JsonObject { ["token"] = f.Deployment.ReadSecret("am-admin.token") })).StatusCode);
        using var anon = f.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("api/tokens", new JsonObject { ["member"] = "az-admin" })).StatusCode);
        var bad = await az.PostAsJsonAsync("api/tokens", new JsonObject { ["member"] = "az-admin", ["days"] = 400 });
        Assert.Equal("body.days", (await Json(bad)).GetProperty("field").GetString());
        var nobody = await az.PostAsJsonAsync("api/tokens", new JsonObject { ["member"] = "nobody" });
        Assert.Equal("body.member", (await Json(nobody)).GetProperty("field").GetString());

        using var mission = f.Client("mission");
        Assert.Equal(HttpStatusCode.Created, (await mission.PostAsJsonAsync("api/tokens", new JsonObject { ["member"] = "am-admin", ["days"] = 1 })).StatusCode);
        var revoked = await mission.PostAsJsonAsync("api/tokens/revoke", new JsonObject { ["token"] = token });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withIt.GetAsync("api/hotline")).StatusCode);
        var unknown = await mission.PostAsJsonAsync("api/tokens/revoke", new JsonObject { ["token"] = "truce_not-issued" });
        Assert.Equal("body.token", (await Json(unknown)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_member_id_is_never_taken_over_by_another_party_nor_brought_back_after_removal()
    {
        var member = new JsonObject { ["party"] = "az", ["id"] = "mission-admin", ["name"] = "taken over", ["roles"] = new JsonArray("party-admin") };
        var takeover = await f.PostEntryAsync("az", "member.add", member);
        Assert.Equal(HttpStatusCode.BadRequest, takeover.StatusCode);
        var problem = await Json(takeover);
        Assert.Equal("body.id", problem.GetProperty("field").GetString());
        Assert.Contains("is a member of 'mission' already", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("mission", f.Deployment.Ledger.WithRegistry(r => r.FindMember("mission-admin"))!.Party);

        member["id"] = "az-temp";
        Assert.Equal(HttpStatusCode.Created, (await f.PostEntryAsync("az", "member.add", member)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await f.PostEntryAsync("az", "member.remove", new JsonObject { ["id"] = "az-temp", ["reason"] = "left" })).StatusCode);
        var back = await f.PostEntryAsync("az", "member.add", member);
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Contains("removed: an id is not reused", (await Json(back)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
