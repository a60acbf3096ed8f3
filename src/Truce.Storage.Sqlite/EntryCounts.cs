using Truce.Core.Access;
using Truce.Core.Views;

namespace Truce.Storage.Sqlite;

/// <summary>
/// The running counts of <see cref="EntryCounters"/> in <c>v_counts</c>, kept as the views are committed: counting a
/// reader's entries with COUNT(*) reads the whole table (0.3–0.4 s at a million rows), once per page.
/// </summary>
static class EntryCounts
{
    /// <summary>Adds the entries to the counters, in the caller's transaction on the writer (hold its write lock).</summary>
    public static void Add(SqliteDatabase db, IEnumerable<EntryRow> entries) => Add(db, EntryCounters.Deltas(entries));

    static void Add(SqliteDatabase db, Dictionary<string, long> deltas)
    {
        var upsert = db.Prepared("INSERT INTO v_counts (k, n) VALUES (?1, ?2) ON CONFLICT (k) DO UPDATE SET n = n + excluded.n");
        foreach (var (k, n) in deltas)
        {
            upsert.Bind(1, k).Bind(2, n).Run();
        }
    }

    /// <summary>A store written before the counters existed (or just reset) gets them once, from its rows, under the
    /// write lock: the views' commits, which add to them, wait meanwhile.</summary>
    public static void EnsureCounted(SqliteDatabase db)
    {
        using (var c = db.OpenReader())
        {
            if (SqliteDatabase.Scalar<long>(c, "SELECT count(*) FROM v_meta WHERE name = 'counted'") == 1)
            {
                return;
            }
        }
        lock (db.WriteLock)
        {
            if (SqliteDatabase.Scalar<long>(db.Writer, "SELECT count(*) FROM v_meta WHERE name = 'counted'") == 1)
            {
                return;
            }
            using var tx = db.Writer.BeginTransaction();
            SqliteDatabase.Exec(db.Writer, "DELETE FROM v_counts", tx);
            using (var cmd = SqliteDatabase.Command(db.Writer, "SELECT vis, party, audience, kind FROM v_entries", tx))
            using (var r = cmd.ExecuteReader())
            {
                var rows = new List<(Visibility, string, IEnumerable<string>, string)>();
                while (r.Read())
                {
                    rows.Add(((Visibility)r.GetInt64(0), r.GetString(1), r.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries), r.GetString(3)));
                }
                r.Close();
                Add(db, EntryCounters.Deltas(rows));
            }
            MarkCounted(db, tx);
            tx.Commit();
        }
    }

    public static void MarkCounted(SqliteDatabase db, Microsoft.Data.Sqlite.SqliteTransaction? tx = null) =>
        SqliteDatabase.Exec(db.Writer, "INSERT OR REPLACE INTO v_meta (name, value) VALUES ('counted', 1)", tx);

    public static long Count(SqliteDatabase db, Reader reader, string? kind)
    {
        EnsureCounted(db);
        var keys = EntryCounters.For(reader, kind);
        using var c = db.OpenReader();
        var args = keys.Select((k, i) => ($"$k{i}", (object?)k)).ToArray();
        return SqliteDatabase.Scalar<long>(c, $"SELECT coalesce(sum(n), 0) FROM v_counts WHERE k IN ({string.Join(", ", args.Select(a => a.Item1))})", null, args);
    }
}
