using System.Globalization;
using System.Net;
using System.Numerics;
using Truce.Ledger.Tiles;

namespace Truce.Tests;

/// <summary>
/// tlog-tiles paths, well-formed and not: levels, indexes with and without x-groups up to far beyond a long, partial
/// widths, entry bundles. Each is a 404 or a 400, or a 200 with exactly the tile the path names, judged by arithmetic
/// of its own (BigInteger, so nothing wraps): a tile the log's tree holds, with the bytes the log holds there.
/// </summary>
public partial class QueryFuzzTests
{
    static string Segment(Random rng) => rng.Next(20) switch
    {
        0 => "",
        1 => "-1",
        2 => "x001",
        3 => "000.p",
        4 => "000.p/0",
        5 => "000.p/256",
        6 => "000.p/-3",
        7 => "..",
        8 => "%2e%2e",
        9 => new string('0', rng.Next(1, 300)),
        10 => "entries",
        11 => "x999",
        12 => "%00",
        13 => "9223372036854775807",
        14 => $"{rng.Next(0, 1000):000}",
        15 => $"x{rng.Next(0, 1000):000}",
        16 => "0x7fffffffffffffff",
        17 => "18446744073709551616",
        18 => "xfff",
        _ => rng.Next(-2, 70).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>N written as tlog-tiles writes it: three-digit groups, all but the last x-prefixed.</summary>
    static string IndexPath(BigInteger n)
    {
        var digits = n.ToString(CultureInfo.InvariantCulture);
        digits = digits.PadLeft((digits.Length + 2) / 3 * 3, '0');
        var groups = Enumerable.Range(0, digits.Length / 3).Select(i => digits.Substring(i * 3, 3)).ToList();
        return string.Join("/", groups.Select((g, i) => i < groups.Count - 1 ? "x" + g : g));
    }

    /// <summary>A canonical path with an index of up to 30 digits: around and far beyond 2^55, 2^56 and 2^63.</summary>
    static string LargeIndexPath(Random rng)
    {
        BigInteger[] near = [BigInteger.One << 47, BigInteger.One << 55, BigInteger.One << 56, long.MaxValue, BigInteger.One << 64];
        var n = rng.Next(3) == 0
            ? near[rng.Next(near.Length)] + rng.Next(-2, 3)
            : BigInteger.Parse(string.Concat(Enumerable.Range(0, rng.Next(1, 31)).Select(_ => (char)('0' + rng.Next(10)))), CultureInfo.InvariantCulture);
        var level = rng.Next(10) switch { 0 => "entries", var l => (l - 1).ToString(CultureInfo.InvariantCulture) };
        return $"log/tile/{level}/{IndexPath(BigInteger.Max(n, 0))}{(rng.Next(3) == 0 ? $".p/{rng.Next(1, 256)}" : "")}";
    }

    static readonly string[] KnownHostileTiles =
    [
        "log/tile/0/x036/x028/x797/x018/x963/968", "log/tile/entries/x036/x028/x797/x018/x963/968",
        "log/tile/0/x072/x057/x594/x037/x927/936", "log/tile/0/x072/x057/x594/x037/x927/936.p/1",
        "log/tile/1/x140/x737/x488/x355/328", "log/tile/7/001", "log/tile/0/x009/x223/x372/x036/x854/x775/807",
        "log/tile/0/x018/x446/x744/x073/x709/x551/616", "log/tile/entries/x999/x999/x999/x999/x999/x999/x999/999",
    ];

    [Fact]
    public async Task No_tile_path_gets_a_server_error_or_a_tile_it_does_not_name()
    {
        var rng = new Random(6962);
        var size = f.Deployment.Ledger.Sequencer.Size;
        // Every tile the log has, as a control: the oracle below must accept each.
        var real = LogTiles.All(size).Select(t => "log/" + TileLayout.Path(t)).ToList();
        var paths = KnownHostileTiles.Concat(real)
            .Concat(Enumerable.Range(0, Cases).Select(i => i % 2 == 0
                ? "log/tile/" + string.Join("/", Enumerable.Range(0, rng.Next(1, 8)).Select(_ => Segment(rng)))
                : LargeIndexPath(rng)))
            .ToList();
        using var anon = f.Client();
        var failures = new List<string>();
        var found = 0;
        foreach (var path in paths)
        {
            using var resp = await anon.GetAsync(path);
            if (resp.StatusCode == HttpStatusCode.OK)
            {
                found++;
                // The path as sent: the client resolves dot segments before the server sees them.
                var sent = resp.RequestMessage!.RequestUri!.AbsolutePath.TrimStart('/');
                if (Misserved(sent, await resp.Content.ReadAsByteArrayAsync(), size) is { } why)
                {
                    failures.Add($"{path} → 200, {why}");
                }
            }
            else if (resp.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest))
            {
                failures.Add($"{path} → {(int)resp.StatusCode}");
            }
            if (failures.Count >= 20)
            {
                break;
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(found >= real.Count, $"{found} tiles served, fewer than the {real.Count} the log has");
    }

    /// <summary>Why a 200 for this path is wrong, or null if it served the tile the path names.</summary>
    string? Misserved(string path, byte[] data, long size)
    {
        try
        {
            return MisservedTile(path, data, size);
        }
        catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException or ArgumentException)
        {
            return $"though it is no tile path ({e.Message})";
        }
    }

    string? MisservedTile(string path, byte[] data, long size)
    {
        var parts = path["log/tile/".Length..].Split('/');
        var width = 256;
        if (parts.Length >= 3 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            width = int.Parse(parts[^1], CultureInfo.InvariantCulture);
            parts = [.. parts[..^2], parts[^2][..^2]];
        }
        var entries = parts[0] == "entries";
        var level = entries ? 0 : int.Parse(parts[0], CultureInfo.InvariantCulture);
        var n = BigInteger.Parse(string.Concat(parts[1..].Select(p => p.TrimStart('x'))), CultureInfo.InvariantCulture);
        if (IndexPath(n) != string.Join("/", parts[1..]))
        {
            return "not the canonical path of any tile";
        }
        // Tile n at level l covers the hashes n·256 … n·256+width-1 of that level (C2SP tlog-tiles).
        var atLevel = new BigInteger(size) >> (8 * level);
        if ((n * 256) + width > atLevel)
        {
            return $"but a tree of {size} entries has no tile {n} {(entries ? "of entries" : $"at level {level}")} {width} wide";
        }
        var expected = LogTiles.Read(f.Deployment.Ledger.Store, new TileId(entries ? TileId.EntriesLevel : level, (long)n, width), size);
        return expected is not null && expected.AsSpan().SequenceEqual(data) ? null : "with bytes that are not the log's for that tile";
    }
}
