namespace Truce.Ledger.Merkle;

/// <summary>
/// Produces RFC 9162 tree hashes and proofs from stored subtree hashes. Each call first works out, with no I/O,
/// every leaf range whose hash it needs, then reads all the stored hashes behind them in one
/// <see cref="IHashReader.ReadHashes"/> call, then folds.
/// </summary>
public static class Proofs
{
    /// <summary>MTH(D[0:size]) (RFC 9162 §2.1.1); the empty tree hashes to SHA-256("").</summary>
    public static byte[] TreeHash(long size, IHashReader reader)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? Hashing.Empty() : HashRanges([(0, size)], reader)[0];
    }

    /// <summary>PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, leaf sibling first.</summary>
    public static IReadOnlyList<byte[]> Inclusion(long index, long size, IHashReader reader)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is not below tree size {size}");
        }
        var ranges = new List<(long, long)>();
        InclusionRanges(index, 0, size, ranges);
        return HashRanges(ranges, reader);
    }

    /// <summary>PROOF(from, D[0:to]) of RFC 9162 §2.1.4.1; empty when from is 0 or equals to.</summary>
    public static IReadOnlyList<byte[]> Consistency(long from, long to, IHashReader reader)
    {
        if (from < 0 || from > to)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"size {from} is not between 0 and {to}");
        }
        if (from == 0 || from == to)
        {
            return [];
        }
        var ranges = new List<(long, long)>();
        SubproofRanges(from, 0, to, true, ranges);
        return HashRanges(ranges, reader);
    }

    static void InclusionRanges(long m, long start, long end, List<(long, long)> into)
    {
        long n = end - start;
        if (n == 1)
        {
            return;
        }
        long k = Ranges.SplitPoint(n);
        if (m < k)
        {
            InclusionRanges(m, start, start + k, into);
            into.Add((start + k, end));
        }
        else
        {
            InclusionRanges(m - k, start + k, end, into);
            into.Add((start, start + k));
        }
    }

    static void SubproofRanges(long m, long start, long end, bool startsTree, List<(long, long)> into)
    {
        long n = end - start;
        if (m == n)
        {
            if (!startsTree)
            {
                into.Add((start, end));
            }
            return;
        }
        long k = Ranges.SplitPoint(n);
        if (m <= k)
        {
            SubproofRanges(m, start, start + k, startsTree, into);
            into.Add((start + k, end));
        }
        else
        {
            SubproofRanges(m - k, start + k, end, false, into);
            into.Add((start, start + k));
        }
    }

    static IReadOnlyList<byte[]> HashRanges(List<(long Start, long End)> ranges, IHashReader reader)
    {
        var ids = new List<NodeId>();
        var bounds = new int[ranges.Count + 1];
        for (int i = 0; i < ranges.Count; i++)
        {
            bounds[i] = ids.Count;
            Ranges.Decompose(ranges[i].Start, ranges[i].End, ids);
        }
        bounds[ranges.Count] = ids.Count;
        var hashes = reader.ReadHashes(ids);
        var result = new byte[ranges.Count][];
        for (int i = 0; i < ranges.Count; i++)
        {
            result[i] = Ranges.Fold(hashes, bounds[i], bounds[i + 1] - bounds[i]);
        }
        return result;
    }
}
