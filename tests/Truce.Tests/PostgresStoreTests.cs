using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// What only the PostgreSQL store has to show, on a real server (<see cref="TestStore"/>; never skipped): a
/// crash of PostgreSQL itself loses no acknowledged entry, a migration both ways keeps the checkpoint, the root and
/// the views, and --store is checked and remembered without its password ever being printed.
/// </summary>
[Collection("processes")]
public sealed class PostgresStoreTests
{
    static async Task<Deployment> SmallAsync(string data, string? store, int notes)
    {
        var d = await Deployment.InitAsync(data, "pg.truce.invalid/log", "PostgreSQL test (SYNTHETIC DATA)", synthetic: true, store: store);
        for (var i = 0; i < notes; i++)
        {
            await d.SubmitAsAsync("mission", EntryKinds.Note, new JsonObject { ["text"] = $"synthetic note {i}" }, DateTimeOffset.UtcNow);
        }
        return d;
    }

    [Fact]
    public async Task Migrate_moves_a_log_to_postgres_and_back_with_the_same_checkpoint_and_identical_views()
    {
        var root = Directory.CreateTempSubdirectory("truce-migrate").FullName;
        var data = Path.Combine(root, "data");
        string note, views;
        await using (var d = await SmallAsync(data, store: null, notes: 40))
        {
            (note, views) = (d.Ledger.Sequencer.CheckpointNote, d.Ledger.Views.Digest());
        }
        var pg = TestStore.NewDatabase();
        var there = await CliProcess.RunAsync("migrate", "--from", data, "--to", pg);
        Assert.True(there.Code == 0, there.Err);
        Assert.DoesNotContain("Password", there.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(pg, DeploymentStore.Remembered(data));
        Assert.False(File.Exists(Path.Combine(data, "truce.db")));
        await using (var d = Deployment.Open(data))
        {
            Assert.Equal(note, d.Ledger.Sequencer.CheckpointNote);
            Assert.Equal(views, d.Ledger.Views.Digest());
        }
        var rebuilt = await CliProcess.RunAsync("rebuild", "--data", data);
        Assert.True(rebuilt.Code == 0 && rebuilt.Out.Contains("identical", StringComparison.Ordinal), rebuilt.Err);

        // A second migration into a database that holds a log is refused, and changes nothing.
        var again = await CliProcess.RunAsync("migrate", "--from", data, "--to", pg);
        Assert.Equal(1, again.Code);

        var back = await CliProcess.RunAsync("migrate", "--from", pg, "--to", data);
        Assert.True(back.Code == 0, back.Err);
        Assert.Null(DeploymentStore.Remembered(data));
        await using (var d = Deployment.Open(data))
        {
            Assert.Equal(note, d.Ledger.Sequencer.CheckpointNote);
            Assert.Equal(views, d.Ledger.Views.Digest());
        }
        Directory.Delete(root, true);
    }

    [Fact]
    public async Task A_bad_store_is_refused_in_one_line_and_init_never_writes_into_a_database_holding_a_log()
    {
        var root = Directory.CreateTempSubdirectory("truce-pgbad").FullName;
        var bad = await CliProcess.RunAsync("init", "--data", Path.Combine(root, "a"), "--origin", "x.truce.invalid/log", "--store", "postgres://u:secret@127.0.0.1/");
        Assert.Equal(1, bad.Code);
        Assert.StartsWith("truce init: --store: names no database", bad.Err.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", bad.Err, StringComparison.Ordinal);

        var pg = TestStore.NewDatabase();
        Assert.Equal(0, (await CliProcess.RunAsync("init", "--data", Path.Combine(root, "b"), "--origin", "x.truce.invalid/log", "--store", pg)).Code);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(root, "b", DeploymentStore.ConfigFile)));
        }
        var twice = await CliProcess.RunAsync("init", "--data", Path.Combine(root, "c"), "--origin", "x.truce.invalid/log", "--store", pg);
        Assert.Equal(1, twice.Code);
        Assert.Contains("already holds a log", twice.Err, StringComparison.Ordinal);
        Directory.Delete(root, true);
    }

    [Fact]
    public async Task Verify_reads_the_log_straight_from_the_database()
    {
        var root = Directory.CreateTempSubdirectory("truce-pgverify").FullName;
        var pg = TestStore.NewDatabase();
        string key;
        await using (var d = await SmallAsync(Path.Combine(root, "data"), pg, notes: 5))
        {
            key = d.Ledger.LogKey.ToString();
        }
        var ok = await CliProcess.RunAsync("verify", "--store", pg, "--key", key);
        Assert.True(ok.Code == 0, ok.Err);
        Assert.Contains("OK: 7 entries verified", ok.Out, StringComparison.Ordinal);
        Directory.Delete(root, true);
    }

    /// <summary>
    /// Two processes on one database (two folders naming it): the writer's lease lets only one write, and refuses the
    /// other naming it. A writer deposed without knowing it (its lease's session ended, another took the lease and
    /// wrote) finds the head moved under it at its next commit and is refused, so the log never forks.
    /// </summary>
    [Fact]
    public async Task A_second_writer_on_the_same_database_is_refused_by_the_lease_and_a_deposed_one_by_the_compare_and_swap()
    {
        var root = Directory.CreateTempSubdirectory("truce-pgfence").FullName;
        var pg = TestStore.NewDatabase();
        var first = Path.Combine(root, "first");
        await using (await SmallAsync(first, pg, notes: 1))
        {
        }
        var second = Path.Combine(root, "second");
        OneDatabase.CopyFolder(first, second);
        await using var a = Deployment.Open(first);
        await using var b = Deployment.Open(second);
        Task Note(Deployment d, string text) => d.SubmitAsAsync("mission", EntryKinds.Note, new JsonObject { ["text"] = $"synthetic: {text}" }, DateTimeOffset.UtcNow);
        await Note(a, "a writes");
        var leased = await Assert.ThrowsAsync<RefusedException>(() => Note(b, "b writes while a holds the lease"));
        Assert.Contains($"pid {Environment.ProcessId}", leased.Message, StringComparison.Ordinal);

        // a's lease ends behind its back (its session is cut): b takes the lease and writes; a, deposed, is fenced.
        using (var c = new Npgsql.NpgsqlConnection(pg))
        {
            c.Open();
            using var cut = new Npgsql.NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted", c);
            cut.ExecuteNonQuery();
        }
        await Note(b, "b writes");
        var fenced = await Assert.ThrowsAnyAsync<Exception>(() => Note(a, "a writes, deposed"));
        Assert.Contains("another writer", fenced.ToString(), StringComparison.Ordinal);
        Assert.Equal(5, b.Ledger.Store.LoadHead().Size);
        await Note(b, "b goes on");
        Assert.Equal(6, b.Ledger.Store.LoadHead().Size);
        Directory.Delete(root, true);
    }
}
