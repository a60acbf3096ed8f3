using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;

namespace Truce.Ledger.Verification;

/// <summary>Why a witness refused to cosign: what it saw is evidence against the log.</summary>
public sealed class WitnessException(string message) : Exception(message);

/// <summary>
/// A witness (SPEC §3.1; C2SP tlog-witness in spirit): it remembers the last checkpoint it cosigned and cosigns a new
/// one only if the log's key signed it and it is consistent with the old one — same size means the same root, larger
/// means a consistency proof that verifies. A log that forks or rolls back is refused, and the two checkpoints are
/// the proof. Cosignatures follow C2SP tlog-cosignature (cosignature/v1).
/// </summary>
public sealed class Witness(NoteVerifier logKey, NoteSigner signer)
{
    public string Name => signer.Name;

    /// <summary>The key a party registers as its witness: name+id+base64(0x04 || public key).</summary>
    public string VerifierKey => NoteKeys.CosignatureVerifierKey(signer.Name, signer.PublicKey);

    /// <summary>
    /// Checks <paramref name="latestNote"/> against <paramref name="previousNote"/> (null the first time: trust on first
    /// use) with the consistency proof from the previous size to the latest, and returns the cosignature.
    /// </summary>
    public NoteSignature Check(string? previousNote, string latestNote, IReadOnlyList<byte[]> proof, DateTimeOffset now)
    {
        SignedCheckpoint latest;
        try
        {
            latest = SignedCheckpoint.Open(latestNote, logKey);
        }
        catch (Exception e) when (e is FormatException or NoteVerificationException)
        {
            throw new WitnessException($"the log's checkpoint does not verify with its key: {e.Message}");
        }
        if (previousNote is not null)
        {
            var previous = SignedCheckpoint.Open(previousNote, logKey).Checkpoint;
            var next = latest.Checkpoint;
            if (next.Size < previous.Size)
            {
                throw new WitnessException($"rollback: the log shows size {next.Size} after this witness cosigned size {previous.Size}");
            }
            if (next.Size == previous.Size && !next.RootHash.AsSpan().SequenceEqual(previous.RootHash))
            {
                throw new WitnessException($"fork: two checkpoints of size {next.Size} with different roots, both signed by the log");
            }
            if (next.Size > previous.Size && previous.Size > 0
                && !ProofVerifier.VerifyConsistency(previous.Size, next.Size, previous.RootHash, next.RootHash, proof, out var why))
            {
                throw new WitnessException($"fork: size {next.Size} is not consistent with the cosigned size {previous.Size} ({why})");
            }
        }
        return Cosignature.Sign(signer, latest.Note.Text, (ulong)now.ToUnixTimeSeconds());
    }
}
