using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Ledger.Notes;

namespace Truce.Tests;

/// <summary>'truce witness' as a party runs it: a separate process against the real server.</summary>
[Collection("processes")]
public class WitnessProcessTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static Task<(int Code, string Out, string Err)> RunCli(params string[] args) => CliProcess.RunAsync(args);

    [Fact]
    public async Task A_witness_cosigns_a_growing_log_and_refuses_a_fork()
    {
        var dir = Directory.CreateTempSubdirectory("truce-witness").FullName;
        var state = Path.Combine(dir, "az-witness.state");
        var logUrl = new Uri(f.BaseUri, "log/").ToString();
        var logKey = f.Deployment.Ledger.LogKey.ToString();
        string[] run = ["witness", "run", "--log", logUrl, "--key", logKey, "--witness-key", Path.Combine(f.Dir, "keys", "az-witness.key"), "--state", state];

        var first = await RunCli(run);
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("cosigned size", first.Out);
        using var c = f.Client();
        Assert.Contains("\u2014 witness.az.demo.truce.invalid ", await c.GetStringAsync("log/checkpoint"));

        var (env, body) = EntryBuilder.Build(f.Deployment.Ledger.Origin, EntryKinds.Note, f.Deployment.LoadKey("pk"),
            new JsonObject { ["text"] = "grows (synthetic)" }, DateTimeOffset.UtcNow);
        using (var pk = f.Client("pk"))
        {
            (await pk.PostAsJsonAsync("api/entries", new { envelope = env, body })).EnsureSuccessStatusCode();
        }
        var second = await RunCli(run);
        Assert.True(second.Code == 0, second.Err); // consistent with what it cosigned before: a proof checked

        // The operator's key signs another tree of the size the witness saw: a fork, refused and named.
        var seen = SignedCheckpoint.Open(await File.ReadAllTextAsync(state), f.Deployment.Ledger.LogKey).Checkpoint;
        var logSigner = NoteKeys.ParseSigner(File.ReadAllText(Path.Combine(f.Dir, "keys", "log.key")).Trim());
        var forged = new Checkpoint(seen.Origin, seen.Size, new byte[32]);
        await File.WriteAllTextAsync(state, SignedNote.Sign(forged.ToText(), logSigner).Serialize());
        var third = await RunCli(run);
        Assert.Equal(1, third.Code);
        Assert.Contains("REFUSED fork", third.Err);

        var key = await RunCli("witness", "key", "--name", "witness.example", "--out", Path.Combine(dir, "w.key"));
        Assert.Equal(0, key.Code);
        Assert.Equal(NoteKeys.CosignatureType, NoteKeys.ParseVerifier(key.Out.Trim()).Type);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "w.key")));
        }
        Assert.Equal(1, (await RunCli("witness", "key", "--name", "witness.example", "--out", Path.Combine(dir, "w.key"))).Code);
        Directory.Delete(dir, true);
    }
}
