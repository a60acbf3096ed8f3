using System.Globalization;
using System.Text;

namespace Truce.Ledger.Tiles;

/// <summary>A tile of the C2SP tlog-tiles layout. Level -1 stands for an entry bundle ("tile/entries/…").</summary>
public readonly record struct TileId(int Level, long Index, int Width)
{
    public const int EntriesLevel = -1;

    public bool IsEntries => Level == EntriesLevel;

    public bool IsPartial => Width < TileLayout.Width;
}

/// <summary>
/// All tile path arithmetic of C2SP tlog-tiles, and the only place that builds or parses tile paths.
/// Tiles are 2^8 = 256 hashes wide; a level-L tile holds the tree's hashes at height 8·L.
/// </summary>
public static class TileLayout
{
    public const int Height = 8;
    public const int Width = 1 << Height;

    /// <summary>"tile/L/N[.p/W]" or "tile/entries/N[.p/W]", N in groups of three digits, "x"-prefixed but the last.</summary>
    public static string Path(TileId tile)
    {
        var sb = new StringBuilder("tile/");
        sb.Append(tile.IsEntries ? "entries" : tile.Level.ToString(CultureInfo.InvariantCulture)).Append('/');
        AppendIndex(sb, tile.Index);
        if (tile.IsPartial)
        {
            sb.Append(".p/").Append(tile.Width.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    static void AppendIndex(StringBuilder sb, long n)
    {
        var digits = n.ToString(CultureInfo.InvariantCulture);
        var padded = digits.PadLeft((digits.Length + 2) / 3 * 3, '0');
        for (int i = 0; i < padded.Length; i += 3)
        {
            if (i + 3 < padded.Length)
            {
                sb.Append('x');
            }
            sb.Append(padded, i, 3);
            if (i + 3 < padded.Length)
            {
                sb.Append('/');
            }
        }
    }

    /// <summary>Parses a tile path (without leading "/"); null if it is not one, strictly.</summary>
    public static TileId? Parse(string path)
    {
        var parts = path.Split('/');
        if (parts.Length < 3 || parts[0] != "tile" || Level(parts[1]) is not { } level)
        {
            return null;
        }
        var rest = parts[2..];
        int width = Width;
        if (rest.Length >= 2 && rest[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            var w = rest[^1];
            if (w.Length is 0 or > 3 || !w.All(char.IsAsciiDigit) || w[0] == '0')
            {
                return null;
            }
            width = int.Parse(w, CultureInfo.InvariantCulture);
            if (width >= Width)
            {
                return null;
            }
            rest = [.. rest[..^2], rest[^2][..^2]];
        }
        return Index(rest) is { } index && StartIndex(level, index) is not null ? new TileId(level, index, width) : null;
    }

    /// <summary>
    /// The first entry a tile covers, n·256^(l+1) (C2SP tlog-tiles, "tile's start index"; an entry bundle counts as
    /// level 0); null when that does not fit a long, since no tree of a long's size has such a tile. Checked: a
    /// product that wrapped around would name some other, existing tile.
    /// </summary>
    public static long? StartIndex(int level, long index)
    {
        try
        {
            var start = index;
            for (var l = Math.Max(level, 0); l >= 0; l--)
            {
                start = checked(start * Width);
            }
            return start;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>"entries", or one or two digits without a leading zero, low enough that an index fits a long.</summary>
    static int? Level(string s)
    {
        if (s == "entries")
        {
            return TileId.EntriesLevel;
        }
        if (s.Length is 1 or 2 && s.All(char.IsAsciiDigit) && !(s.Length > 1 && s[0] == '0'))
        {
            var level = int.Parse(s, CultureInfo.InvariantCulture);
            return level > 63 / Height ? null : level;
        }
        return null;
    }

    /// <summary>The index's segments: "xNNN" but the last, "NNN", no leading "x000"; null if not exactly that or too large.</summary>
    static long? Index(string[] rest)
    {
        long index = 0;
        for (int i = 0; i < rest.Length; i++)
        {
            var seg = rest[i];
            var last = i == rest.Length - 1;
            if (!last)
            {
                if (seg.Length != 4 || seg[0] != 'x')
                {
                    return null;
                }
                seg = seg[1..];
            }
            if (seg.Length != 3 || !seg.All(char.IsAsciiDigit) || (i == 0 && rest.Length > 1 && seg == "000"))
            {
                return null;
            }
            try
            {
                index = checked((index * 1000) + int.Parse(seg, CultureInfo.InvariantCulture));
            }
            catch (OverflowException)
            {
                return null;
            }
        }
        return index;
    }

    /// <summary>
    /// The tile that a tree of the given size has at this level and index, with its width; null if the tree has
    /// no hashes there yet.
    /// </summary>
    public static TileId? AtSize(int level, long index, long treeSize)
    {
        var countAtLevel = level == TileId.EntriesLevel ? treeSize : treeSize >> (Height * level);
        // Compared by division: index·256 may not fit a long, and a wrapped product can pass for a small one.
        if (index < 0 || countAtLevel <= 0 || index > (countAtLevel - 1) / Width)
        {
            return null;
        }
        var start = index * Width;
        var width = (int)Math.Min(Width, countAtLevel - start);
        return new TileId(level, index, width);
    }

    /// <summary>The tree height (in hashes) of the nodes a tile holds.</summary>
    public static int TreeLevel(TileId tile) => tile.Level * Height;
}
