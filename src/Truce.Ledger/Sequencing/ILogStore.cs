using Truce.Ledger.Merkle;

namespace Truce.Ledger.Sequencing;

/// <summary>
/// One group commit: consecutive leaves from <see cref="FirstIndex"/>, each with the body it commits to (stored
/// apart from the leaf, so it can later be withheld or erased), the stored nodes they complete, and the signed
/// checkpoint note that covers them.
/// </summary>
public sealed record LogBatch(long FirstIndex, IReadOnlyList<byte[]> Leaves, IReadOnlyList<byte[]?> Bodies,
    IReadOnlyList<(NodeId Id, byte[] Hash)> Nodes, long TreeSize, string CheckpointNote, IReadOnlyList<object?> Tags);

/// <summary>
/// Where a log lives. Implementations: SQLite (the embedded default) and PostgreSQL.
/// Concurrency: <see cref="Append"/> and <see cref="ReplaceCheckpoint"/> are called by one writer only;
/// reads may run concurrently with it and see either the state before or after a batch, never part of one.
/// </summary>
public interface ILogStore : IHashReader
{
    /// <summary>The stored tree size and its latest checkpoint note, or (0, null) for a new log.</summary>
    (long Size, string? CheckpointNote) LoadHead();

    /// <summary>
    /// Stores the batch atomically. Durability: when this returns, the leaves, nodes and checkpoint are on disk
    /// (synchronous commit); if it throws, none of them are.
    /// </summary>
    void Append(LogBatch batch);

    /// <summary>
    /// Replaces the latest checkpoint note by one with more signatures (witness cosignatures). Compare-and-swap:
    /// returns false, and changes nothing, unless the stored note is still <paramref name="expected"/>.
    /// </summary>
    bool ReplaceCheckpoint(long size, string expected, string replacement);

    /// <summary>Leaves [from, from+count), in order. Throws if any is beyond the stored size.</summary>
    IReadOnlyList<byte[]> ReadLeaves(long from, int count);

    /// <summary>The body stored with a leaf; null if it had none or it was erased.</summary>
    byte[]? ReadBody(long index);

    /// <summary>
    /// The bodies stored with these leaves, by index (a leaf with none, or erased, is absent). A store whose every read
    /// is a round trip (PostgreSQL) answers in one; the default reads them one by one, which costs SQLite nothing.
    /// </summary>
    IReadOnlyDictionary<long, byte[]> ReadBodies(IReadOnlyList<long> indexes)
    {
        var found = new Dictionary<long, byte[]>(indexes.Count);
        foreach (var i in indexes)
        {
            if (ReadBody(i) is { } body)
            {
                found[i] = body;
            }
        }
        return found;
    }

    /// <summary>
    /// Erases a leaf's body for good (the leaf, and so the log, is untouched). Durable when it returns. No copy stays in
    /// the store's files, freed space and write-ahead log included, once it returns or, if readers that began before it
    /// were still reading, once they are done and the store commits again or closes (SQLite: <c>SqliteDatabase.Scrub</c>).
    /// </summary>
    void EraseBody(long index);

    /// <summary>Stored node hashes at one tree level for indexes [from, from+count).</summary>
    IReadOnlyList<byte[]> ReadLevel(int level, long from, int count);
}

/// <summary>
/// What a copy of a whole log into another store reads besides <see cref="ILogStore"/> (a migration, a backup): the
/// history of checkpoints, so the copy is appended batch by batch as the original was, with each batch's own note.
/// </summary>
public interface ILogHistory
{
    /// <summary>Every stored checkpoint, oldest first.</summary>
    IReadOnlyList<(long Size, string Note)> ReadCheckpoints();

    /// <summary>The stored nodes completed by leaves [from, to): those a batch of exactly those leaves stored.</summary>
    IReadOnlyList<(NodeId Id, byte[] Hash)> ReadNodesCompletedBy(long from, long to);

    /// <summary>The bodies of [from, from+count) still stored, by index.</summary>
    IReadOnlyDictionary<long, byte[]> ReadBodies(long from, int count);
}
