namespace Truce.Ledger.Sequencing;

/// <summary>
/// The store could not write: the disk is full, a file-size limit was hit, or the device refused the write. Nothing
/// of the failed write was kept. Not the caller's fault, and it may pass once space is freed.
/// </summary>
public sealed class StorageFullException(string message, Exception inner) : IOException(message, inner);

/// <summary>
/// What the store holds contradicts itself or the log's signed checkpoint: a truncated or damaged file, or data changed
/// behind the log's back. The message names what does not match.
/// </summary>
public sealed class DamagedStoreException : IOException
{
    public DamagedStoreException(string message) : base(message) { }

    public DamagedStoreException(string message, Exception inner) : base(message, inner) { }
}
