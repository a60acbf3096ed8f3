using Truce.Evidence.Blobs;

namespace Truce.Evidence;

/// <summary>
/// What a module's books share of the deployment's files: the blob store (null until the deployment names its folder,
/// and in a book driven on its own) and the per-deployment upload limit. Only admission checks and reads look here:
/// applying an entry never does, so a replay gives the same books whatever is on disk.
/// </summary>
public sealed class EvidenceFiles
{
    /// <summary>A deployment that sets no <c>evidence.maxBytes</c> takes files up to 2 GiB.</summary>
    public const long DefaultMaxBytes = 2L << 30;

    public BlobStore? Store { get; set; }

    public long MaxBytes { get; set; } = DefaultMaxBytes;
}
