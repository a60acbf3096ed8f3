using Truce.Ledger.Tiles;

namespace Truce.Ledger.Tests;

public class TileTests
{
    [Theory]
    [InlineData(0, 0L, 256, "tile/0/000")]
    [InlineData(0, 1234067L, 256, "tile/0/x001/x234/067")]
    [InlineData(1, 5L, 17, "tile/1/005.p/17")]
    [InlineData(-1, 1000L, 256, "tile/entries/x001/000")]
    [InlineData(-1, 3L, 1, "tile/entries/003.p/1")]
    public void Paths_follow_tlog_tiles_and_parse_back(int level, long index, int width, string path)
    {
        var id = new TileId(level, index, width);
        Assert.Equal(path, TileLayout.Path(id));
        Assert.Equal(id, TileLayout.Parse(path));
    }

    [Theory]
    [InlineData("tile/0/1")]
    [InlineData("tile/0/x000/001")]
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/000.p/0")]
    [InlineData("tile/0/000.p/007")]
    [InlineData("tile/00/000")]
    [InlineData("tile/9/000")]
    [InlineData("tile/0/x1/000")]
    [InlineData("tile/data/000")]
    [InlineData("tile/0/abc")]
    [InlineData("tile/0/x999/x999/x999/x999/x999/x999/x999/000")]
    public void Non_canonical_paths_are_refused(string path) => Assert.Null(TileLayout.Parse(path));

    /// <summary>An index whose start index n·256^(l+1) would not fit a long: unchecked, 2^55·256 wrapped to
    /// long.MinValue and the path was served as another tile.</summary>
    [Theory]
    [InlineData("tile/0/x036/x028/x797/x018/x963/968")] // 2^55
    [InlineData("tile/entries/x036/x028/x797/x018/x963/968")]
    [InlineData("tile/0/x072/x057/x594/x037/x927/936")] // 2^56: wrapped to exactly 0
    [InlineData("tile/1/x140/x737/x488/x355/328")] // 2^47 at level 1
    [InlineData("tile/7/001")]
    [InlineData("tile/0/x009/x223/x372/x036/x854/x775/807")] // long.MaxValue
    [InlineData("tile/0/x009/x223/x372/x036/x854/x775/808.p/5")] // one past it
    public void Indexes_whose_start_overflows_are_refused(string path) => Assert.Null(TileLayout.Parse(path));

    [Theory]
    [InlineData("tile/0/x036/x028/x797/x018/x963/967", 0, 36028797018963967L, 9223372036854775552L)]
    [InlineData("tile/1/x140/x737/x488/x355/327", 1, 140737488355327L, 9223372036854710272L)]
    [InlineData("tile/7/000", 7, 0L, 0L)]
    public void The_largest_indexes_a_long_holds_parse(string path, int level, long index, long start)
    {
        Assert.Equal(new TileId(level, index, TileLayout.Width), TileLayout.Parse(path));
        Assert.Equal(start, TileLayout.StartIndex(level, index));
    }

    [Fact]
    public void A_tree_has_no_tile_beyond_its_size_however_large_the_index()
    {
        Assert.Null(TileLayout.AtSize(0, 1L << 55, 300));
        Assert.Null(TileLayout.AtSize(0, 1L << 56, 300));
        Assert.Null(TileLayout.AtSize(-1, long.MaxValue, long.MaxValue));
        Assert.Null(TileLayout.AtSize(0, -1, 300));
        Assert.Equal(new TileId(-1, long.MaxValue / 256, 255), TileLayout.AtSize(-1, long.MaxValue / 256, long.MaxValue));
    }

    [Fact]
    public void A_tree_has_the_tiles_its_size_implies()
    {
        Assert.Equal(new TileId(0, 1, 44), TileLayout.AtSize(0, 1, 300));
        Assert.Equal(new TileId(1, 0, 1), TileLayout.AtSize(1, 0, 300));
        Assert.Null(TileLayout.AtSize(0, 2, 300));
        Assert.Null(TileLayout.AtSize(2, 0, 300));
        Assert.Equal(new TileId(-1, 0, 256), TileLayout.AtSize(-1, 0, 300));
    }

    [Fact]
    public void Entry_bundles_round_trip_and_refuse_truncation()
    {
        byte[][] entries = [[], [1, 2, 3], new byte[65535]];
        var bundle = EntryBundle.Encode(entries);
        Assert.Equal(2 + 5 + 65537, bundle.Length);
        Assert.Equal(entries, EntryBundle.Decode(bundle));
        Assert.Throws<FormatException>(() => EntryBundle.Decode(bundle.AsSpan(0, bundle.Length - 1)));
        Assert.Throws<ArgumentException>(() => EntryBundle.Encode([new byte[65536]]));
    }
}
