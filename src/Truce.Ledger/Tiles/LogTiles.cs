using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;

namespace Truce.Ledger.Tiles;

/// <summary>Builds C2SP tlog-tiles content from a store, as of a given tree size.</summary>
public static class LogTiles
{
    /// <summary>The tile's bytes, or null if a tree of <paramref name="treeSize"/> has no such tile.</summary>
    public static byte[]? Read(ILogStore store, TileId tile, long treeSize)
    {
        var available = TileLayout.AtSize(tile.Level, tile.Index, treeSize);
        if (available is null || available.Value.Width < tile.Width)
        {
            return null;
        }
        var start = tile.Index * TileLayout.Width;
        if (tile.IsEntries)
        {
            return EntryBundle.Encode(store.ReadLeaves(start, tile.Width));
        }
        var hashes = store.ReadLevel(TileLayout.TreeLevel(tile), start, tile.Width);
        var data = new byte[hashes.Count * Hashing.Size];
        for (int i = 0; i < hashes.Count; i++)
        {
            hashes[i].CopyTo(data, i * Hashing.Size);
        }
        return data;
    }

    /// <summary>Every tile a reader of this checkpoint needs, full tiles first, for a static copy of the log.</summary>
    public static IEnumerable<TileId> All(long treeSize)
    {
        for (int level = TileId.EntriesLevel; level == TileId.EntriesLevel || (treeSize >> (TileLayout.Height * level)) > 0; level++)
        {
            for (long t = 0; ; t++)
            {
                var id = TileLayout.AtSize(level, t, treeSize);
                if (id is null)
                {
                    break;
                }
                yield return id.Value;
            }
        }
    }

    /// <summary>Writes the log as a static folder (checkpoint and tiles) that any tlog-tiles client can read.</summary>
    public static async Task ExportAsync(ILogStore store, string checkpointNote, string directory, CancellationToken ct = default)
    {
        var size = Checkpoint.Parse(SignedNote.Parse(checkpointNote).Text).Size;
        foreach (var tile in All(size))
        {
            var path = Path.Combine(directory, TileLayout.Path(tile).Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, Read(store, tile, size)!, ct).ConfigureAwait(false);
        }
        await File.WriteAllTextAsync(Path.Combine(directory, "checkpoint"), checkpointNote, ct).ConfigureAwait(false);
    }
}
