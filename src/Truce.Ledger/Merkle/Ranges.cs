namespace Truce.Ledger.Merkle;

/// <summary>
/// Pure arithmetic over leaf ranges [Start, End): how RFC 9162 splits them, and which stored
/// (complete, aligned) subtrees make up each one.
/// </summary>
internal static class Ranges
{
    /// <summary>The largest power of two strictly less than n (n ≥ 2): RFC 9162's k.</summary>
    public static long SplitPoint(long n)
    {
        long k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }
        return k;
    }

    /// <summary>
    /// The aligned complete subtrees covering [start, end), left to right. For every range that RFC 9162's
    /// recursion produces, MTH of the range is these hashes folded right to left.
    /// </summary>
    public static void Decompose(long start, long end, List<NodeId> into)
    {
        while (start < end)
        {
            int level = 0;
            while (level < 62 && (start & ((1L << (level + 1)) - 1)) == 0 && start + (1L << (level + 1)) <= end)
            {
                level++;
            }
            into.Add(new NodeId(level, start >> level));
            start += 1L << level;
        }
    }

    /// <summary>Folds the hashes of a decomposition (left to right) into the range's MTH.</summary>
    public static byte[] Fold(IReadOnlyList<byte[]> hashes, int from, int count)
    {
        var h = hashes[from + count - 1];
        for (int i = from + count - 2; i >= from; i--)
        {
            h = Hashing.Node(hashes[i], h);
        }
        return h;
    }
}
