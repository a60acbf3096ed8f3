using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>'truce member add / list / remove' as processes: a member gets a token, and loses its use when removed.</summary>
[Trait("Store", "both")]
[Collection("processes")]
public class MemberProcessTests
{
    static Task<(int Code, string Out, string Err)> RunCli(params string[] args) => CliProcess.RunAsync(args);

    static async Task<string?> WhoAsync(string data, string token)
    {
        await using var d = Deployment.Open(data);
        try
        {
            return d.Ledger.Authenticate(token).Member;
        }
        catch (RefusedException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_member_added_from_the_cli_gets_a_working_token_until_removed()
    {
        var root = Directory.CreateTempSubdirectory("truce-members").FullName;
        var data = Path.Combine(root, "data");
        try
        {
            Assert.Equal(0, (await RunCli("init", "--data", data, "--origin", "members.truce.invalid/log")).Code);
            var added = await RunCli("member", "add", "--data", data, "--party", "mission", "--id", "duty-2", "--name", "Duty officer", "--role", "verifier", "--role", "analyst");
            Assert.True(added.Code == 0, added.Err);
            var badRole = await RunCli("member", "add", "--data", data, "--party", "mission", "--id", "duty-3", "--name", "x", "--role", "general");
            Assert.Equal(1, badRole.Code);
            Assert.StartsWith("truce add: --role: 'general' is not one of", badRole.Err.Trim(), StringComparison.Ordinal);
            Assert.Equal(1, (await RunCli("member", "add", "--data", data, "--party", "mission", "--id", "duty-2", "--name", "again", "--role", "verifier")).Code);

            var listed = await RunCli("member", "list", "--data", data);
            Assert.Contains(listed.Out.Split('\n'), l => l.StartsWith("duty-2", StringComparison.Ordinal) && l.Contains("analyst,verifier", StringComparison.Ordinal));
            Assert.Equal(0, (await RunCli("token", "issue", "--data", data, "--member", "duty-2", "--days", "1", "--out", "duty-2.token")).Code);
            var token = (await File.ReadAllTextAsync(Path.Combine(data, "keys", "duty-2.token"))).Trim();
            Assert.Equal("duty-2", await WhoAsync(data, token));

            var removed = await RunCli("member", "remove", "--data", data, "--id", "duty-2", "--reason", "posted elsewhere");
            Assert.True(removed.Code == 0, removed.Err);
            Assert.Contains("(removed)", (await RunCli("member", "list", "--data", data)).Out, StringComparison.Ordinal);
            Assert.Null(await WhoAsync(data, token));
            Assert.Equal(1, (await RunCli("member", "remove", "--data", data, "--id", "duty-2")).Code);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
