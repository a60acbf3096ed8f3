using System.Globalization;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;

namespace Truce.Ledger.Tiles;

/// <summary>
/// A log kept as a static C2SP tlog-tiles folder: <c>checkpoint</c>, <c>tile/…</c>, and each body it holds as
/// <c>bodies/N.json</c>, the layout any web server can publish and <c>truce verify --log</c> reads. A mirror's copy of
/// another log lives here (it has no key to sign with: its checkpoints are the upstream's). The checkpoint is written
/// last, so it never names a tile that is not there; every file is written whole (a temporary file, flushed, then
/// renamed), so a reader sees a tile complete or not at all.
/// <para>Concurrency: one writer (the process that holds the folder). Readers in other processes may read while it
/// writes: tiles are immutable once written, and a partial tile the writer has superseded since a reader took its
/// head is read from the wider one that replaced it (<see cref="ReadTile"/>), as a tlog-tiles client would.</para>
/// </summary>
public sealed class TileFolderStore(string root) : ILogStore
{
    const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode PrivateFolder = PrivateFile | UnixFileMode.UserExecute;

    public string Root => root;

    public (long Size, string? CheckpointNote) LoadHead()
    {
        var path = Path.Combine(root, "checkpoint");
        if (!File.Exists(path))
        {
            return (0, null);
        }
        var note = File.ReadAllText(path);
        return (SizeOf(note), note);
    }

    static long SizeOf(string note) => Checkpoint.Parse(SignedNote.Parse(note).Text).Size;

    /// <summary>The batch's tiles and bodies (<see cref="AppendTiles"/>), then its checkpoint.</summary>
    public void Append(LogBatch batch)
    {
        var (size, _) = LoadHead();
        if (batch.FirstIndex != size || SizeOf(batch.CheckpointNote) != batch.FirstIndex + batch.Leaves.Count)
        {
            throw new InvalidOperationException(
                $"a batch of entries {batch.FirstIndex}– with a checkpoint of size {SizeOf(batch.CheckpointNote)} does not extend a log of {size}");
        }
        AppendTiles(batch.FirstIndex, batch.Leaves, batch.Bodies, batch.Nodes);
        SetCheckpoint(batch.CheckpointNote);
    }

    /// <summary>
    /// Writes leaves [<paramref name="first"/>, first + count) into the tiles after those before them, with their bodies
    /// and the stored nodes they complete (every node at a tile level, as <see cref="CompactRange.Append"/> gives them),
    /// without moving the checkpoint: a copy too large for one batch is written in several, and its checkpoint after
    /// the last (<see cref="SetCheckpoint"/>). Tiles beyond the checkpoint are never read.
    /// </summary>
    public void AppendTiles(long first, IReadOnlyList<byte[]> leaves, IReadOnlyList<byte[]?> bodies, IReadOnlyList<(NodeId Id, byte[] Hash)> nodes)
    {
        var end = first + leaves.Count;
        WriteLevel(TileId.EntriesLevel, first, end, prefix => EntryBundle.Decode(prefix).Concat(leaves).ToList(),
            (items, from, count) => EntryBundle.Encode(items.GetRange(from, count)));
        var byId = nodes.Where(n => n.Id.Level % TileLayout.Height == 0).ToDictionary(n => n.Id, n => n.Hash);
        for (int level = 0; (end >> (TileLayout.Height * level)) > 0; level++)
        {
            var treeLevel = level * TileLayout.Height;
            var (from, to) = (first >> treeLevel, end >> treeLevel);
            var added = new List<byte[]>();
            for (var i = from; i < to; i++)
            {
                added.Add(byId.TryGetValue(new NodeId(treeLevel, i), out var h) ? h
                    : throw new ArgumentException($"the batch lacks the node at level {treeLevel}, index {i}", nameof(nodes)));
            }
            WriteLevel(level, from, to, prefix => [.. Enumerable.Range(0, prefix.Length / Hashing.Size)
                .Select(i => prefix.AsSpan(i * Hashing.Size, Hashing.Size).ToArray()).Concat(added)],
                (items, at, count) =>
                {
                    var data = new byte[count * Hashing.Size];
                    for (int i = 0; i < count; i++)
                    {
                        items[at + i].CopyTo(data, i * Hashing.Size);
                    }
                    return data;
                });
        }
        for (int i = 0; i < bodies.Count; i++)
        {
            if (bodies[i] is { } body)
            {
                WriteFile(BodyPath(first + i), body);
            }
        }
    }

