using System.Text;
using Microsoft.Data.Sqlite;
using Truce.Ledger.Merkle;
using Truce.Ledger.Sequencing;

namespace Truce.Storage.Sqlite;

/// <summary>The log in SQLite. A batch is one transaction on the writer connection (see <see cref="ILogStore"/>).</summary>
public sealed class SqliteLogStore(SqliteDatabase db) : ILogStore
{
    static long Key(NodeId id) => ((long)id.Level << 56) | id.Index;

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
            using (var leaf = SqliteDatabase.Command(db.Writer, "INSERT INTO log_leaves (idx, leaf) VALUES ($i, $l)", tx))
            using (var body = SqliteDatabase.Command(db.Writer, "INSERT INTO log_bodies (idx, body) VALUES ($i, $b)", tx))
            {
                var li = leaf.Parameters.Add("$i", SqliteType.Integer);
                var ll = leaf.Parameters.Add("$l", SqliteType.Blob);
                var bi = body.Parameters.Add("$i", SqliteType.Integer);
                var bb = body.Parameters.Add("$b", SqliteType.Blob);
                for (int i = 0; i < batch.Leaves.Count; i++)
                {
                    li.Value = batch.FirstIndex + i;
                    ll.Value = batch.Leaves[i];
                    leaf.ExecuteNonQuery();
                    if (batch.Bodies[i] is { } b)
                    {
                        bi.Value = batch.FirstIndex + i;
                        bb.Value = b;
                        body.ExecuteNonQuery();
                    }
                }
            }
            using (var node = SqliteDatabase.Command(db.Writer, "INSERT INTO log_nodes (id, hash) VALUES ($id, $h)", tx))
            {
                var nid = node.Parameters.Add("$id", SqliteType.Integer);
                var nh = node.Parameters.Add("$h", SqliteType.Blob);
                foreach (var (id, hash) in batch.Nodes)
                {
                    nid.Value = Key(id);
                    nh.Value = hash;
                    node.ExecuteNonQuery();
                }
            }
            SqliteDatabase.Exec(db.Writer, "INSERT OR REPLACE INTO log_checkpoints (size, note) VALUES ($s, $n)", tx,
                ("$s", batch.TreeSize), ("$n", batch.CheckpointNote));
            tx.Commit();
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

    public void EraseBody(long index) => SqliteDatabase.Write(() =>
    {
        lock (db.WriteLock)
        {
            SqliteDatabase.Exec(db.Writer, "DELETE FROM log_bodies WHERE idx = $i", null, ("$i", index));
        }
    });

    public IReadOnlyList<byte[]> ReadLevel(int level, long from, int count)
    {
        using var c = db.OpenReader();
        var start = Key(new NodeId(level, from));
        using var cmd = SqliteDatabase.Command(c, "SELECT hash FROM log_nodes WHERE id >= $a AND id < $b ORDER BY id", null,
            ("$a", start), ("$b", start + count));
        var list = new List<byte[]>(count);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add((byte[])r[0]);
        }
        return list.Count == count ? list : throw new InvalidDataException($"tree hashes at level {level} from {from} are missing");
    }

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
        Span<long> wanted = stackalloc long[NodeLookup.Arity];
        Span<int> at = stackalloc int[NodeLookup.Arity];
        var n = 0;
        NodeLookup? lookup = null;
        try
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (ids[i].Level >= UpperLevel && ids[i].Index < UpperNodes)
                {
                    result[i] = Upper(ids[i]);
                    continue;
                }
                (wanted[n], at[n]) = (Key(ids[i]), i);
                if (++n == NodeLookup.Arity)
                {
                    Fetch(lookup ??= RentLookup(), wanted, at, n, ids, result);
                    n = 0;
                }
            }
            if (n > 0)
            {
                Fetch(lookup ??= RentLookup(), wanted, at, n, ids, result);
            }
        }
        finally
        {
            if (lookup is not null)
            {
                _lookups.Add(lookup);
            }
        }
        return result;
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

    static void Fetch(NodeLookup lookup, Span<long> wanted, Span<int> at, int n, IReadOnlyList<NodeId> ids, byte[]?[] result)
    {
        lookup.Read(wanted[..n], result, at[..n]);
        for (var j = 0; j < n; j++)
        {
            if (result[at[j]] is null)
            {
                var id = ids[at[j]];
                throw new InvalidDataException($"tree hash at level {id.Level}, index {id.Index} is missing");
            }
        }
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
