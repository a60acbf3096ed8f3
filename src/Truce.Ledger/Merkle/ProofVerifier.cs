namespace Truce.Ledger.Merkle;

/// <summary>
/// Verifies proofs exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) say, returning a
/// reason on failure rather than throwing: a bad proof is a verdict, not an error.
/// </summary>
public static class ProofVerifier
{
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash,
        IReadOnlyList<byte[]>? proof, ReadOnlySpan<byte> root, out string? failure)
    {
        proof ??= [];
        if (leafHash.Length != Hashing.Size || root.Length != Hashing.Size)
        {
            failure = "the leaf hash and the root hash are 32 bytes";
            return false;
        }
        if (index < 0 || index >= size)
        {
            failure = $"leaf index {index} is not below tree size {size}";
            return false;
        }
        long fn = index, sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (p.Length != Hashing.Size)
            {
                failure = "a proof hash is not 32 bytes";
                return false;
            }
            if (sn == 0)
            {
                failure = "the proof is longer than the tree is deep";
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Hashing.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Hashing.Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return Conclude(sn == 0, r, root, "the proof is shorter than the tree is deep", out failure);
    }

    public static bool VerifyConsistency(long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2,
        IReadOnlyList<byte[]>? proof, out string? failure)
    {
        proof ??= [];
        return Settled(size1, size2, root1, root2, proof, out failure) ?? WalkConsistency(size1, size2, root1, root2, proof, out failure);
    }

    /// <summary>The answer where no walk of the proof is needed (sizes out of order, equal sizes, hashes of the
    /// wrong length, no proof); null where the walk decides.</summary>
    static bool? Settled(long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof,
        out string? failure)
    {
        if (size1 < 0 || size2 < size1)
        {
            failure = $"size {size1} is not between 0 and {size2}";
            return false;
        }
        if (size1 == 0)
        {
            // RFC 9162 defines no proof from the empty tree; like transparency-dev/merkle, refuse to "verify" one.
            failure = "a consistency proof from the empty tree is not defined";
            return false;
        }
        if (size1 == size2)
        {
            failure = proof.Count != 0 ? "the proof of equal sizes must be empty"
                : root1.SequenceEqual(root2) ? null : "the roots of equal sizes differ";
            return failure is null;
        }
        if (root1.Length != Hashing.Size || root2.Length != Hashing.Size)
        {
            failure = "the root hashes are 32 bytes";
            return false;
        }
        if (proof.Count == 0)
        {
            failure = "the proof is empty";
            return false;
        }
        failure = null;
        return null;
    }

    /// <summary>RFC 9162 §2.1.4.2: both roots computed from the proof, and compared.</summary>
    static bool WalkConsistency(long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof,
        out string? failure)
    {
        var path = new List<byte[]>(proof.Count + 1);
        if ((size1 & (size1 - 1)) == 0)
        {
            path.Add(root1.ToArray());
        }
        path.AddRange(proof);
        if (path.Any(p => p.Length != Hashing.Size))
        {
            failure = "a proof hash is not 32 bytes";
            return false;
        }
        long fn = size1 - 1, sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path[0], sr = path[0];
        for (int i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                failure = "the proof is longer than the tree is deep";
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Hashing.Node(c, fr);
                sr = Hashing.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Hashing.Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (!fr.AsSpan().SequenceEqual(root1))
        {
            failure = "the proof does not lead to the first root";
            return false;
        }
        return Conclude(sn == 0, sr, root2, "the proof is shorter than the tree is deep", out failure);
    }

    static bool Conclude(bool complete, byte[] computed, ReadOnlySpan<byte> root, string shortReason, out string? failure)
    {
        failure = !complete ? shortReason : computed.AsSpan().SequenceEqual(root) ? null : "the computed root does not match";
        return failure is null;
    }
}
