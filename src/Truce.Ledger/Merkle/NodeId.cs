namespace Truce.Ledger.Merkle;

/// <summary>
/// A complete, aligned subtree of the log: the 2^<see cref="Level"/> leaves starting at
/// <c>Index &lt;&lt; Level</c>. Level 0 nodes are leaf hashes. These are the only hashes a store keeps;
/// every other tree hash (RFC 9162 §2.1.1, MTH over an unaligned range) is computed from them.
/// </summary>
public readonly record struct NodeId(int Level, long Index)
{
    public long FirstLeaf => Index << Level;

    public long LeafCount => 1L << Level;
}

/// <summary>Reads stored node hashes. Implementations read all requested ids in one go where they can.</summary>
public interface IHashReader
{
    /// <summary>Returns one 32-byte hash per id, in the order asked. Throws if any is not stored.</summary>
    IReadOnlyList<byte[]> ReadHashes(IReadOnlyList<NodeId> ids);
}
