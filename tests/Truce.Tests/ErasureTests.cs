using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.MineAction;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// An erasure leaves no copy of the erased body in the deployment's folder (docs/SECURITY.md): every byte of every
/// file is searched for a victim's name made unique to the test, in UTF-8 and UTF-16LE, while the server still runs
/// after the erasure, after it stops, and in a backup taken afterwards. Before the erasure the same search must find
/// the name, where the case puts it: only in the write-ahead log; in the database file, its module snapshot too; or,
/// for a body that spans overflow pages, in both the file and stale frames of the log.
/// </summary>
[Collection("processes")]
public sealed class ErasureTests
{
    /// <summary>A victim's name no other test or demo entry holds, and the pieces of it a search looks for.</summary>
    sealed class Marker
    {
        readonly string _id = Guid.NewGuid().ToString("n");

        public string Name => $"Erasure Test Person {_id} (synthetic)";

        /// <summary>The whole name, and each half of its unique part (a copy cut at a page boundary still holds one).</summary>
        IEnumerable<string> Pieces => [Name, _id[..16], _id[16..]];

        IEnumerable<byte[]> Patterns => Pieces.SelectMany(p => new[] { Encoding.UTF8.GetBytes(p), Encoding.Unicode.GetBytes(p) });

        public bool IsIn(string text) => Pieces.Any(p => text.Contains(p, StringComparison.Ordinal));

        /// <summary>Every file under <paramref name="dir"/> that holds any piece of the name, relative to it.</summary>
        public List<string> FilesHolding(string dir) =>
        [
            .. Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                // The writer's lock file is empty, and a running server's exclusive lock keeps other readers out of it.
                .Where(f => Path.GetFileName(f) != "writer.lock" || new FileInfo(f).Length != 0)
                .Where(f => File.ReadAllBytes(f) is var bytes && Patterns.Any(p => bytes.AsSpan().IndexOf(p) >= 0))
                .Select(f => Path.GetRelativePath(dir, f))
                .Order(StringComparer.Ordinal),
        ];
    }

    /// <summary>The personal data of demo victim V-001 under the marker's name; a large one spans overflow pages.</summary>
    static JsonObject Personal(Marker m, bool large) => new()
    {
        ["victim"] = "V-001",
        ["name"] = m.Name,
        ["residence"] = "synthetic",
        ["note"] = large
            ? string.Join(' ', Enumerable.Range(0, 90).Select(i => $"line {i} about {m.Name}"))
            : "synthetic personal data for the erasure test",
    };

    /// <summary>A closed demo deployment, with the keys and token a test signs and submits with.</summary>
    sealed record Demo(string Root, string Data, string Origin, SigningKey Agency, string AgencyToken, SigningKey Pk, string PkToken);

    static async Task<Demo> DemoAsync()
    {
        var root = Directory.CreateTempSubdirectory("truce-erasure").FullName;
        var data = Path.Combine(root, "data");
        await using var d = await DemoLoader.CreateAsync(data);
        return new Demo(root, data, d.Ledger.Origin, d.LoadKey("mine-agency"), d.ReadSecret("mine-agency-admin.token")!,
            d.LoadKey("pk"), d.ReadSecret("pk-admin.token")!);
    }

    static async Task<long> PostAsync(ServerProcess server, string token, SigningKey key, string origin, string kind, JsonObject body,
        Visibility vis = Visibility.Public, string[]? to = null)
    {
        var (env, b) = EntryBuilder.Build(origin, kind, key, body, DateTimeOffset.UtcNow, vis, to);
        using var http = server.Client(token);
        using var r = await http.PostAsJsonAsync("api/entries", new { envelope = env, body = b });
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{kind}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("index").GetInt64();
    }

    static async Task NotesAsync(ServerProcess server, Demo demo, int n)
    {
        for (int i = 0; i < n; i++)
        {
            await PostAsync(server, demo.PkToken, demo.Pk, demo.Origin, EntryKinds.Note,
                new JsonObject { ["text"] = $"synthetic note {i} written after the personal data" });
        }
    }

    /// <summary>Ctrl-C: the server finishes its writes, saves its snapshots and closes the database.</summary>
    static async Task StopAsync(ServerProcess server)
    {
        using var interrupt = Process.Start("kill", ["-INT", server.Process.Id.ToString(CultureInfo.InvariantCulture)]);
        await interrupt.WaitForExitAsync();
        await server.Process.WaitForExitAsync();
        Assert.True(server.Process.ExitCode == 0, server.Output);
    }

