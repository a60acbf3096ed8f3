using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;

namespace Truce.Ledger.Sequencing;

/// <summary>
/// The check a log makes of its own store before it serves: the latest stored checkpoint is signed by the log's key
/// and is of the stored size, the stored tree hashes fold to its root, and the last few stored entries hash into that
/// root through stored inclusion proofs. Cheap on purpose (O(log n) hash reads plus a bounded tail, no rehash of the
/// log): damage elsewhere is for <c>truce verify</c>, which recomputes everything.
/// </summary>
public static class StoreCheck
{
    public const int TailEntries = 16;

    /// <summary>Throws <see cref="DamagedStoreException"/> naming the first thing that does not match.</summary>
    public static void Verify(ILogStore store, NoteVerifier logKey, int tail = TailEntries)
    {
        var (size, note) = store.LoadHead();
        if (note is null)
        {
            if (size != 0)
            {
                throw new DamagedStoreException($"the store holds {size} entries but no signed checkpoint");
            }
            return;
        }
        Checkpoint cp;
        try
        {
            cp = SignedCheckpoint.Open(note, logKey).Checkpoint;
        }
        catch (Exception e) when (e is FormatException or NoteVerificationException)
        {
            throw new DamagedStoreException($"the latest stored checkpoint does not verify with the log's key: {e.Message}", e);
        }
        if (cp.Size != size)
        {
            throw new DamagedStoreException($"the store holds {size} entries but its latest signed checkpoint is of size {cp.Size}");
        }
        if (size == 0)
        {
            return;
        }
        byte[] root;
        try
        {
            root = Proofs.TreeHash(size, store);
        }
        catch (InvalidDataException e)
        {
            throw new DamagedStoreException($"the stored tree is incomplete: {e.Message}", e);
        }
        if (!root.AsSpan().SequenceEqual(cp.RootHash))
        {
            throw new DamagedStoreException(
                $"the stored tree hashes give root {Convert.ToBase64String(root)} but the signed checkpoint of size {size} says {Convert.ToBase64String(cp.RootHash)}");
        }
        var from = Math.Max(0, size - tail);
        var leaves = store.ReadLeaves(from, (int)(size - from));
        for (int i = 0; i < leaves.Count; i++)
        {
            var index = from + i;
            var proof = Proofs.Inclusion(index, size, store);
            if (!ProofVerifier.VerifyInclusion(index, size, Hashing.Leaf(leaves[i]), proof, cp.RootHash, out var failure))
            {
                throw new DamagedStoreException($"stored entry {index} is not the one the signed checkpoint covers ({failure})");
            }
        }
    }
}