    /// <summary>Moves the head to a checkpoint whose tiles <see cref="AppendTiles"/> has written.</summary>
    public void SetCheckpoint(string note)
    {
        var (size, _) = LoadHead();
        WriteFile("checkpoint", System.Text.Encoding.UTF8.GetBytes(note));
        DropSuperseded(size, SizeOf(note));
    }

    /// <summary>
    /// Writes the tiles of one level that items [from, to) change: the first one's earlier items come from its partial
    /// tile as it stands (<paramref name="extend"/> adds the new items after them).
    /// </summary>
    void WriteLevel(int level, long from, long to, Func<byte[], List<byte[]>> extend, Func<List<byte[]>, int, int, byte[]> encode)
    {
        if (to <= from)
        {
            return;
        }
        var firstTile = from / TileLayout.Width;
        var kept = (int)(from - (firstTile * TileLayout.Width));
        var items = extend(kept == 0 ? [] : ReadTile(level, firstTile, kept));
        for (var t = firstTile; t * TileLayout.Width < to; t++)
        {
            var start = (int)((t - firstTile) * TileLayout.Width);
            var width = (int)Math.Min(TileLayout.Width, to - (t * TileLayout.Width));
            WriteFile(TileLayout.Path(new TileId(level, t, width)), encode(items, start, width));
        }
    }

    /// <summary>Deletes the partial tiles a log of <paramref name="size"/> no longer needs (those of other widths), among
    /// the tiles that changed since it had <paramref name="before"/> entries.</summary>
    void DropSuperseded(long before, long size)
    {
        for (int level = TileId.EntriesLevel; ; level++)
        {
            var shift = TileLayout.Height * Math.Max(0, level);
            var count = size >> shift;
            if (count == 0)
            {
                return;
            }
            for (var t = (before >> shift) / TileLayout.Width; t * TileLayout.Width < count; t++)
            {
                var width = (int)Math.Min(TileLayout.Width, count - (t * TileLayout.Width));
                foreach (var (_, path) in Partials(level, t).Where(p => p.Width != width))
                {
                    File.Delete(path);
                }
            }
        }
    }

