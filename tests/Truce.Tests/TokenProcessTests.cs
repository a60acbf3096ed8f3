using System.Net;
using System.Net.Http.Headers;

namespace Truce.Tests;

/// <summary>'truce token issue / revoke' as processes against a serving deployment.</summary>
[Collection("processes")]
[Trait("Store", "both")]
public class TokenProcessTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static Task<(int Code, string Out, string Err)> RunCli(params string[] args) => CliProcess.RunAsync(args);

    [Fact]
    public async Task An_issued_token_works_until_it_is_revoked()
    {
        var issued = await RunCli("token", "issue", "--data", f.Dir, "--member", "az-admin", "--days", "1");
        Assert.True(issued.Code == 0, issued.Err);
        var token = issued.Out.Trim();
        Assert.StartsWith("truce_", token);
        using var c = f.Client();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("api/hotline")).StatusCode);

        var revoked = await RunCli("token", "revoke", "--data", f.Dir, "--token", token);
        Assert.True(revoked.Code == 0, revoked.Err);
        // Another process revoked it: the server honours that within its token cache's 5 s.
        var status = HttpStatusCode.OK;
        for (int i = 0; i < 40 && status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(250);
            status = (await c.GetAsync("api/hotline")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        Assert.Equal(1, (await RunCli("token", "revoke", "--data", f.Dir, "--token", "truce_not-a-token")).Code);
        var badDays = await RunCli("token", "issue", "--data", f.Dir, "--member", "az-admin", "--days", "0");
        Assert.Equal(1, badDays.Code);
        Assert.Contains("--days", badDays.Err);
        Assert.Equal(1, (await RunCli("token", "issue", "--data", f.Dir, "--member", "nobody")).Code);
    }

    /// <summary>A token file is used as the shell uses it, <c>Authorization: Bearer $(cat FILE)</c>: its bytes are the
    /// token and a line end at most, with no byte-order mark.</summary>
    [Fact]
    public async Task A_token_file_works_as_cat_gives_it()
    {
        var issued = await RunCli("token", "issue", "--data", f.Dir, "--member", "pk-admin", "--days", "1", "--out", "pk-cat.token");
        Assert.True(issued.Code == 0, issued.Err);
        foreach (var name in new[] { "pk-cat.token", "mission-admin.token", "log.key", "pk.key" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(f.Dir, "keys", name));
            Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), $"{name} starts with a byte-order mark");
        }
        var asCat = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(f.Dir, "keys", "pk-cat.token"))).TrimEnd('\n');
        using var c = f.Client();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", asCat);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("api/hotline")).StatusCode);
    }

    /// <summary>Through a running server: issued and revoked over POST /api/tokens with the mission admin's token.</summary>
    [Fact]
    public async Task Tokens_are_issued_and_revoked_through_a_running_server()
    {
        var url = f.BaseUri.ToString();
        var issued = await RunCli("token", "issue", "--data", f.Dir, "--member", "jmc-admin", "--days", "1", "--server", url);
        Assert.True(issued.Code == 0, issued.Err);
        var token = issued.Out.Trim();
        using var c = f.Client();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("api/hotline")).StatusCode);
        var revoked = await RunCli("token", "revoke", "--data", f.Dir, "--token", token, "--server", url);
        Assert.True(revoked.Code == 0, revoked.Err);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("api/hotline")).StatusCode);
        var refused = await RunCli("token", "issue", "--data", f.Dir, "--member", "am-admin", "--server", url, "--auth", "az-admin.token");
        Assert.Equal(1, refused.Code);
        Assert.Contains("403", refused.Err, StringComparison.Ordinal);
    }
}
