using System.Net;
using System.Text.Json.Nodes;
using Truce.Core.Entries;

namespace Truce.Tests;

/// <summary>
/// One writer per deployment: a CLI command that would write to the folder of a running server is refused, naming the
/// server, and the server goes on storing and serving (a second writer used to leave it answering 503 to every write).
/// </summary>
[Collection("processes")]
public class WriterLockTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_cli_write_to_a_served_folder_is_refused_naming_the_server_which_keeps_storing()
    {
        // The fixture's server wrote the demo, so its process is the writer.
        Assert.True(f.Deployment.Writer.Held);
        var size = f.Deployment.Ledger.Sequencer.Size;
        var added = await CliProcess.RunAsync("party", "add", "--data", f.Dir, "--party", "latecomer", "--kind", "conflict-party", "--name", "Late");
        Assert.Equal(1, added.Code);
        var line = Assert.Single(added.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"is being written by pid {Environment.ProcessId}", line, StringComparison.Ordinal);
        Assert.Contains("--server", line, StringComparison.Ordinal);
        Assert.Equal(size, f.Deployment.Ledger.Sequencer.Size);

        // Reading the folder from another process still works.
        var listed = await CliProcess.RunAsync("party", "list", "--data", f.Dir);
        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains("mission", listed.Out, StringComparison.Ordinal);

        var r = await f.PostEntryAsync("pk", EntryKinds.Note, new JsonObject { ["text"] = "still storing" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal(size + 1, f.Deployment.Ledger.Sequencer.Size);
    }

    /// <summary>With --server, the writing commands sign here and send through the server that holds the folder; the
    /// server shows each change at once and keeps serving.</summary>
    [Fact]
    public async Task Writing_commands_with_server_go_through_it_and_show_at_once()
    {
        var url = f.BaseUri.ToString();
        async Task<string> Ok(params string[] args)
        {
            var r = await CliProcess.RunAsync([.. args, "--data", f.Dir, "--server", url]);
            Assert.True(r.Code == 0, $"{string.Join(' ', args)}: {r.Err}");
            return r.Out;
        }
        await Ok("party", "add", "--party", "observers", "--kind", "conflict-party", "--name", "Observers (synthetic)");
        Assert.NotNull(f.Deployment.Ledger.WithRegistry(r => r.FindParty("observers")));

        await Ok("member", "add", "--party", "az", "--id", "az-duty", "--name", "Duty officer", "--role", "reporter");
        Assert.Equal(["reporter"], f.Deployment.Ledger.WithRegistry(r => r.FindMember("az-duty"))!.Roles);
        await Ok("member", "remove", "--id", "az-duty", "--reason", "rotated out");
        Assert.True(f.Deployment.Ledger.WithRegistry(r => r.FindMember("az-duty"))!.Removed);

        var oldKey = f.Deployment.LoadKey("am").KeyId;
        await Ok("keys", "rotate", "--party", "am");
        Assert.NotNull(f.Deployment.Ledger.WithRegistry(r => r.FindKey(oldKey))!.RevokedAt);
        Assert.NotEqual(oldKey, f.Deployment.LoadKey("am").KeyId);

        var csv = Path.Combine(f.Dir, "..", $"hazards-{Guid.NewGuid():n}.csv");
        await File.WriteAllTextAsync(csv, "id,type,district,benchmark_lon,benchmark_lat,perimeter_wkt\n"
            + "THROUGH-1,SHA,d,46.3,39.9,\"POLYGON ((46.301 39.901, 46.302 39.901, 46.302 39.902, 46.301 39.901))\"\n");
        await Ok("import", "hazards", csv, "--party", "mine-agency");
        await File.WriteAllTextAsync(csv, "hazard,status\nTHROUGH-1,Cleared\n");
        await Ok("import", "hazard-updates", csv, "--party", "mine-agency", "--reason", "cleared (synthetic)");
        File.Delete(csv);
        Assert.Equal("closed", f.Deployment.Ledger.Module<Truce.MineAction.MineActionModule>()!.Read(Core.Access.Reader.Anonymous, b => b.Hazards["THROUGH-1"].Status));

        var token = (await Ok("token", "issue", "--member", "mine-agency-admin", "--days", "1")).Trim();
        using (var c = new HttpClient { BaseAddress = f.BaseUri })
        {
            c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var check = await c.PostAsync("api/mine-action/import/check?what=hazard-updates&format=csv&reason=x", new StringContent("hazard,status\nTHROUGH-1,open\n"));
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        }

        var refused = await CliProcess.RunAsync("member", "add", "--data", f.Dir, "--server", url, "--party", "az", "--id", "az-x", "--name", "x",
            "--role", "reporter", "--token", "truce_not-a-token");
        Assert.Equal(1, refused.Code);
        Assert.Contains("401", refused.Err, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await f.PostEntryAsync("am", EntryKinds.Note, new JsonObject { ["text"] = "signed with the new key" })).StatusCode);
    }

    /// <summary>The way to write to a served folder from a shell: <c>truce sign</c> makes the request, the server takes it.</summary>
    [Fact]
    public async Task A_body_signed_by_the_cli_is_taken_by_the_server_that_holds_the_folder()
    {
        var bodyFile = Path.Combine(f.Dir, "..", $"note-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(bodyFile, """{"text":"signed in a shell"}""");
        try
        {
            var signed = await CliProcess.RunAsync("sign", "--data", f.Dir, "--party", "pk", "--kind", EntryKinds.Note, "--body", bodyFile);
            Assert.True(signed.Code == 0, signed.Err);
            using var c = f.Client("pk");
            var r = await c.PostAsync("api/entries", new StringContent(signed.Out, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            var missing = await CliProcess.RunAsync("sign", "--data", f.Dir, "--party", "nobody", "--kind", EntryKinds.Note, "--body", bodyFile);
            Assert.Equal(1, missing.Code);
            Assert.Contains("--party", missing.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bodyFile);
        }
    }

    [Fact]
    public async Task The_lock_goes_with_its_holder_and_a_second_holder_in_process_is_refused_too()
    {
        var dir = Directory.CreateTempSubdirectory("truce-lock").FullName;
        try
        {
            using (var first = new Truce.Server.Hosting.WriterLock(dir))
            {
                first.Take("first");
                using var second = new Truce.Server.Hosting.WriterLock(dir);
                var e = Assert.Throws<RefusedException>(() => second.Take("second"));
                Assert.Contains("(first)", e.Message, StringComparison.Ordinal);
                Assert.Equal(RefusalKind.Conflict, e.Kind);
            }
            using var third = new Truce.Server.Hosting.WriterLock(dir);
            third.Take("third");
            Assert.True(third.Held);
            Assert.Contains("(third)", await File.ReadAllTextAsync(Path.Combine(dir, "writer.txt")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