    /// <summary>The partial tiles stored for a tile, by width.</summary>
    IEnumerable<(int Width, string Path)> Partials(int level, long index)
    {
        var folder = Path.GetDirectoryName(Full(TileLayout.Path(new TileId(level, index, 1))))!;
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(p => (int.TryParse(Path.GetFileName(p), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0, p))
                .Where(p => p.Item1 is > 0 and < TileLayout.Width).ToList()
            : [];
    }

    /// <summary>
    /// The tile's content for at least <paramref name="width"/> items: its partial of that width, or else the full tile
    /// or a wider partial, cut to the width (tiles only grow by appending, so the first items are the same).
    /// </summary>
    byte[] ReadTile(int level, long index, int width)
    {
        var exact = Full(TileLayout.Path(new TileId(level, index, width)));
        var full = Full(TileLayout.Path(new TileId(level, index, TileLayout.Width)));
        byte[]? data = null;
        // Twice: the writer may delete the partial chosen (superseded) between the choice and the read.
        for (var attempt = 0; data is null && attempt < 2; attempt++)
        {
            var path = File.Exists(exact) ? exact : File.Exists(full) ? full
                : Partials(level, index).Where(p => p.Width > width).OrderBy(p => p.Width).Select(p => p.Path).FirstOrDefault();
            try
            {
                data = path is null ? null : File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
            }
        }
        if (data is null)
        {
            throw new InvalidDataException($"{TileLayout.Path(new TileId(level, index, width))} is missing from {root}");
        }
        if (level == TileId.EntriesLevel)
        {
            var entries = EntryBundle.Decode(data);
            return entries.Count == width ? data : EntryBundle.Encode(entries.GetRange(0, width));
        }
        return data.Length == width * Hashing.Size ? data : data[..(width * Hashing.Size)];
    }

    public IReadOnlyList<byte[]> ReadLeaves(long from, int count)
    {
        var leaves = new List<byte[]>(count);
        var end = from + count;
        for (var t = from / TileLayout.Width; t * TileLayout.Width < end; t++)
        {
            var start = t * TileLayout.Width;
            var entries = EntryBundle.Decode(ReadTile(TileId.EntriesLevel, t, (int)Math.Min(TileLayout.Width, end - start)));
            var skip = (int)Math.Max(0, from - start);
            leaves.AddRange(entries.Skip(skip).Take((int)(end - start) - skip));
        }
        return leaves;
    }

    /// <summary>Any level: tile levels are read, the levels between them hashed up from the tile level below.</summary>
    public IReadOnlyList<byte[]> ReadLevel(int level, long from, int count)
    {
        if (count == 0)
        {
            return [];
        }
        var up = level % TileLayout.Height;
        var tileLevel = level / TileLayout.Height;
        var (start, end) = (from << up, (from + count) << up);
        var hashes = new List<byte[]>((int)(end - start));
        for (var t = start / TileLayout.Width; t * TileLayout.Width < end; t++)
        {
            var tileStart = t * TileLayout.Width;
            var data = ReadTile(tileLevel, t, (int)Math.Min(TileLayout.Width, end - tileStart));
            for (var i = Math.Max(start, tileStart); i < Math.Min(end, tileStart + TileLayout.Width); i++)
            {
                hashes.Add(data.AsSpan((int)(i - tileStart) * Hashing.Size, Hashing.Size).ToArray());
            }
        }
        for (int l = 0; l < up; l++)
        {
            hashes = [.. Enumerable.Range(0, hashes.Count / 2).Select(i => Hashing.Node(hashes[2 * i], hashes[(2 * i) + 1]))];
        }
        return hashes;
    }

    public IReadOnlyList<byte[]> ReadHashes(IReadOnlyList<NodeId> ids) => [.. ids.Select(id => ReadLevel(id.Level, id.Index, 1)[0])];

    public bool ReplaceCheckpoint(long size, string expected, string replacement)
    {
        var (stored, note) = LoadHead();
        if (note != expected || stored != size || SizeOf(replacement) != size)
        {
            return false;
        }
        WriteFile("checkpoint", System.Text.Encoding.UTF8.GetBytes(replacement));
        return true;
    }

    public byte[]? ReadBody(long index)
    {
        var path = Full(BodyPath(index));
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void EraseBody(long index) => File.Delete(Full(BodyPath(index)));

    /// <summary>Whether a file is kept beside the log at this '/'-separated path (<see cref="KeepFileAsync"/>).</summary>
    public bool HasFile(string relative) => File.Exists(Full(relative));

    /// <summary>
    /// Keeps a file beside the log (one a module keeps, named by its digest): streamed to a temporary file, checked
    /// against <paramref name="sha256"/> (lowercase hex) and its size bound, flushed, then renamed into place. False, and
    /// nothing kept, if it does not hash to the digest or is larger than <paramref name="maxBytes"/>.
    /// </summary>
    public async Task<bool> KeepFileAsync(string relative, Stream content, string sha256, long maxBytes, CancellationToken ct)
    {
        var path = Full(relative);
        var temp = path + ".tmp";
        var ok = false;
        try
        {
            using (var f = OpenNew(temp))
            using (var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                long total = 0;
                for (int n; (n = await content.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0;)
                {
                    if ((total += n) > maxBytes)
                    {
                        return false;
                    }
                    hash.AppendData(buffer, 0, n);
                    await f.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                }
                if (Convert.ToHexStringLower(hash.GetHashAndReset()) != sha256)
                {
                    return false;
                }
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            ok = true;
            return true;
        }
        finally
        {
            if (!ok)
            {
                File.Delete(temp);
            }
        }
    }

    static string BodyPath(long index) => $"bodies/{index.ToString(CultureInfo.InvariantCulture)}.json";

    string Full(string relative) => Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The folder and any missing parents, each 0700 (CreateDirectory gives the mode to the last one only).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    static void CreateFolders(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }
        CreateFolders(Path.GetDirectoryName(folder)!);
        Directory.CreateDirectory(folder, PrivateFolder);
    }

    /// <summary>Whole or not at all: a temporary file beside it, flushed to disk, then renamed over it.</summary>
    void WriteFile(string relative, byte[] data)
    {
        var path = Full(relative);
        var temp = path + ".tmp";
        using (var f = OpenNew(temp))
        {
            f.Write(data);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A new file only the owner may read, in folders only the owner may enter (made as needed).</summary>
    static FileStream OpenNew(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            CreateFolders(folder);
            options.UnixCreateMode = PrivateFile;
        }
        else
        {
            Directory.CreateDirectory(folder);
        }
        return new FileStream(path, options);
    }
}
