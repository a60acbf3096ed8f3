using System.Text;
using Microsoft.Data.Sqlite;
using Truce.Ledger.Merkle;
using Truce.Ledger.Sequencing;

namespace Truce.Storage.Sqlite;

/// <summary>The log in SQLite. A batch is one transaction on the writer connection (see <see cref="ILogStore"/>).</summary>
public sealed partial class SqliteLogStore(SqliteDatabase db) : ILogStore, ILogHistory
{
    // A node is keyed by where the tree completes it: node (level, index) covers the leaves up to
    // (index + 1)·2^level − 1 and is made when that leaf is appended. So every batch's nodes land together at the end
    // of the table (a few pages a batch, where keying by level first wrote a page per level), and a proof's lower
    // siblings sit near their leaf. The low 6 bits hold the level; positions stay below 2^56.
    internal static long Key(NodeId id) => (((((long)id.Index + 1) << id.Level) - 1) << 6) | (long)id.Level;

    /// <summary><see cref="Key"/> in SQL, of a key in the layout-0 form level &lt;&lt; 56 | index (see <see cref="SqliteDatabase"/>).</summary>
    internal const string KeyFromOldLayout =
        "(((((id & 72057594037927935) + 1) << (id >> 56)) - 1) << 6) | (id >> 56)";

