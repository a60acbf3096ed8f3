using Truce.Core.Access;
using Truce.Core.Views;

namespace Truce.Storage.Sqlite;

/// <summary>
/// How many entries each reader may see, of every kind and of each, kept as running counts in <c>v_counts</c> as the
/// views are committed: counting a reader's entries with COUNT(*) reads the whole table (0.3–0.4 s at a million rows),
/// once per page. A reader's count is the sum of a few counters that together hold exactly the rows its
/// <see cref="SqliteViewStore.List"/> filter admits: every public entry; for a party's reader every mission entry too,
/// the mission's reader every party entry, its own party and restricted entries, and the restricted entries naming
/// it (not its own: those are counted once, as its own). Each counter exists for all kinds (kind "") and per kind.
/// </summary>
static class EntryCounts
{
    const char Sep = '\u001f';

    static string Everyone(Visibility vis, string kind) => $"v{(int)vis}{Sep}{kind}";

    static string Own(Visibility vis, string party, string kind) => $"o{(int)vis}{Sep}{party}{Sep}{kind}";

    static string Named(string party, string kind) => $"a{Sep}{party}{Sep}{kind}";

    /// <summary>The counters an entry adds one to.</summary>
    static IEnumerable<string> Counters(Visibility vis, string party, IEnumerable<string> to, string kind)
    {
        foreach (var k in new[] { "", kind })
        {
            yield return Everyone(vis, k);
            if (vis is Visibility.Party or Visibility.Restricted)
            {
                yield return Own(vis, party, k);
            }
            if (vis == Visibility.Restricted)
            {
                foreach (var r in to.Where(r => r != party).Distinct(StringComparer.Ordinal))
                {
                    yield return Named(r, k);
                }
            }
        }
    }

    /// <summary>The counters whose sum is what the reader may see.</summary>
    public static string[] Of(Reader reader, string? kind)
    {
        var k = kind ?? "";
        if (reader.Party is not { } me)
        {
            return [Everyone(Visibility.Public, k)];
        }
        return [Everyone(Visibility.Public, k), Everyone(Visibility.Mission, k),
            reader.IsMission ? Everyone(Visibility.Party, k) : Own(Visibility.Party, me, k), Own(Visibility.Restricted, me, k), Named(me, k)];
    }

    /// <summary>Adds the entries to the counters, in the caller's transaction on the writer (hold its write lock).</summary>
    public static void Add(SqliteDatabase db, IEnumerable<EntryRow> entries) =>
        Add(db, entries.Select(e => (e.Visibility, e.Party, (IEnumerable<string>)e.To, e.Kind)));

    static void Add(SqliteDatabase db, IEnumerable<(Visibility Vis, string Party, IEnumerable<string> To, string Kind)> entries)
    {
        var deltas = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (vis, party, to, kind) in entries)
        {
            foreach (var c in Counters(vis, party, to, kind))
            {
                deltas[c] = deltas.GetValueOrDefault(c) + 1;
            }
        }
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
                Add(db, rows);
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
        var keys = Of(reader, kind);
        using var c = db.OpenReader();
        var args = keys.Select((k, i) => ($"$k{i}", (object?)k)).ToArray();
        return SqliteDatabase.Scalar<long>(c, $"SELECT coalesce(sum(n), 0) FROM v_counts WHERE k IN ({string.Join(", ", args.Select(a => a.Item1))})", null, args);
    }
}
