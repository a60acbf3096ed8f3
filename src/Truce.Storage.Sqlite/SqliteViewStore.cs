using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Truce.Core.Access;
using Truce.Core.Views;
using Truce.Ledger.Entries;

namespace Truce.Storage.Sqlite;

public sealed class SqliteViewStore(SqliteDatabase db) : IViewStore
{
    const string Columns = "idx, kind, party, key, vis, audience, time, cid, digest, amends, retracts, erased";

    public long AppliedThrough()
    {
        using var c = db.OpenReader();
        return SqliteDatabase.Scalar<long>(c, "SELECT value FROM v_meta WHERE name = 'applied'");
    }

    public void Apply(IReadOnlyList<EntryRow> entries, long appliedThrough) => SqliteDatabase.Write(() => ApplyLocked(entries, appliedThrough));

    void ApplyLocked(IReadOnlyList<EntryRow> entries, long appliedThrough)
    {
        lock (db.WriteLock)
        {
            // The log's commits stay synchronous=FULL. The views' need not wait for the disk: they are derived,
            // and in WAL mode the log's next FULL commit syncs this one too, so a crash can only lose views
            // applied after the log's last commit, which catch-up re-applies at start-up. One fsync per batch, not two.
            db.Prepared("PRAGMA synchronous=NORMAL").Run();
            try
            {
                ApplyInTransaction(entries, appliedThrough);
            }
            finally
            {
                db.Prepared("PRAGMA synchronous=FULL").Run();
            }
        }
    }

