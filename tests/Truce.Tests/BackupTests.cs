using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>'truce backup' and 'truce restore' as processes, against a deployment that keeps serving and writing.</summary>
[Trait("Store", "both")]
[Collection("processes")]
public class BackupTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static Task<(int Code, string Out, string Err)> RunCli(params string[] args) => CliProcess.RunAsync(args);

    async Task Write(int n, CancellationToken ct = default)
    {
        using var pk = f.Client("pk");
        for (int i = 0; i < n && !ct.IsCancellationRequested; i++)
        {
            var (env, body) = EntryBuilder.Build(f.Deployment.Ledger.Origin, EntryKinds.Note, f.Deployment.LoadKey("pk"),
                new JsonObject { ["text"] = $"during backup {i} (synthetic)" }, DateTimeOffset.UtcNow);
            (await pk.PostAsJsonAsync("api/entries", new { envelope = env, body }, ct)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_backup_taken_while_writing_restores_to_a_verified_prefix_and_a_quiet_one_answers_identically()
    {
        var dir = Directory.CreateTempSubdirectory("truce-backup").FullName;
        var writing = Write(300);
        var busy = await RunCli("backup", "--data", f.Dir, "--out", Path.Combine(dir, "busy"));
        await writing;
        Assert.True(busy.Code == 0, busy.Err);
        var restoredBusy = await RunCli("restore", "--from", Path.Combine(dir, "busy"), "--data", Path.Combine(dir, "busy-restored"));
        Assert.True(restoredBusy.Code == 0, restoredBusy.Err);
        await using (var r = Deployment.Open(Path.Combine(dir, "busy-restored")))
        {
            var cp = SignedCheckpoint.Open(r.Ledger.Sequencer.CheckpointNote, f.Deployment.Ledger.LogKey).Checkpoint;
            Assert.True(cp.Size <= f.Deployment.Ledger.Sequencer.Size);
            Assert.Equal(Proofs.TreeHash(cp.Size, f.Deployment.Ledger.Store), cp.RootHash); // a prefix of the live log, whole batches only
        }

        var quiet = await RunCli("backup", "--data", f.Dir, "--out", Path.Combine(dir, "quiet"));
        Assert.True(quiet.Code == 0, quiet.Err);
        Assert.Equal(0, (await RunCli("restore", "--from", Path.Combine(dir, "quiet"), "--data", Path.Combine(dir, "quiet-restored"))).Code);
        await using (var r = Deployment.Open(Path.Combine(dir, "quiet-restored")))
        {
            var app = TruceServer.Build(r, "http://127.0.0.1:0", quiet: true);
            await app.StartAsync();
            try
            {
                using var restored = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
                using var live = f.Client();
                foreach (var path in new[] { "log/checkpoint", "api/incidents?limit=1000", "api/compliance?asOf=2026-01-01T00:00:00Z", "api/entries?after=-1&limit=1000", "api/parties" })
                {
                    Assert.Equal(await live.GetStringAsync(path), await restored.GetStringAsync(path));
                }
            }
            finally
            {
                await app.DisposeAsync();
            }
        }

        Assert.Equal(1, (await RunCli("backup", "--data", f.Dir, "--out", Path.Combine(dir, "quiet"))).Code); // never overwrites
        Assert.Equal(1, (await RunCli("restore", "--from", Path.Combine(dir, "quiet"), "--data", Path.Combine(dir, "quiet-restored"))).Code);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(dir, "quiet", "truce.db"));
        Array.Fill(bytes, (byte)0x5A, 4096, 8192); // a damaged page in the copy
        await File.WriteAllBytesAsync(Path.Combine(dir, "quiet", "truce.db"), bytes);
        var damaged = await RunCli("restore", "--from", Path.Combine(dir, "quiet"), "--data", Path.Combine(dir, "damaged"));
        Assert.Equal(1, damaged.Code);
        Assert.StartsWith("truce restore:", damaged.Err.Trim());
        Directory.Delete(dir, true);
    }
}
