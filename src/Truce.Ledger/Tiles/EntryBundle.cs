using System.Buffers.Binary;

namespace Truce.Ledger.Tiles;

/// <summary>C2SP tlog-tiles entry bundles: each entry as a 16-bit big-endian length then its bytes.</summary>
public static class EntryBundle
{
    public const int MaxEntrySize = ushort.MaxValue;

    public static byte[] Encode(IReadOnlyList<byte[]> entries)
    {
        var buf = new byte[entries.Sum(e => 2 + e.Length)];
        int at = 0;
        foreach (var e in entries)
        {
            if (e.Length > MaxEntrySize)
            {
                throw new ArgumentException($"an entry is at most {MaxEntrySize} bytes, this one is {e.Length}");
            }
            BinaryPrimitives.WriteUInt16BigEndian(buf.AsSpan(at), (ushort)e.Length);
            e.CopyTo(buf, at + 2);
            at += 2 + e.Length;
        }
        return buf;
    }

    public static List<byte[]> Decode(ReadOnlySpan<byte> bundle)
    {
        var entries = new List<byte[]>();
        while (bundle.Length > 0)
        {
            if (bundle.Length < 2)
            {
                throw new FormatException("an entry bundle ends inside a length prefix");
            }
            int len = BinaryPrimitives.ReadUInt16BigEndian(bundle);
            if (bundle.Length < 2 + len)
            {
                throw new FormatException("an entry bundle ends inside an entry");
            }
            entries.Add(bundle.Slice(2, len).ToArray());
            bundle = bundle[(2 + len)..];
        }
        return entries;
    }
}
