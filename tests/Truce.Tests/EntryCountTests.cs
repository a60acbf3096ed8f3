using Truce.Core.Access;
using Truce.Core.Views;
using Truce.Storage.Postgres;
using Truce.Storage.Sqlite;

namespace Truce.Tests;

/// <summary>
/// The entries list's total comes from running counts (<c>v_counts</c>, <see cref="EntryCounters"/>): for every reader
/// and kind it equals the number of rows the list itself walks, as entries arrive in batches, after a reset, and in a
/// store written before the counts existed (counted once from its rows: on SQLite at the first count, on PostgreSQL
/// by the schema step that adds them, whose SQL must make the same keys as the code).
/// </summary>
public sealed class EntryCountTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("truce-counts").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly string[] Parties = ["az", "am", "pk", "jmc", "unhcr"];
    static readonly string[] Kinds = ["report", "note", "hazard"];

    static readonly Reader[] Readers =
        [Reader.Anonymous, new("az"), new("am"), new("unhcr"), new("pk", IsMission: true), new("jmc", IsMission: true)];

    static List<EntryRow> RandomRows(Random random, long from, int count) => [.. Enumerable.Range(0, count).Select(i =>
    {
        var vis = (Visibility)random.Next(4);
        string[] to = vis == Visibility.Restricted ? [.. Parties.Where(_ => random.Next(3) == 0)] : [];
        return new EntryRow(from + i, Kinds[random.Next(Kinds.Length)], Parties[random.Next(Parties.Length)], "k", vis, to,
            "2021-01-01T00:00:00.000Z", $"cid-{from + i}", "d", null, null, false);
    })];

    static long Walked(IViewStore store, Reader reader, string? kind)
    {
        long n = 0;
        for (var after = -1L; store.List(reader, after, 1000, kind) is { Count: > 0 } page; after = page[^1].Index)
        {
            n += page.Count;
        }
        return n;
    }

    static void AssertCountsMatch(IViewStore store)
    {
        foreach (var reader in Readers)
        {
            foreach (var kind in Kinds.Append(null).Append("none"))
            {
                Assert.Equal(Walked(store, reader, kind), store.Count(reader, kind));
            }
        }
    }

    /// <summary>Batches, a reset, and a last batch of 500 rows: what the store holds after.</summary>
    static void ApplyBatchesAndReset(IViewStore store, Random random)
    {
        long size = 0;
        for (var batch = 0; batch < 8; batch++)
        {
            var rows = RandomRows(random, size, random.Next(1, 300));
            size += rows.Count;
            store.Apply(rows, size);
            AssertCountsMatch(store);
        }
        store.Reset();
        AssertCountsMatch(store);
        store.Apply(RandomRows(random, 0, 500), 500);
        AssertCountsMatch(store);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Counts_equal_what_the_list_walks_as_batches_arrive_after_a_reset_and_in_an_older_store(int seed)
    {
        var random = new Random(seed);
        var path = Path.Combine(_dir, $"views-{seed}.db");
        using (var db = new SqliteDatabase(path))
        {
            ApplyBatchesAndReset(new SqliteViewStore(db), random);
        }
        // A store from before the counts: the rows, no counters and no mark that they were kept.
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DELETE FROM v_counts; DELETE FROM v_meta WHERE name = 'counted';";
            cmd.ExecuteNonQuery();
        }
        using (var db = new SqliteDatabase(path))
        {
            var store = new SqliteViewStore(db);
            AssertCountsMatch(store);
            store.Apply(RandomRows(random, 500, 100), 600);
            AssertCountsMatch(store);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Counts_on_postgres_equal_what_the_list_walks_and_its_schema_step_counts_an_older_store_alike(int seed)
    {
        var random = new Random(seed);
        var pg = TestStore.NewDatabase();
        using (var db = new PostgresDatabase(pg))
        {
            ApplyBatchesAndReset(new PostgresViewStore(db), random);
        }
        // A store from before the counts: schema step 3 undone, so opening it applies the step to the rows it holds.
        using (var c = new Npgsql.NpgsqlConnection(pg))
        {
            c.Open();
            using var cmd = new Npgsql.NpgsqlCommand("DROP TABLE v_counts; DELETE FROM truce_migrations WHERE version = 3;", c);
            cmd.ExecuteNonQuery();
        }
        using (var db = new PostgresDatabase(pg))
        {
            var store = new PostgresViewStore(db);
            AssertCountsMatch(store);
            store.Apply(RandomRows(random, 500, 100), 600);
            AssertCountsMatch(store);
        }
    }
}
