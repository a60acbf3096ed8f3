namespace Truce.Ledger.Sequencing;

/// <summary>An appended leaf: its index and the size of the first checkpoint that covers it.</summary>
public sealed record Appended(long Index, long CheckpointSize)
{
    /// <summary>The entry was already in the log (an idempotent retry); nothing was appended.</summary>
    public bool Duplicate { get; init; }
}

/// <summary>
/// Decides, in log order and on the single writer, whether each pending leaf may go in. It sees the leaves that
/// precede it in the same batch through its own state (an admission may record what it admitted), so two
/// writes racing for the same id cannot both be admitted. Throwing rejects that leaf alone.
/// </summary>
public interface IAdmission
{
    void Admit(byte[] leaf, object? tag);

    /// <summary>
    /// Called once per batch, before its first <see cref="Admit"/>, with the tags of all its leaves in order: an
    /// admission can read in one query what it would otherwise look up once per leaf. Throwing fails the batch.
    /// </summary>
    void BeginBatch(IReadOnlyList<object?> tags) { }

    /// <summary>The batch did not commit: forget what was admitted since the last commit.</summary>
    void Rollback();
}

/// <summary>Told of each committed batch, after it is durable and before its writers are answered.</summary>
public interface ICommitObserver
{
    void Committed(LogBatch batch);

    /// <summary>
    /// After <see cref="Committed"/> threw (its stored views could not be written, say for want of disk): bring
    /// everything derived up to the stored log. The sequencer calls it before the next batch, and refuses that batch
    /// while it throws, since admission reads what the observer derives.
    /// </summary>
    void CatchUp();
}

/// <summary>
/// The store failed: the server cannot take writes now (a 503, or a 507 when <see cref="StorageFull"/>; not the
/// caller's fault).
/// </summary>
public sealed class LogUnavailableException(string message, Exception inner) : Exception(message, inner)
{
    public bool StorageFull => InnerException is StorageFullException;
}
