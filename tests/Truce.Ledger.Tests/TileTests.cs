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
