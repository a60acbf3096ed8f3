namespace Truce.Ledger.Merkle;

/// <summary>
/// The right edge of a growing tree: the roots of the complete subtrees that make up D[0:size], largest first.
/// Appending a leaf yields every stored node it completes, so a sequencer never reads old hashes to append.
/// Not thread-safe: it belongs to the single writer.
/// </summary>
public sealed class CompactRange
{
    readonly List<(NodeId Id, byte[] Hash)> _roots = [];

    public long Size { get; private set; }

    public IReadOnlyList<(NodeId Id, byte[] Hash)> Roots => _roots;

    /// <summary>The node ids whose hashes make up the edge of a tree of this size.</summary>
    public static List<NodeId> EdgeIds(long size)
    {
        var ids = new List<NodeId>();
        Ranges.Decompose(0, size, ids);
        return ids;
    }

    public static CompactRange Load(long size, IHashReader reader)
    {
        var range = new CompactRange { Size = size };
        var ids = EdgeIds(size);
        var hashes = reader.ReadHashes(ids);
        for (int i = 0; i < ids.Count; i++)
        {
            range._roots.Add((ids[i], hashes[i]));
        }
        return range;
    }

    /// <summary>Appends a leaf hash; adds to <paramref name="created"/> the leaf node and every node it completes.</summary>
    public void Append(byte[] leafHash, List<(NodeId Id, byte[] Hash)> created)
    {
        var node = (Id: new NodeId(0, Size), Hash: leafHash);
        created.Add(node);
        while (_roots.Count > 0 && _roots[^1].Id.Level == node.Id.Level)
        {
            var left = _roots[^1];
            _roots.RemoveAt(_roots.Count - 1);
            node = (new NodeId(node.Id.Level + 1, left.Id.Index >> 1), Hashing.Node(left.Hash, node.Hash));
            created.Add(node);
        }
        _roots.Add(node);
        Size++;
    }

    /// <summary>MTH(D[0:Size]).</summary>
    public byte[] RootHash()
    {
        if (_roots.Count == 0)
        {
            return Hashing.Empty();
        }
        var h = _roots[^1].Hash;
        for (int i = _roots.Count - 2; i >= 0; i--)
        {
            h = Hashing.Node(_roots[i].Hash, h);
        }
        return h;
    }

    public CompactRange Clone()
    {
        var c = new CompactRange { Size = Size };
        c._roots.AddRange(_roots);
        return c;
    }
}
