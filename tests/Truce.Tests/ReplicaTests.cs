using System.Diagnostics;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Notes;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// A server reading from a PostgreSQL streaming replica (`truce serve --replica`, docs/SCALING.md): a primary and a hot
/// standby on loopback (scripts/postgis, pg_basebackup), the writer on the primary, a second server on the standby.
/// Under a load of writes, every answer of the replica's server reflects a log size that the checkpoint it gives with
/// it covers, signed by the log key (never ahead of what it can prove); once the writes stop it catches up within a bound; and a
/// write sent to it is forwarded to the writer.
/// </summary>
[Collection("processes")]
public sealed class ReplicaTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_server_on_a_streaming_replica_answers_only_what_a_checkpoint_proves_and_keeps_up()
    {
        var root = Directory.CreateTempSubdirectory("truce-replica").FullName;
        var (primaryDir, standbyDir) = ($"/tmp/truce-pr-{Guid.NewGuid():N}"[..22], $"/tmp/truce-sb-{Guid.NewGuid():N}"[..22]);
        var (primaryPort, standbyPort) = (ServerProcess.FreePort(), ServerProcess.FreePort());
        var servers = new List<ServerProcess>();
        try
        {
            var primary = TestStore.Start(primaryDir, primaryPort);
            var data = Path.Combine(root, "writer");
            string origin, token;
            SigningKey az;
            NoteVerifier logKey;
            await using (var d = await DemoLoader.CreateAsync(data, store: primary))
            {
                (origin, token, az, logKey) = (d.Ledger.Origin, d.ReadSecret("az-admin.token")!, d.LoadKey("az"), d.Ledger.LogKey);
            }
            var standby = TestStore.StartReplica(primaryPort, standbyDir, standbyPort);
            var copy = Path.Combine(root, "reader");
            OneDatabase.CopyFolder(data, copy);
            var writer = ServerProcess.Start(data);
            servers.Add(writer);
            await writer.WaitUpAsync();
            var reader = ServerProcess.Start(copy, args: ["--replica", standby]);
            servers.Add(reader);
            await reader.WaitUpAsync();
            using var readerHttp = reader.Client(token);
            Assert.Equal("follower", JsonDocument.Parse(await readerHttp.GetStringAsync("healthz")).RootElement.GetProperty("role").GetString());

            // A write sent to the replica's server is the writer's to make.
            Assert.NotNull(await OneDatabase.PostNoteAsync(reader, token, origin, az, "through-the-replica"));

            using var stop = new CancellationTokenSource();
            long acknowledged = 0;
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    if (await OneDatabase.PostNoteAsync(writer, token, origin, az, $"rp-w{w}-{n}") is { } index)
                    {
                        InterlockedMax(ref acknowledged, index + 1);
                    }
                }
            })).ToList();
            var (samples, behind) = (0, 0L);
            var load = Stopwatch.StartNew();
            while (load.Elapsed < TimeSpan.FromSeconds(3))
            {
                var acked = Interlocked.Read(ref acknowledged);
                behind = Math.Max(behind, acked - await AssertProvenAsync(readerHttp, logKey));
                samples++;
                await Task.Delay(50);
            }
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            var target = Interlocked.Read(ref acknowledged);
            var caughtUp = Stopwatch.StartNew();
            while (await AssertProvenAsync(readerHttp, logKey) < target)
            {
                Assert.True(caughtUp.Elapsed < CatchUpBound, $"the replica's server was still behind {target} entries after {CatchUpBound.TotalSeconds} s: {reader.Output}");
                await Task.Delay(50);
            }
            output.WriteLine($"{target} entries; {samples} samples under load, each proven, at most {behind} entries behind the writer's acknowledgements; caught up {caughtUp.ElapsedMilliseconds} ms after the writes stopped");
        }
        finally
        {
            foreach (var s in servers)
            {
                s.Dispose();
            }
            TestStore.Stop(standbyDir);
            TestStore.Stop(primaryDir);
            foreach (var dir in new[] { root, primaryDir, standbyDir })
            {
                try
                {
                    Directory.Delete(dir, true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    /// <summary>The log size the replica's server answers as of (its change feed's <c>size</c>), after checking that
    /// the checkpoint it gives with it is signed by the log key and covers that size (a checkpoint proves every size up
    /// to its own, through a consistency proof).</summary>
    static async Task<long> AssertProvenAsync(HttpClient http, NoteVerifier logKey)
    {
        // The newest entries the server lists, read before its checkpoint (which only grows): each must be under it.
        var total = JsonDocument.Parse(await http.GetStringAsync("api/entries?after=-1&limit=1")).RootElement.GetProperty("total").GetInt64();
        var listed = JsonDocument.Parse(await http.GetStringAsync($"api/entries?after={total - 200}&limit=1000")).RootElement.GetProperty("items")
            .EnumerateArray().Select(e => e.GetProperty("index").GetInt64()).DefaultIfEmpty(-1).Max();
        var changes = JsonDocument.Parse(await http.GetStringAsync("api/changes?after=0&limit=1")).RootElement;
        var size = changes.GetProperty("size").GetInt64();
        var checkpoint = SignedCheckpoint.Open(changes.GetProperty("checkpoint").GetString()!, logKey);
        Assert.True(size <= checkpoint.Checkpoint.Size, $"the answer reflects {size} entries, beyond its checkpoint's {checkpoint.Checkpoint.Size}");
        Assert.True(listed < checkpoint.Checkpoint.Size, $"entry {listed} was listed beyond the checkpoint's {checkpoint.Checkpoint.Size} entries");
        return size;
    }

    static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }


}
