using Truce.Ledger.Merkle;
using Truce.Ledger.Sequencing;

namespace Truce.Ledger.Tests;

/// <summary>An in-memory store with a fault hook, for tests of the log layer.</summary>
public sealed class MemoryLogStore : ILogStore
{
    readonly List<byte[]> _leaves = [];
    readonly List<byte[]?> _bodies = [];
    readonly Dictionary<NodeId, byte[]> _nodes = [];
    string? _checkpoint;

    public Func<LogBatch, bool>? FailAppend { get; set; }

    public long Size => _leaves.Count;

    public (long Size, string? CheckpointNote) LoadHead() => (_leaves.Count, _checkpoint);

    public void Append(LogBatch batch)
    {
        if (FailAppend?.Invoke(batch) == true)
        {
            throw new IOException("injected failure");
        }
        _leaves.AddRange(batch.Leaves);
        _bodies.AddRange(batch.Bodies);
        foreach (var (id, hash) in batch.Nodes)
        {
            _nodes[id] = hash;
        }
        _checkpoint = batch.CheckpointNote;
    }

    public bool ReplaceCheckpoint(long size, string expected, string replacement)
    {
        if (_checkpoint != expected)
        {
            return false;
        }
        _checkpoint = replacement;
        return true;
    }

    public IReadOnlyList<byte[]> ReadLeaves(long from, int count) => _leaves.GetRange((int)from, count);

    public byte[]? ReadBody(long index) => _bodies[(int)index];

    public void EraseBody(long index) => _bodies[(int)index] = null;

    public IReadOnlyList<byte[]> ReadLevel(int level, long from, int count) =>
        [.. Enumerable.Range(0, count).Select(i => _nodes[new NodeId(level, from + i)])];

    public IReadOnlyList<byte[]> ReadHashes(IReadOnlyList<NodeId> ids) => [.. ids.Select(id => _nodes[id])];

    /// <summary>Appends leaves directly, with no sequencer, as a reference tree.</summary>
    public static MemoryLogStore WithLeaves(IEnumerable<byte[]> leaves)
    {
        var store = new MemoryLogStore();
        var range = new CompactRange();
        var nodes = new List<(NodeId, byte[])>();
        var list = leaves.ToList();
        foreach (var l in list)
        {
            range.Append(Hashing.Leaf(l), nodes);
        }
        store.Append(new LogBatch(0, list, [.. list.Select(_ => (byte[]?)null)], nodes, list.Count, "", []));
        return store;
    }
}
