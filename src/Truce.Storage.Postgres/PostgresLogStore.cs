using Npgsql;
using NpgsqlTypes;
using Truce.Ledger.Merkle;
using Truce.Ledger.Sequencing;

namespace Truce.Storage.Postgres;

/// <summary>
/// The log in PostgreSQL. A batch is one transaction on the writer connection: the head's compare-and-swap first
/// (<c>UPDATE log_head … WHERE note = expected</c>: no row means another writer moved the log, and this one is refused,
/// <see cref="WriterFencedException"/>), then leaves, bodies and nodes by binary COPY, then the checkpoint.
/// </summary>
public sealed class PostgresLogStore(PostgresDatabase db) : ILogStore, ILogHistory
{
    /// <summary>The same key as SQLite's (see <c>SqliteLogStore.Key</c>): the position completing the node, times 64, plus its level.</summary>
    public static long Key(NodeId id) => (((((long)id.Index + 1) << id.Level) - 1) << 6) | (long)id.Level;

    /// <summary>The node a <see cref="Key"/> names.</summary>
    public static NodeId FromKey(long key)
    {
        var level = (int)(key & 63);
        return new NodeId(level, ((key >> 6) + 1 >> level) - 1);
    }

    /// <summary>The head this writer last read or wrote: what its next commit expects to find.</summary>
    string? _head;

    public (long Size, string? CheckpointNote) LoadHead()
    {
        using var c = db.OpenReader();
        long size = 0, leaves = 0;
        string? note = null;
        // One statement, so one snapshot: the head and the leaves as one commit left them, though a writer commits meanwhile.
        using (var cmd = PostgresDatabase.Command(c,
            "SELECT h.size, h.note, (SELECT coalesce(max(idx) + 1, 0) FROM log_leaves) FROM (SELECT 1) one LEFT JOIN log_head h ON true"))
        using (var r = cmd.ExecuteReader())
        {
            r.Read();
            (size, note, leaves) = (r.IsDBNull(0) ? 0 : r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2));
        }
        if (leaves != size || (note is not null && !note.Contains($"\n{size}\n", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"the stored log has {leaves} entries but its latest checkpoint is of another size");
        }
        lock (db.WriteLock)
        {
            _head = note;
        }
        return (size, note);
    }

    public void Append(LogBatch batch) => db.Write(c =>
    {
        using var tx = c.BeginTransaction();
        MoveHead(c, tx, batch.TreeSize, batch.CheckpointNote);
        using (var leaves = c.BeginBinaryImport("COPY log_leaves (idx, leaf) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < batch.Leaves.Count; i++)
            {
                leaves.WriteRow(batch.FirstIndex + i, batch.Leaves[i]);
            }
            leaves.Complete();
        }
        if (batch.Bodies.Any(b => b is not null))
        {
            using var bodies = c.BeginBinaryImport("COPY log_bodies (idx, body) FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < batch.Bodies.Count; i++)
            {
                if (batch.Bodies[i] is { } b)
                {
                    bodies.WriteRow(batch.FirstIndex + i, b);
                }
            }
            bodies.Complete();
        }
        if (batch.Nodes.Count > 0)
        {
            using var nodes = c.BeginBinaryImport("COPY log_nodes (id, hash) FROM STDIN (FORMAT BINARY)");
            foreach (var (id, hash) in batch.Nodes)
            {
                nodes.WriteRow(Key(id), hash);
            }
            nodes.Complete();
        }
        PostgresDatabase.Exec(c, "INSERT INTO log_checkpoints (size, note) VALUES (@s, @n) ON CONFLICT (size) DO UPDATE SET note = excluded.note", tx,
            ("s", batch.TreeSize), ("n", batch.CheckpointNote));
        tx.Commit();
        _head = batch.CheckpointNote;
    });

    /// <summary>The fence: the head row moves only from what this writer last saw. Its row lock also queues a rival
    /// writer's commit behind this one, which then finds the head moved.</summary>
    void MoveHead(NpgsqlConnection c, NpgsqlTransaction tx, long size, string note)
    {
        var moved = _head is null
            ? PostgresDatabase.Exec(c, "INSERT INTO log_head (size, note) VALUES (@s, @n) ON CONFLICT (one) DO NOTHING", tx, ("s", size), ("n", note))
            : PostgresDatabase.Exec(c, "UPDATE log_head SET size = @s, note = @n WHERE note = @e", tx, ("s", size), ("n", note), ("e", _head));
        if (moved != 1)
        {
            throw new WriterFencedException("another writer has moved the log since this one last read it; this process no longer writes to it");
        }
    }

    public bool ReplaceCheckpoint(long size, string expected, string replacement) => db.Write(c =>
    {
        using var tx = c.BeginTransaction();
        var replaced = PostgresDatabase.Exec(c, "UPDATE log_checkpoints SET note = @r WHERE size = @s AND note = @e", tx,
            ("r", replacement), ("s", size), ("e", expected)) == 1;
        if (!replaced)
        {
            return false;
        }
        // The head moves with it when it is the latest; a cosignature on an older checkpoint leaves the head alone.
        var head = PostgresDatabase.Exec(c, "UPDATE log_head SET note = @r WHERE size = @s AND note = @e", tx,
            ("r", replacement), ("s", size), ("e", expected));
        tx.Commit();
        if (head == 1)
        {
            _head = replacement;
        }
        return true;
    });

    public IReadOnlyList<byte[]> ReadLeaves(long from, int count)
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, "SELECT idx, leaf FROM log_leaves WHERE idx >= @a AND idx < @b ORDER BY idx", null,
            ("a", from), ("b", from + count));
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
        using var cmd = PostgresDatabase.Command(c, "SELECT body FROM log_bodies WHERE idx = @i", null, ("i", index));
        return cmd.ExecuteScalar() as byte[];
    }

