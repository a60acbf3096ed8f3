using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Truce.Core.Access;
using Truce.Core.Views;

namespace Truce.Storage.Postgres;

/// <summary>
/// The views in PostgreSQL. As on SQLite, a commit of the views does not wait for the disk (<c>synchronous_commit =
/// off</c> for that transaction alone): the log's next commit, which does, flushes the write-ahead log up to its own
/// record and so past every earlier one. A crash loses at most the last view commits, never one before a commit that
/// survived (the write-ahead log is one sequence), and each carries its own watermark, so the views lag the log with
/// no hole under the watermark, and the start-up's catch-up re-applies the rest. A log commit costs one flush, not two.
/// </summary>
public sealed partial class PostgresViewStore(PostgresDatabase db) : IViewStore
{
    /// <summary>Rows applied by this process since its last ANALYZE of v_entries, and the table's rows then.</summary>
    long _sinceAnalyze, _atAnalyze = -1;

    const string Columns = "idx, kind, party, key, vis, audience, \"time\", cid, digest, amends, retracts, erased";

    public long AppliedThrough()
    {
        using var c = db.OpenReader();
        return PostgresDatabase.Scalar<long>(c, "SELECT value FROM v_meta WHERE name = 'applied'");
    }

    public void Apply(IReadOnlyList<EntryRow> entries, long appliedThrough) => db.Write(c =>
    {
        using var tx = c.BeginTransaction();
        PostgresDatabase.Exec(c, "SET LOCAL synchronous_commit = off", tx);
        if (entries.Count > 0)
        {
            using (var copy = c.BeginBinaryImport($"COPY v_entries ({Columns}) FROM STDIN (FORMAT BINARY)"))
            {
                Copy(copy, entries);
            }
            var deltas = EntryCounters.Deltas(entries);
            using var add = new NpgsqlCommand(
                "INSERT INTO v_counts (k, n) SELECT * FROM unnest(@k, @n) ON CONFLICT (k) DO UPDATE SET n = v_counts.n + excluded.n", c, tx);
            add.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deltas.Keys.ToArray() });
            add.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = deltas.Values.ToArray() });
            add.ExecuteNonQuery();
        }
        PostgresDatabase.Exec(c, "INSERT INTO v_meta (name, value) VALUES ('applied', @v) ON CONFLICT (name) DO UPDATE SET value = excluded.value", tx,
            ("v", appliedThrough));
        tx.Commit();
        AnalyzeIfGrown(c, entries.Count);
    });

    /// <summary>
    /// The planner's statistics of v_entries are refreshed here once the table has doubled since they were last taken
    /// by this process (and by at least a thousand rows): after a bulk load (a rebuild, a migration, a burst of
    /// appends) autovacuum's ANALYZE comes up to a minute later, and until then stale statistics can make a page of
    /// the entry list sort the whole table (20 ms instead of 0.5 ms after 100,000 appends, measured). A log of N rows
    /// pays about log2(N) of these, each a sample of at most 30,000 rows.
    /// </summary>
    void AnalyzeIfGrown(NpgsqlConnection c, int applied)
    {
        try
        {
            if (_atAnalyze < 0)
            {
                _atAnalyze = Math.Max(0, PostgresDatabase.Scalar<long>(c, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'v_entries'::regclass"));
            }
            _sinceAnalyze += applied;
            if (_sinceAnalyze >= 1000 && _sinceAnalyze >= _atAnalyze)
            {
                _atAnalyze += _sinceAnalyze;
                _sinceAnalyze = 0;
                PostgresDatabase.Exec(c, "ANALYZE v_entries");
            }
        }
        catch (NpgsqlException)
        {
            // The rows are committed: a failure here must not fail the apply (its catch-up would apply them twice).
            // The statistics are only the planner's, and autovacuum takes them later; a broken connection is reopened
            // by the next write.
        }
    }

    static void Copy(NpgsqlBinaryImporter copy, IReadOnlyList<EntryRow> entries)
    {
        foreach (var e in entries)
        {
            copy.StartRow();
            copy.Write(e.Index, NpgsqlDbType.Bigint);
            copy.Write(e.Kind, NpgsqlDbType.Text);
            copy.Write(e.Party, NpgsqlDbType.Text);
            copy.Write(e.Key, NpgsqlDbType.Text);
            copy.Write((int)e.Visibility, NpgsqlDbType.Integer);
            copy.Write(string.Join(',', e.To), NpgsqlDbType.Text);
            copy.Write(e.Time, NpgsqlDbType.Text);
            copy.Write(e.Cid, NpgsqlDbType.Text);
            copy.Write(e.Digest, NpgsqlDbType.Text);
            WriteNullable(copy, e.Amends);
            WriteNullable(copy, e.Retracts);
            copy.Write(e.Erased ? 1 : 0, NpgsqlDbType.Integer);
        }
        copy.Complete();
    }

    static void WriteNullable(NpgsqlBinaryImporter copy, long? value)
    {
        if (value is { } v)
        {
            copy.Write(v, NpgsqlDbType.Bigint);
        }
        else
        {
            copy.WriteNull();
        }
    }

    public void MarkErased(long index) => db.Write(c => PostgresDatabase.Exec(c, "UPDATE v_entries SET erased = 1 WHERE idx = @i", null, ("i", index)));

    public void Reset() => db.Write(c =>
    {
        PostgresDatabase.Exec(c, "DELETE FROM v_entries; DELETE FROM v_meta; DELETE FROM v_snapshots; DELETE FROM v_counts;");
        (_sinceAnalyze, _atAnalyze) = (0, 0);
    });

    public (SnapshotHeader Header, byte[] Payload)? LoadSnapshot(string module)
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, "SELECT format, size, root, sha256, payload FROM v_snapshots WHERE module = @m", null, ("m", module));
        using var r = cmd.ExecuteReader();
        return r.Read() ? (new SnapshotHeader(r.GetInt32(0), r.GetInt64(1), r.GetString(2), r.GetString(3)), (byte[])r.GetValue(4)) : null;
    }

    public SnapshotHeader? FindSnapshot(string module)
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, "SELECT format, size, root, sha256 FROM v_snapshots WHERE module = @m", null, ("m", module));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new SnapshotHeader(r.GetInt32(0), r.GetInt64(1), r.GetString(2), r.GetString(3)) : null;
    }

    public void SaveSnapshot(string module, SnapshotHeader header, byte[] payload) => db.Write(c => PostgresDatabase.Exec(c,
        """
        INSERT INTO v_snapshots (module, format, size, root, sha256, payload) VALUES (@m, @f, @s, @r, @h, @p)
        ON CONFLICT (module) DO UPDATE SET format = excluded.format, size = excluded.size, root = excluded.root,
            sha256 = excluded.sha256, payload = excluded.payload
        """, null, ("m", module), ("f", header.Format), ("s", header.Size), ("r", header.Root), ("h", header.Sha256), ("p", payload)));

    /// <summary>A snapshot may hold what an erasure removes: the table is rewritten as for a body.</summary>
    public void DeleteSnapshots() => db.Write(c =>
    {
        if (PostgresDatabase.Exec(c, "DELETE FROM v_snapshots") > 0)
        {
            db.Scrub(c, "v_snapshots");
        }
    });

    public EntryRow? Get(long index) => Query("WHERE idx = @i", ("i", index)).FirstOrDefault();

    public IReadOnlyList<EntryRow> List(Reader reader, long after, int limit, string? kind = null)
    {
        // Visibility is decided in SQL too, so a page is full even when most entries are hidden from this reader.
        var where = new StringBuilder("WHERE idx > @after");
        if (kind is not null)
        {
            where.Append(" AND kind = @kind");
        }
        where.Append(" AND (vis = 0");
        if (reader.Party is not null)
        {
            where.Append(" OR vis = 1 OR party = @me");
            where.Append(reader.IsMission ? " OR vis = 2" : "");
            where.Append(" OR (vis = 3 AND @me = ANY(string_to_array(audience, ',')))");
        }
        where.Append(") ORDER BY idx LIMIT @limit");
        var args = new List<(string, object?)> { ("after", after), ("limit", limit) };
        if (kind is not null)
        {
            args.Add(("kind", kind));
        }
        if (reader.Party is not null)
        {
            args.Add(("me", reader.Party));
        }
        return Query(where.ToString(), [.. args]);
    }

    /// <summary>The sum of the reader's running counts (<see cref="EntryCounters"/>), kept in the same transaction as the
    /// rows: a walk of the reader's entries took 160 ms after 100,000 of them.</summary>
    public long Count(Reader reader, string? kind = null)
    {
        using var c = db.OpenReader();
        using var cmd = new NpgsqlCommand("SELECT coalesce(sum(n), 0)::bigint FROM v_counts WHERE k = ANY(@k)", c);
        cmd.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = EntryCounters.For(reader, kind) });
        return (long)cmd.ExecuteScalar()!;
    }

    public EntryRow? FindByCid(string party, string cid) =>
        Query("WHERE party = @p AND cid = @c", ("p", party), ("c", cid)).FirstOrDefault();

    public IReadOnlyDictionary<(string Party, string Cid), long> FindIndexesByCid(IReadOnlyCollection<(string Party, string Cid)> ids)
    {
        var found = new Dictionary<(string, string), long>();
        if (ids.Count == 0)
        {
            return found;
        }
        // One round trip for the whole batch, on the writer's connection (the sequencer's own thread asks between commits).
        return db.Write(c =>
        {
            using var cmd = new NpgsqlCommand(
                "SELECT e.party, e.cid, e.idx FROM v_entries e JOIN unnest(@c, @p) AS k(cid, party) ON e.cid = k.cid AND e.party = k.party", c);
            cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids.Select(i => i.Cid).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids.Select(i => i.Party).ToArray() });
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                found[(r.GetString(0), r.GetString(1))] = r.GetInt64(2);
            }
            return found;
        });
    }

    /// <summary>The same digest as SQLite's over the same rows: each value as text (∅ for null) and U+001F, each row "\n".</summary>
    public string Digest()
    {
        using var c = db.OpenReader();
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var row = string.Join("||", Columns.Split(", ").Select(col => $"coalesce({col}::text, '∅')||chr(31)")) + "||chr(10)";
        using var cmd = PostgresDatabase.Command(c, $"SELECT {row} FROM v_entries ORDER BY idx");
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            h.AppendData(Encoding.UTF8.GetBytes(r.GetString(0)));
        }
        h.AppendData(Encoding.UTF8.GetBytes($"applied={AppliedThrough()}"));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    List<EntryRow> Query(string where, params (string, object?)[] args)
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, $"SELECT {Columns} FROM v_entries {where}", null, args);
        using var r = cmd.ExecuteReader();
        var list = new List<EntryRow>();
        while (r.Read())
        {
            list.Add(new EntryRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), (Visibility)r.GetInt32(4),
                r.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries), r.GetString(6), r.GetString(7), r.GetString(8),
                r.IsDBNull(9) ? null : r.GetInt64(9), r.IsDBNull(10) ? null : r.GetInt64(10), r.GetInt32(11) != 0));
        }
        return list;
    }
}
