using System.Security.Cryptography;

namespace Truce.Ledger.Merkle;

/// <summary>The two hash functions of RFC 9162 §2.1.1 (SHA-256 with domain-separation prefixes).</summary>
public static class Hashing
{
    public const int Size = 32;

    /// <summary>MTH({d}) = SHA-256(0x00 || d).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData([0x00]);
        h.AppendData(data);
        return h.GetHashAndReset();
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buf = stackalloc byte[1 + (2 * Size)];
        buf[0] = 0x01;
        left.CopyTo(buf[1..]);
        right.CopyTo(buf[(1 + Size)..]);
        return SHA256.HashData(buf);
    }

    /// <summary>The hash of the empty tree: SHA-256 of the empty string.</summary>
    public static byte[] Empty() => SHA256.HashData(ReadOnlySpan<byte>.Empty);
}
