using Truce.Ledger.Merkle;
using Truce.Ledger.Sequencing;

namespace Truce.Storage.Sqlite;

/// <summary>What a copy of the log into another store reads (<see cref="ILogHistory"/>).</summary>
public sealed partial class SqliteLogStore
{
    public IReadOnlyList<(long Size, string Note)> ReadCheckpoints()
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, "SELECT size, note FROM log_checkpoints ORDER BY size");
        using var r = cmd.ExecuteReader();
        var list = new List<(long, string)>();
        while (r.Read())
        {
            list.Add((r.GetInt64(0), r.GetString(1)));
        }
        return list;
    }

    public IReadOnlyList<(NodeId Id, byte[] Hash)> ReadNodesCompletedBy(long from, long to)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, "SELECT id, hash FROM log_nodes WHERE id >= $a AND id < $b ORDER BY id", null, ("$a", from << 6), ("$b", to << 6));
        using var r = cmd.ExecuteReader();
        var list = new List<(NodeId, byte[])>();
        while (r.Read())
        {
            var key = r.GetInt64(0);
            var level = (int)(key & 63);
            list.Add((new NodeId(level, (((key >> 6) + 1) >> level) - 1), (byte[])r[1]));
        }
        return list;
    }

    public IReadOnlyDictionary<long, byte[]> ReadBodies(long from, int count)
    {
        using var c = db.OpenReader();
        using var cmd = SqliteDatabase.Command(c, "SELECT idx, body FROM log_bodies WHERE idx >= $a AND idx < $b", null, ("$a", from), ("$b", from + count));
        using var r = cmd.ExecuteReader();
        var found = new Dictionary<long, byte[]>();
        while (r.Read())
        {
            found[r.GetInt64(0)] = (byte[])r[1];
        }
        return found;
    }
}