    static void Checkpoint(string data, string mode)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(data, "truce.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read() && r.GetInt64(0) == 0, "the test's checkpoint was blocked");
    }

    static bool SnapshotHolds(string data, Marker m)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(data, "truce.db")};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM v_snapshots WHERE instr(payload, $m) > 0";
        cmd.Parameters.AddWithValue("$m", Encoding.UTF8.GetBytes(m.Name));
        return (long)cmd.ExecuteScalar()! > 0;
    }

    public enum Placement
    {
        /// <summary>The body is still only in the write-ahead log when it is erased.</summary>
        Wal,
        /// <summary>The server was restarted after the body came: it is in the database file, and in the mine action
        /// module's snapshot saved on that clean stop.</summary>
        DatabaseAndSnapshot,
        /// <summary>A body of 10 KB (overflow pages), copied into the database file by a checkpoint that left the
        /// log's frames in place: it is in both.</summary>
        OverflowPagesInFileAndWal,
    }

    [Theory]
    [InlineData(Placement.Wal)]
    [InlineData(Placement.DatabaseAndSnapshot)]
    [InlineData(Placement.OverflowPagesInFileAndWal)]
    public async Task An_erased_name_is_in_no_file_while_serving_after_stopping_or_in_a_later_backup(Placement placement)
    {
        var demo = await DemoAsync();
        var m = new Marker();
        var server = ServerProcess.Start(demo.Data);
        try
        {
            await server.WaitUpAsync();
            var personal = await PostAsync(server, demo.AgencyToken, demo.Agency, demo.Origin, MineActionKinds.VictimPersonal,
                Personal(m, large: placement == Placement.OverflowPagesInFileAndWal), Visibility.Restricted, ["pk"]);
            // Other writes come after it, so that the erasure is not of the last thing written.
            await NotesAsync(server, demo, 100);
            switch (placement)
            {
                case Placement.Wal:
                    Assert.Equal(["truce.db-wal"], m.FilesHolding(demo.Data));
                    break;
                case Placement.DatabaseAndSnapshot:
                    await StopAsync(server);
                    Assert.Equal(["truce.db"], m.FilesHolding(demo.Data));
                    Assert.True(SnapshotHolds(demo.Data, m));
                    Assert.False(m.IsIn(server.Output));
                    server.Dispose();
                    server = ServerProcess.Start(demo.Data);
                    await server.WaitUpAsync();
                    await NotesAsync(server, demo, 20);
                    break;
                case Placement.OverflowPagesInFileAndWal:
                    Checkpoint(demo.Data, "PASSIVE");
                    Assert.Equal(["truce.db", "truce.db-wal"], m.FilesHolding(demo.Data));
                    break;
            }
            using (var pk = server.Client(demo.PkToken))
            {
                Assert.Contains(m.Name, await pk.GetStringAsync("api/mine-accidents"));
            }

            await PostAsync(server, demo.AgencyToken, demo.Agency, demo.Origin, EntryKinds.Erase,
                new JsonObject { ["target"] = personal, ["reason"] = "the victim's family asked (synthetic)" });
            using (var pk = server.Client(demo.PkToken))
            {
                Assert.DoesNotContain(m.Name, await pk.GetStringAsync("api/mine-accidents"));
            }
            var serving = m.FilesHolding(demo.Data);
            var backup = Path.Combine(demo.Root, "backup");
            DeploymentBackup.Create(demo.Data, backup);
            var backedUp = m.FilesHolding(backup);
            await StopAsync(server);
            var stopped = m.FilesHolding(demo.Data);
            Assert.False(m.IsIn(server.Output)); // nor did the server print it
            // All three at once, so that a failure tells which of them still holds the name.
            Assert.True(serving.Count + backedUp.Count + stopped.Count == 0,
                $"the erased name is still in: while serving [{string.Join(", ", serving)}]; in a backup [{string.Join(", ", backedUp)}]; " +
                $"after stopping [{string.Join(", ", stopped)}]");
        }
        finally
        {
            server.Dispose();
        }
        Directory.Delete(demo.Root, true);
    }

    [Fact]
    public async Task A_reader_that_keeps_the_log_from_being_cut_fails_nothing_and_the_next_commit_cuts_it()
    {
        var root = Directory.CreateTempSubdirectory("truce-erasure").FullName;
        var data = Path.Combine(root, "data");
        var m = new Marker();
        await using (var d = await DemoLoader.CreateAsync(data))
        {
            var personal = await d.SubmitAsAsync("mine-agency", MineActionKinds.VictimPersonal, Personal(m, large: false), DateTimeOffset.UtcNow,
                Visibility.Restricted, ["pk"]);
            Assert.Equal(["truce.db-wal"], m.FilesHolding(data));
            using (var reader = new SqliteConnection($"Data Source={Path.Combine(data, "truce.db")};Pooling=False;Mode=ReadOnly"))
            {
                reader.Open();
                using var read = reader.CreateCommand();
                // A read transaction holds the log's state as of its first read until it ends.
                read.CommandText = "BEGIN; SELECT count(*) FROM log_bodies;";
                read.ExecuteScalar();
                var erasing = Stopwatch.StartNew();
                await d.SubmitAsAsync("mine-agency", EntryKinds.Erase, new JsonObject { ["target"] = personal, ["reason"] = "asked (synthetic)" },
                    DateTimeOffset.UtcNow);
                // Acknowledged without waiting for the reader (a busy timeout would hold the writer for 30 s).
                Assert.True(erasing.Elapsed < TimeSpan.FromSeconds(10), $"the erasure took {erasing.Elapsed}");
                Assert.Null(d.Ledger.Store.ReadBody(personal));
                Assert.Equal(["truce.db-wal"], m.FilesHolding(data)); // the reader may still need the page as it was
            }
            Assert.Equal(["truce.db-wal"], m.FilesHolding(data)); // nothing has been committed since the reader ended
            await d.SubmitAsAsync("pk", EntryKinds.Note, new JsonObject { ["text"] = "synthetic note after the erasure" }, DateTimeOffset.UtcNow);
            Assert.Empty(m.FilesHolding(data));
        }
        Assert.Empty(m.FilesHolding(data));
        Directory.Delete(root, true);
    }

    /// <summary>
    /// What docs/SECURITY.md tells an operator: a backup taken before an erasure still holds the name, and so does a
    /// deployment restored from it (its log ends before the erase entry); submitting that erase entry again erases it.
    /// </summary>
    [Fact]
    public async Task A_backup_from_before_an_erasure_holds_the_name_and_so_does_its_restore_until_the_erasure_is_submitted_again()
    {
        var root = Directory.CreateTempSubdirectory("truce-erasure").FullName;
        var data = Path.Combine(root, "data");
        var before = Path.Combine(root, "before");
        var m = new Marker();
        JsonElement env, body;
        await using (var d = await DemoLoader.CreateAsync(data))
        {
            var personal = await d.SubmitAsAsync("mine-agency", MineActionKinds.VictimPersonal, Personal(m, large: false), DateTimeOffset.UtcNow,
                Visibility.Restricted, ["pk"]);
            DeploymentBackup.Create(data, before);
            (env, body) = EntryBuilder.Build(d.Ledger.Origin, EntryKinds.Erase, d.LoadKey("mine-agency"),
                new JsonObject { ["target"] = personal, ["reason"] = "asked (synthetic)" }, DateTimeOffset.UtcNow);
            await d.Ledger.SubmitAsync(env, body, d.SystemCaller("mine-agency"));
            Assert.Empty(m.FilesHolding(data));
        }
        Assert.Equal(["truce.db"], m.FilesHolding(before));

        var restored = Path.Combine(root, "restored");
        await DeploymentBackup.RestoreAsync(before, restored);
        Assert.Equal(["truce.db"], m.FilesHolding(restored));
        await using (var d = Deployment.Open(restored))
        {
            Assert.Contains(d.Ledger.Module<MineActionModule>()!.Read(new Core.Access.Reader("pk", IsMission: true), b => b.Personal["V-001"]), p => p.Name == m.Name);
            await d.Ledger.SubmitAsync(env, body, d.SystemCaller("mine-agency")); // the same signed entry
            Assert.DoesNotContain(d.Ledger.Module<MineActionModule>()!.Read(new Core.Access.Reader("pk", IsMission: true), b => b.Personal["V-001"]), p => p.Name == m.Name);
            Assert.Empty(m.FilesHolding(restored));
        }
        Assert.Empty(m.FilesHolding(restored));
        Directory.Delete(root, true);
    }
}
