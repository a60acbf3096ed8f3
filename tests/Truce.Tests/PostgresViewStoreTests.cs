using Npgsql;
using Truce.Core.Access;
using Truce.Core.Views;
using Truce.Storage.Postgres;

namespace Truce.Tests;

/// <summary>
/// The PostgreSQL views keep the planner's statistics of v_entries fresh as the table grows, so the entry list's page
/// stays an index walk: with statistics taken while the table was small and mostly hidden from the public, a page of
/// public entries after a burst of appends was planned as a sort of the whole table (20 ms instead of 0.5 ms).
/// </summary>
public sealed class PostgresViewStoreTests
{
    static List<EntryRow> Rows(long from, int count, Func<long, Visibility> vis) => [.. Enumerable.Range(0, count).Select(i =>
        new EntryRow(from + i, "note", "mission", "k", vis(from + i), [], "2021-01-01T00:00:00.000Z", $"cid-{from + i}", "d", null, null, false))];

    [Fact]
    public void A_burst_of_appends_leaves_the_first_page_of_the_list_an_index_walk()
    {
        var pg = TestStore.NewDatabase();
        using var db = new PostgresDatabase(pg);
        var store = new PostgresViewStore(db);
        store.Apply(Rows(0, 300, i => i == 0 ? Visibility.Public : Visibility.Mission), 300);
        using var c = new NpgsqlConnection(pg);
        c.Open();
        // Statistics of the small table, as autovacuum would have taken them: public entries look rare.
        new NpgsqlCommand("ANALYZE v_entries", c).ExecuteNonQuery();
        long size = 300;
        for (var batch = 0; batch < 40; batch++)
        {
            store.Apply(Rows(size, 500, _ => Visibility.Public), size + 500);
            size += 500;
        }

        using var explain = new NpgsqlCommand("EXPLAIN SELECT idx FROM v_entries WHERE idx > -1 AND (vis = 0) ORDER BY idx LIMIT 101", c);
        using var r = explain.ExecuteReader();
        var plan = new List<string>();
        while (r.Read())
        {
            plan.Add(r.GetString(0));
        }
        Assert.Contains(plan, l => l.Contains("Index Scan using v_entries_pkey", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.Contains("Sort", StringComparison.Ordinal));
        Assert.Equal(101, store.List(Reader.Anonymous, -1, 101).Count);
        Assert.Equal(20_001, store.Count(Reader.Anonymous));
    }
}
