using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Truce.Ledger.Crypto;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Ledger.Tiles;
using Truce.Ledger.Verification;

namespace Truce.Ledger.Tests;

/// <summary>
/// A log kept as a static tlog-tiles folder (a mirror's copy) against the in-memory reference: the same tiles byte for
/// byte, nothing else under tile/, every node at every level, leaves and bodies, and the auditor's approval.
/// </summary>
public sealed class TileFolderStoreTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "truce-tilefolder-" + Guid.NewGuid().ToString("N"));
    static readonly NoteSigner Signer = new("test.example/log", Ed25519.NewSeed());

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static byte[] Leaf(long i) => Encoding.UTF8.GetBytes($"entry {i} " + new string('x', (int)(i % 7)));

    static byte[] Body(long i) => Encoding.UTF8.GetBytes($"{{\"body\": {i}}}");

    /// <summary>Appends each batch through a sequencer opened afresh on the folder, as a process restarted between batches would.</summary>
    static async Task AppendAsync(string dir, long from, int count)
    {
        await using var seq = new Sequencer(new TileFolderStore(dir), Signer);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => seq.AppendAsync(Leaf(from + i), (from + i) % 3 == 0 ? Body(from + i) : null, null)));
    }

    static void AssertSameLog(string dir, long size)
    {
        var store = new TileFolderStore(dir);
        var reference = MemoryLogStore.WithLeaves(Enumerable.Range(0, (int)size).Select(i => Leaf(i)));
        Assert.Equal(size, store.LoadHead().Size);
        var expected = LogTiles.All(size).Select(TileLayout.Path).ToHashSet();
        var files = Directory.EnumerateFiles(Path.Combine(dir, "tile"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/')).ToHashSet();
        Assert.Equal(expected.Order(), files.Order());
        foreach (var tile in LogTiles.All(size))
        {
            Assert.Equal(LogTiles.Read(reference, tile, size), File.ReadAllBytes(Path.Combine(dir, TileLayout.Path(tile))));
        }
        for (int level = 0; (size >> level) > 0; level++)
        {
            Assert.Equal(reference.ReadLevel(level, 0, (int)(size >> level)), store.ReadLevel(level, 0, (int)(size >> level)));
        }
        Assert.Equal(reference.ReadLeaves(0, (int)size), store.ReadLeaves(0, (int)size));
        for (long i = 0; i < size; i++)
        {
            Assert.Equal(i % 3 == 0 ? Body(i) : null, store.ReadBody(i));
        }
        var report = new LogAuditor(new DirectoryTileSource(dir), Signer.Verifier).AuditAsync().GetAwaiter().GetResult();
        Assert.True(report.Ok, string.Join("; ", report.Problems));
    }

    [Fact]
    public void Batches_of_any_sizes_give_the_tiles_the_reference_serves()
    {
        var batches = Gen.ListOf(Gen.Choose(1, 600)).Where(l => l.Count is > 0 and <= 6);
        var property = Prop.ForAll(Arb.From(batches), sizes =>
        {
            var dir = Path.Combine(_root, Guid.NewGuid().ToString("N"));
            long size = 0;
            foreach (var n in sizes)
            {
                AppendAsync(dir, size, n).GetAwaiter().GetResult();
                size += n;
            }
            AssertSameLog(dir, size);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true), property);
    }

    [Fact]
    public async Task A_tree_of_three_tile_levels_is_whole()
    {
        const int size = 65536 + 300;
        for (long at = 0; at < size; at += 4096)
        {
            await AppendAsync(_root, at, (int)Math.Min(4096, size - at));
        }
        Assert.True(File.Exists(Path.Combine(_root, "tile", "2", "000.p", "1")));
        AssertSameLog(_root, size);
    }

    [Fact]
    public async Task A_reader_of_an_older_head_reads_it_from_the_wider_tiles_that_replaced_its_partials()
    {
        await AppendAsync(_root, 0, 300);
        var store = new TileFolderStore(_root);
        var before = MemoryLogStore.WithLeaves(Enumerable.Range(0, 300).Select(i => Leaf(i)));
        await AppendAsync(_root, 300, 100);
        Assert.False(File.Exists(Path.Combine(_root, "tile", "0", "001.p", "44")));
        Assert.Equal(before.ReadLeaves(250, 50), store.ReadLeaves(250, 50));
        Assert.Equal(before.ReadHashes(CompactRangeEdge(300)), store.ReadHashes(CompactRangeEdge(300)));
    }

    static List<Merkle.NodeId> CompactRangeEdge(long size) => Merkle.CompactRange.EdgeIds(size);

    [Fact]
    public async Task An_erased_body_is_gone_and_the_checkpoint_is_replaced_only_when_expected()
    {
        await AppendAsync(_root, 0, 10);
        var store = new TileFolderStore(_root);
        Assert.NotNull(store.ReadBody(3));
        store.EraseBody(3);
        Assert.Null(store.ReadBody(3));
        Assert.False(File.Exists(Path.Combine(_root, "bodies", "3.json")));
        var (size, note) = store.LoadHead();
        Assert.False(store.ReplaceCheckpoint(size, note + "x", note!));
        Assert.True(store.ReplaceCheckpoint(size, note!, note!));
    }

    [Fact]
    public async Task A_sequencer_without_the_signing_key_follows_the_head_and_cannot_append()
    {
        await AppendAsync(_root, 0, 5);
        await using var follower = new Sequencer(new TileFolderStore(_root), Signer.Verifier);
        Assert.False(follower.CanSign);
        Assert.Equal(5, follower.Size);
        await AppendAsync(_root, 5, 3);
        Assert.True(follower.Reload());
        Assert.Equal(8, follower.Size);
        await Assert.ThrowsAnyAsync<Exception>(() => follower.AppendAsync([1, 2, 3]));
        Assert.Equal(8, new TileFolderStore(_root).LoadHead().Size);
    }
}