    public (long Size, string? CheckpointNote) LoadHead()
    {
        using var c = db.OpenReader();
        var size = SqliteDatabase.Scalar<long>(c, "SELECT COUNT(*) FROM log_leaves");
        var note = SqliteDatabase.Scalar<string>(c, "SELECT note FROM log_checkpoints ORDER BY size DESC LIMIT 1");
        if (note is not null && !note.Contains($"\n{size}\n", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the stored log has {size} entries but its latest checkpoint is of another size");
        }
        return (size, note);
    }

    public void Append(LogBatch batch) => SqliteDatabase.Write(() => AppendInTransaction(batch));

    void AppendInTransaction(LogBatch batch)
    {
        lock (db.WriteLock)
        {
            using var tx = db.Writer.BeginTransaction();
            var leaf = db.Prepared("INSERT INTO log_leaves (idx, leaf) VALUES (?1, ?2)");
            var body = db.Prepared("INSERT INTO log_bodies (idx, body) VALUES (?1, ?2)");
            for (int i = 0; i < batch.Leaves.Count; i++)
            {
                leaf.Bind(1, batch.FirstIndex + i).Bind(2, batch.Leaves[i]).Run();
                if (batch.Bodies[i] is { } b)
                {
                    body.Bind(1, batch.FirstIndex + i).Bind(2, b).Run();
                }
            }
            var node = db.Prepared("INSERT INTO log_nodes (id, hash) VALUES (?1, ?2)");
            foreach (var (id, hash) in batch.Nodes)
            {
                node.Bind(1, Key(id)).Bind(2, hash).Run();
            }
            db.Prepared("INSERT OR REPLACE INTO log_checkpoints (size, note) VALUES (?1, ?2)")
                .Bind(1, batch.TreeSize).Bind(2, batch.CheckpointNote).Run();
            tx.Commit();
            db.ScrubIfPending();
        }
    }

    public bool ReplaceCheckpoint(long size, string expected, string replacement)
    {
        var replaced = false;
        SqliteDatabase.Write(() =>
        {
            lock (db.WriteLock)
            {
                using var cmd = SqliteDatabase.Command(db.Writer, "UPDATE log_checkpoints SET note = $r WHERE size = $s AND note = $e", null,
                    ("$r", replacement), ("$s", size), ("$e", expected));
                replaced = cmd.ExecuteNonQuery() == 1;
            }
        });
        return replaced;
    }

    public IReadOnlyList<byte[]> ReadLeaves(long from, int count)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, "SELECT idx, leaf FROM log_leaves WHERE idx >= $a AND idx < $b ORDER BY idx", null,
            ("$a", from), ("$b", from + count));
        var list = new List<byte[]>(count);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (r.GetInt64(0) != from + list.Count)
            {
                throw new InvalidDataException($"log entry {from + list.Count} is missing from the store");
            }
            list.Add((byte[])r[1]);
        }
        if (list.Count != count)
        {
            throw new InvalidDataException($"log entries {from + list.Count}–{from + count - 1} are missing from the store");
        }
        return list;
    }

    public byte[]? ReadBody(long index)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, "SELECT body FROM log_bodies WHERE idx = $i", null, ("$i", index));
        return cmd.ExecuteScalar() as byte[];
    }

    /// <summary>
    /// Deletes the body, with its bytes zeroed in the page (secure_delete), then cuts the write-ahead log that still
    /// holds earlier images of that page (<see cref="SqliteDatabase.Scrub"/>). A body already gone (a rebuild
    /// replays every erasure) costs no checkpoint.
    /// </summary>
    public void EraseBody(long index) => SqliteDatabase.Write(() =>
    {
        lock (db.WriteLock)
        {
            using var delete = SqliteDatabase.Command(db.Writer, "DELETE FROM log_bodies WHERE idx = $i", null, ("$i", index));
            if (delete.ExecuteNonQuery() > 0)
            {
                db.Scrub();
            }
        }
    });

    public IReadOnlyList<byte[]> ReadLevel(int level, long from, int count)
    {
        if (count == 0)
        {
            return [];
        }
        if (level > DenseLevel)
        {
            // Nodes of a higher level are 2^level positions apart: looking each up beats scanning past the others.
            var ids = new NodeId[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = new NodeId(level, from + i);
            }
            var hashes = new byte[count][];
            ReadStored(ids, hashes);
            return hashes;
        }
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c,
            "SELECT hash FROM log_nodes WHERE id >= $a AND id <= $b AND (id & 63) = $l ORDER BY id", null,
            ("$a", Key(new NodeId(level, from))), ("$b", Key(new NodeId(level, from + count - 1))), ("$l", level));
        var list = new List<byte[]>(count);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add((byte[])r[0]);
        }
        return list.Count == count ? list : throw new InvalidDataException($"tree hashes at level {level} from {from} are missing");
    }

    /// <summary>Up to this level a range read scans at most 8 rows per node it keeps.</summary>
    const int DenseLevel = 2;

    // A proof needs some 30 stored hashes. Those of complete subtrees never change once stored, and every proof
    // passes through the upper levels, so the levels from 6 up (one node per 64 leaves: half a byte a leaf) are kept in
    // memory as flat arrays, filled by range reads the first time a node beyond what is held is asked for (the
    // start-up check asks for the right edge, so they are filled then). The lower ones come from one prepared
    // statement per reader connection, kept open for it: parsing an IN query of 30 parameters on every call cost more
    // than the look-ups themselves.
    const int UpperLevel = 6;
    const int UpperRead = 1 << 16;
    const long UpperNodes = 1 << 25; // per level, 1 GiB at most: beyond that (2 billion leaves) the store is read
    readonly object _upperLock = new();
    readonly byte[][] _upper = new byte[64][];
    readonly long[] _upperCount = new long[64];
    readonly System.Collections.Concurrent.ConcurrentBag<NodeLookup> _lookups = [];

    byte[] Upper(NodeId id)
    {
        lock (_upperLock)
        {
            var level = id.Level;
            while (id.Index >= _upperCount[level])
            {
                var from = _upperCount[level];
                var read = ReadLevel(level, from, (int)Math.Min(UpperRead, id.Index + 1 - from));
                var need = (from + read.Count) * Hashing.Size;
                if (_upper[level] is not { } held || held.Length < need)
                {
                    var grown = new byte[Math.Max(need, 2L * (_upper[level]?.Length ?? 0))];
                    _upper[level]?.CopyTo(grown, 0);
                    _upper[level] = grown;
                }
                for (var i = 0; i < read.Count; i++)
                {
                    read[i].CopyTo(_upper[level], (from + i) * Hashing.Size);
                }
                _upperCount[level] = from + read.Count;
            }
            return _upper[level].AsSpan((int)(id.Index * Hashing.Size), Hashing.Size).ToArray();
        }
    }

    public IReadOnlyList<byte[]> ReadHashes(IReadOnlyList<NodeId> ids)
    {
        var result = new byte[ids.Count][];
        var stored = new List<NodeId>(ids.Count);
        var at = new List<int>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i].Level >= UpperLevel && ids[i].Index < UpperNodes)
            {
                result[i] = Upper(ids[i]);
            }
            else
            {
                stored.Add(ids[i]);
                at.Add(i);
            }
        }
        if (stored.Count > 0)
        {
            var hashes = new byte[stored.Count][];
            ReadStored(stored, hashes);
            for (var i = 0; i < stored.Count; i++)
            {
                result[at[i]] = hashes[i];
            }
        }
        return result;
    }

    /// <summary>Reads stored nodes by key, <see cref="NodeLookup.Arity"/> to a query; throws naming the first missing one.</summary>
    void ReadStored(IReadOnlyList<NodeId> ids, byte[]?[] into)
    {
        Span<long> wanted = stackalloc long[NodeLookup.Arity];
        Span<int> at = stackalloc int[NodeLookup.Arity];
        var lookup = RentLookup();
        try
        {
            for (var start = 0; start < ids.Count; start += NodeLookup.Arity)
            {
                var n = Math.Min(NodeLookup.Arity, ids.Count - start);
                for (var j = 0; j < n; j++)
                {
                    (wanted[j], at[j]) = (Key(ids[start + j]), start + j);
                }
                lookup.Read(wanted[..n], into, at[..n]);
                for (var j = 0; j < n; j++)
                {
                    if (into[start + j] is null)
                    {
                        var id = ids[start + j];
                        throw new InvalidDataException($"tree hash at level {id.Level}, index {id.Index} is missing");
                    }
                }
            }
        }
        finally
        {
            _lookups.Add(lookup);
        }
    }

    NodeLookup RentLookup()
    {
        if (_lookups.TryTake(out var l))
        {
            return l;
        }
        l = new NodeLookup(db.OpenReader());
        db.Own(l);
        return l;
    }

    /// <summary>A reader connection with one prepared <c>IN</c> query of <see cref="Arity"/> keys (unused ones repeat the
    /// first). Used by one caller at a time.</summary>
    sealed class NodeLookup : IDisposable
    {
        public const int Arity = 32;
        readonly SqliteConnection _connection;
        readonly SqliteCommand _command;
        readonly SqliteParameter[] _keys = new SqliteParameter[Arity];

        public NodeLookup(SqliteConnection connection)
        {
            _connection = connection;
            _command = connection.CreateCommand();
            var sql = new StringBuilder("SELECT id, hash FROM log_nodes WHERE id IN (");
            for (var i = 0; i < Arity; i++)
            {
                sql.Append(i == 0 ? "$k0" : $",$k{i}");
                _keys[i] = _command.Parameters.Add($"$k{i}", SqliteType.Integer);
                _keys[i].Value = 0L;
            }
            _command.CommandText = sql.Append(')').ToString();
            _command.Prepare();
        }

        public void Read(ReadOnlySpan<long> keys, byte[]?[] into, ReadOnlySpan<int> positions)
        {
            for (var i = 0; i < Arity; i++)
            {
                _keys[i].Value = keys[i < keys.Length ? i : 0];
            }
            using var r = _command.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetInt64(0);
                var hash = (byte[])r[1];
                for (var j = 0; j < keys.Length; j++)
                {
                    if (keys[j] == id)
                    {
                        into[positions[j]] = hash;
                    }
                }
            }
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