    void ApplyInTransaction(IReadOnlyList<EntryRow> entries, long appliedThrough)
    {
        using var tx = db.Writer.BeginTransaction();
        var insert = db.Prepared($"INSERT INTO v_entries ({Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        foreach (var e in entries)
        {
            insert.Bind(1, e.Index).Bind(2, e.Kind).Bind(3, e.Party).Bind(4, e.Key).Bind(5, (long)e.Visibility)
                .Bind(6, string.Join(',', e.To)).Bind(7, e.Time).Bind(8, e.Cid).Bind(9, e.Digest)
                .Bind(10, e.Amends).Bind(11, e.Retracts).Bind(12, e.Erased ? 1L : 0L).Run();
        }
        EntryCounts.Add(db, entries);
        db.Prepared("INSERT OR REPLACE INTO v_meta (name, value) VALUES ('applied', ?1)").Bind(1, appliedThrough).Run();
        tx.Commit();
        db.ScrubIfPending();
    }

    public void MarkErased(long index) => SqliteDatabase.Write(() =>
    {
        lock (db.WriteLock)
        {
            SqliteDatabase.Exec(db.Writer, "UPDATE v_entries SET erased = 1 WHERE idx = $i", null, ("$i", index));
        }
    });

    public void Reset()
    {
        lock (db.WriteLock)
        {
            SqliteDatabase.Exec(db.Writer, "DELETE FROM v_entries; DELETE FROM v_meta; DELETE FROM v_snapshots; DELETE FROM v_counts;");
            // No entries, no counts: exact, so the counters need no rebuild from the rows.
            EntryCounts.MarkCounted(db);
        }
    }

    public (SnapshotHeader Header, byte[] Payload)? LoadSnapshot(string module)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, "SELECT format, size, root, sha256, payload FROM v_snapshots WHERE module = $m", null, ("$m", module));
        using var r = cmd.ExecuteReader();
        return r.Read() ? (new SnapshotHeader(r.GetInt32(0), r.GetInt64(1), r.GetString(2), r.GetString(3)), (byte[])r.GetValue(4)) : null;
    }

    public SnapshotHeader? FindSnapshot(string module)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, "SELECT format, size, root, sha256 FROM v_snapshots WHERE module = $m", null, ("$m", module));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new SnapshotHeader(r.GetInt32(0), r.GetInt64(1), r.GetString(2), r.GetString(3)) : null;
    }

    public void SaveSnapshot(string module, SnapshotHeader header, byte[] payload) => SqliteDatabase.Write(() =>
    {
        lock (db.WriteLock)
        {
            SqliteDatabase.Exec(db.Writer,
                "INSERT OR REPLACE INTO v_snapshots (module, format, size, root, sha256, payload) VALUES ($m, $f, $s, $r, $h, $p)", null,
                ("$m", module), ("$f", header.Format), ("$s", header.Size), ("$r", header.Root), ("$h", header.Sha256), ("$p", payload));
        }
    });

    /// <summary>A snapshot may hold what an erasure removes: its pages are zeroed and the write-ahead log cut as for a body.</summary>
    public void DeleteSnapshots() => SqliteDatabase.Write(() =>
    {
        lock (db.WriteLock)
        {
            using var delete = SqliteDatabase.Command(db.Writer, "DELETE FROM v_snapshots");
            if (delete.ExecuteNonQuery() > 0)
            {
                db.Scrub();
            }
        }
    });

    public EntryRow? Get(long index) => Query("WHERE idx = $i", ("$i", index)).FirstOrDefault();

    public IReadOnlyList<EntryRow> List(Reader reader, long after, int limit, string? kind = null)
    {
        // Visibility is decided in SQL too, so a page is full even when most entries are hidden from this reader.
        var where = new StringBuilder("WHERE idx > $after");
        if (kind is not null)
        {
            where.Append(" AND kind = $kind");
        }
        where.Append(" AND (vis = 0");
        if (reader.Party is not null)
        {
            where.Append(" OR vis = 1 OR party = $me");
            where.Append(reader.IsMission ? " OR vis = 2" : "");
            where.Append(" OR (vis = 3 AND (',' || audience || ',') LIKE ('%,' || $me || ',%'))");
        }
        where.Append(") ORDER BY idx LIMIT $limit");
        return Query(where.ToString(), ("$after", after), ("$kind", kind), ("$me", reader.Party), ("$limit", limit));
    }

    public long Count(Reader reader, string? kind = null) => EntryCounts.Count(db, reader, kind);

    public EntryRow? FindByCid(string party, string cid) =>
        Query("WHERE party = $p AND cid = $c", ("$p", party), ("$c", cid)).FirstOrDefault();

    public IReadOnlyDictionary<(string Party, string Cid), long> FindIndexesByCid(IReadOnlyCollection<(string Party, string Cid)> ids)
    {
        var found = new Dictionary<(string, string), long>();
        if (ids.Count == 0)
        {
            return found;
        }
        // On the writer connection: the sequencer's own thread asks, between its commits, and the writer's page
        // cache holds the index pages it has just written (a pooled reader would re-read them after every commit).
        lock (db.WriteLock)
        {
            // One seek of the (cid, party) index per id, through a statement prepared once, all in one read
            // transaction: on its own each would take and drop SQLite's file locks (fcntl calls, a tenth of the
            // writer's time before).
            var find = db.Prepared("SELECT idx FROM v_entries WHERE cid = ?1 AND party = ?2");
            db.Prepared("BEGIN").Run();
            try
            {
                foreach (var (party, cid) in ids)
                {
                    if (find.Bind(1, cid).Bind(2, party).ReadInt64() is { } index)
                    {
                        found[(party, cid)] = index;
                    }
                }
            }
            finally
            {
                db.Prepared("COMMIT").Run();
            }
        }
        return found;
    }

    public string Digest()
    {
        using var c = db.OpenReader();
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Each value as text (∅ for null) followed by U+001F, each row then "\n". SQLite writes integers as .NET's
        // invariant culture does, so the row comes out as one string rather than twelve: a rebuild digests every row twice.
        var row = string.Join("||", Columns.Split(", ").Select(col => $"coalesce({col}, '∅')||char(31)")) + "||char(10)";
        using var cmd = SqliteDatabase.Command(c, $"SELECT {row} FROM v_entries ORDER BY idx");
        using var r = cmd.ExecuteReader();
        var buffer = new byte[1024];
        while (r.Read())
        {
            var text = r.GetString(0);
            if (Encoding.UTF8.GetMaxByteCount(text.Length) > buffer.Length)
            {
                buffer = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
            }
            h.AppendData(buffer, 0, Encoding.UTF8.GetBytes(text, buffer));
        }
        h.AppendData(Encoding.UTF8.GetBytes($"applied={AppliedThrough()}"));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    public void SaveToken(string tokenHash, TokenRow row)
    {
        lock (db.WriteLock)
        {
            SqliteDatabase.Exec(db.Writer,
                "INSERT INTO credentials (token_hash, member, party, roles, expires, revoked) VALUES ($h,$m,$p,$r,$e,$v)", null,
                ("$h", tokenHash), ("$m", row.Member), ("$p", row.Party), ("$r", string.Join(',', row.Roles)),
                ("$e", Envelope.FormatTime(row.Expires)), ("$v", row.Revoked ? 1 : 0));
            _tokens.TryRemove(tokenHash, out _);
        }
    }

    /// <summary>
    /// Every API request looks its token up; a copy kept for a few seconds saves a query per request. Saving or
    /// revoking a token through this store drops the copy at once; a change made by another process shows
    /// within <see cref="TokenCacheLifetime"/>. Unknown tokens are never kept.
    /// </summary>
    public static readonly TimeSpan TokenCacheLifetime = TimeSpan.FromSeconds(5);

    const int TokenCacheSize = 10_000;
    readonly ConcurrentDictionary<string, (TokenRow Row, long At)> _tokens = new(StringComparer.Ordinal);

    public TokenRow? FindToken(string tokenHash)
    {
        var now = Environment.TickCount64;
        if (_tokens.TryGetValue(tokenHash, out var hit) && now - hit.At < TokenCacheLifetime.TotalMilliseconds)
        {
            return hit.Row;
        }
        var row = ReadToken(tokenHash);
        if (row is not null)
        {
            if (_tokens.Count >= TokenCacheSize)
            {
                _tokens.Clear();
            }
            _tokens[tokenHash] = (row, now);
        }
        return row;
    }

    TokenRow? ReadToken(string tokenHash) => ReadTokens("WHERE token_hash = $h", tokenHash).Select(t => t.Row).FirstOrDefault();

    public IReadOnlyList<(string Hash, TokenRow Row)> AllTokens() => ReadTokens("ORDER BY token_hash", null);

    List<(string Hash, TokenRow Row)> ReadTokens(string where, string? tokenHash)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, $"SELECT token_hash, member, party, roles, expires, revoked FROM credentials {where}", null,
            tokenHash is null ? [] : [("$h", tokenHash)]);
        using var r = cmd.ExecuteReader();
        var list = new List<(string Hash, TokenRow Row)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), new TokenRow(r.GetString(1), r.GetString(2), r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetInt64(5) != 0)));
        }
        return list;
    }

    public bool RevokeToken(string tokenHash)
    {
        lock (db.WriteLock)
        {
            using var cmd = SqliteDatabase.Command(db.Writer, "UPDATE credentials SET revoked = 1 WHERE token_hash = $h", null, ("$h", tokenHash));
            var revoked = cmd.ExecuteNonQuery() == 1;
            _tokens.TryRemove(tokenHash, out _);
            return revoked;
        }
    }

    List<EntryRow> Query(string where, params (string, object?)[] args)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, $"SELECT {Columns} FROM v_entries {where}", null, args);
        using var r = cmd.ExecuteReader();
        var list = new List<EntryRow>();
        while (r.Read())
        {
            list.Add(new EntryRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), (Visibility)r.GetInt64(4),
                r.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries), r.GetString(6), r.GetString(7), r.GetString(8),
                r.IsDBNull(9) ? null : r.GetInt64(9), r.IsDBNull(10) ? null : r.GetInt64(10), r.GetInt64(11) != 0));
        }
        return list;
    }
}