    public IReadOnlyDictionary<long, byte[]> ReadBodies(IReadOnlyList<long> indexes)
    {
        var found = new Dictionary<long, byte[]>(indexes.Count);
        if (indexes.Count == 0)
        {
            return found;
        }
        using var c = db.OpenReader();
        using var cmd = new NpgsqlCommand("SELECT idx, body FROM log_bodies WHERE idx = ANY(@k)", c);
        cmd.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = indexes.ToArray() });
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            found[r.GetInt64(0)] = (byte[])r[1];
        }
        return found;
    }

    /// <summary>Bodies [from, from+count) that are stored, by index (a migration's and a backup's copy).</summary>
    public IReadOnlyDictionary<long, byte[]> ReadBodies(long from, int count)
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, "SELECT idx, body FROM log_bodies WHERE idx >= @a AND idx < @b", null, ("a", from), ("b", from + count));
        using var r = cmd.ExecuteReader();
        var found = new Dictionary<long, byte[]>();
        while (r.Read())
        {
            found[r.GetInt64(0)] = (byte[])r[1];
        }
        return found;
    }

    /// <summary>Deletes the body and rewrites the table (<see cref="PostgresDatabase.Scrub"/>); a body already gone costs nothing.</summary>
    public void EraseBody(long index) => db.Write(c =>
    {
        if (PostgresDatabase.Exec(c, "DELETE FROM log_bodies WHERE idx = @i", null, ("i", index)) > 0)
        {
            db.Scrub(c, "log_bodies");
        }
    });

    public IReadOnlyList<byte[]> ReadLevel(int level, long from, int count)
    {
        if (count == 0)
        {
            return [];
        }
        var ids = new NodeId[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = new NodeId(level, from + i);
        }
        return ReadHashes(ids);
    }

    public IReadOnlyList<byte[]> ReadHashes(IReadOnlyList<NodeId> ids)
    {
        var keys = new long[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            keys[i] = Key(ids[i]);
        }
        var found = new Dictionary<long, byte[]>(ids.Count);
        using (var c = db.OpenReader())
        using (var cmd = new NpgsqlCommand("SELECT id, hash FROM log_nodes WHERE id = ANY(@k)", c))
        {
            cmd.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = keys });
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                found[r.GetInt64(0)] = (byte[])r[1];
            }
        }
        var result = new byte[ids.Count][];
        for (var i = 0; i < ids.Count; i++)
        {
            result[i] = found.TryGetValue(keys[i], out var h) ? h
                : throw new InvalidDataException($"tree hash at level {ids[i].Level}, index {ids[i].Index} is missing");
        }
        return result;
    }

    /// <summary>Every stored checkpoint, oldest first (a migration keeps them all).</summary>
    public IReadOnlyList<(long Size, string Note)> ReadCheckpoints()
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, "SELECT size, note FROM log_checkpoints ORDER BY size");
        using var r = cmd.ExecuteReader();
        var list = new List<(long, string)>();
        while (r.Read())
        {
            list.Add((r.GetInt64(0), r.GetString(1)));
        }
        return list;
    }

    /// <summary>The stored nodes completed by leaves [from, to): the nodes a batch of those leaves stored.</summary>
    public IReadOnlyList<(NodeId Id, byte[] Hash)> ReadNodesCompletedBy(long from, long to)
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, "SELECT id, hash FROM log_nodes WHERE id >= @a AND id < @b ORDER BY id", null, ("a", from << 6), ("b", to << 6));
        using var r = cmd.ExecuteReader();
        var list = new List<(NodeId, byte[])>();
        while (r.Read())
        {
            list.Add((FromKey(r.GetInt64(0)), (byte[])r[1]));
        }
        return list;
    }
}

/// <summary>The log's head moved under this writer: another process writes to it now (see <see cref="PostgresLogStore"/>).</summary>
public sealed class WriterFencedException(string message) : IOException(message);
