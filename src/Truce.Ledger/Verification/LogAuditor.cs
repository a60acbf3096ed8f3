using System.Text;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Tiles;

namespace Truce.Ledger.Verification;

/// <summary>One thing wrong with a log; <see cref="Index"/> is the entry concerned where there is one.</summary>
public sealed record AuditProblem(long? Index, string Message)
{
    public override string ToString() => Index is { } i ? $"entry {i}: {Message}" : Message;
}

public sealed record AuditReport(long Size, string? CheckpointNote, IReadOnlyList<AuditProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>Checks one entry's content (a personality's rules, e.g. Truce's envelope signatures). Entries come in log order.</summary>
public interface IEntryChecker
{
    IEnumerable<AuditProblem> Check(long index, byte[] entry);
}

/// <summary>
/// The auditor's check of a tlog-tiles log, using nothing but what the log publishes: the checkpoint's signature,
/// every entry bundle, every hash tile, the tree recomputed from the entries, and agreement with a checkpoint saved
/// earlier. Problems are collected (up to a limit) rather than stopping at the first, and each names what failed.
/// </summary>
public sealed class LogAuditor(ITileSource source, NoteVerifier logKey, IEntryChecker? checker = null)
{
    public int MaxProblems { get; init; } = 100;

    public IProgress<(long Done, long Total)>? Progress { get; init; }

    public async Task<AuditReport> AuditAsync(string? savedCheckpointNote = null, CancellationToken ct = default)
    {
        var problems = new List<AuditProblem>();
        var raw = await source.ReadAsync("checkpoint", ct).ConfigureAwait(false);
        if (raw is null)
        {
            return new AuditReport(0, null, [new AuditProblem(null, "the log has no checkpoint")]);
        }
        var noteText = Encoding.UTF8.GetString(raw);
        SignedCheckpoint head;
        try
        {
            head = SignedCheckpoint.Open(noteText, logKey);
        }
        catch (Exception e) when (e is FormatException or NoteVerificationException)
        {
            return new AuditReport(0, noteText, [new AuditProblem(null, $"the checkpoint does not verify: {e.Message}")]);
        }
        Checkpoint? saved = null;
        if (savedCheckpointNote is not null)
        {
            try
            {
                saved = SignedCheckpoint.Open(savedCheckpointNote, logKey).Checkpoint;
            }
            catch (Exception e) when (e is FormatException or NoteVerificationException)
            {
                problems.Add(new AuditProblem(null, $"the saved checkpoint does not verify: {e.Message}"));
            }
        }
        var size = head.Checkpoint.Size;
        if (saved is not null && saved.Size > size)
        {
            problems.Add(new AuditProblem(null,
                $"fork or rollback: the log now has {size} entries but a checkpoint signed earlier has {saved.Size}"));
        }
        var tree = new CompactRange();
        var upper = new Dictionary<NodeId, byte[]>();
        for (long t = 0; t * TileLayout.Width < size; t++)
        {
            await AuditBundleAsync(t, size, tree, upper, saved, problems, ct).ConfigureAwait(false);
            Progress?.Report((Math.Min(size, (t + 1) * TileLayout.Width), size));
            if (problems.Count >= MaxProblems)
            {
                problems.Add(new AuditProblem(null, "too many problems; stopped"));
                return new AuditReport(size, noteText, problems);
            }
        }
        await AuditUpperTilesAsync(size, upper, problems, ct).ConfigureAwait(false);
        var root = tree.RootHash();
        if (!root.AsSpan().SequenceEqual(head.Checkpoint.RootHash))
        {
            problems.Add(new AuditProblem(null,
                $"the tree computed from the entries does not match the checkpoint's root hash at size {size}"));
        }
        return new AuditReport(size, noteText, problems);
    }

    async Task AuditBundleAsync(long t, long size, CompactRange tree, Dictionary<NodeId, byte[]> upper, Checkpoint? saved,
        List<AuditProblem> problems, CancellationToken ct)
    {
        var bundleId = TileLayout.AtSize(TileId.EntriesLevel, t, size)!.Value;
        var first = t * TileLayout.Width;
        var bundlePath = TileLayout.Path(bundleId);
        var bundle = await source.ReadAsync(bundlePath, ct).ConfigureAwait(false);
        var hashTileId = bundleId with { Level = 0 };
        var hashTile = await source.ReadAsync(TileLayout.Path(hashTileId), ct).ConfigureAwait(false);
        List<byte[]> entries;
        if (bundle is null)
        {
            problems.Add(new AuditProblem(first, $"{bundlePath} is missing: entries {first}–{first + bundleId.Width - 1} cannot be read"));
            entries = [];
        }
        else
        {
            try
            {
                entries = EntryBundle.Decode(bundle);
            }
            catch (FormatException e)
            {
                problems.Add(new AuditProblem(first, $"{bundlePath} is malformed: {e.Message}"));
                entries = [];
            }
        }
        if (bundle is not null && entries.Count != bundleId.Width)
        {
            problems.Add(new AuditProblem(first + Math.Min(entries.Count, bundleId.Width),
                entries.Count < bundleId.Width
                    ? $"{bundlePath} holds {entries.Count} entries where the checkpoint needs {bundleId.Width}: entries are missing"
                    : $"{bundlePath} holds {entries.Count} entries where the checkpoint needs {bundleId.Width}: entries were added"));
        }
        if (hashTile is null || hashTile.Length != bundleId.Width * Hashing.Size)
        {
            problems.Add(new AuditProblem(first, $"{TileLayout.Path(hashTileId)} is missing or not {bundleId.Width} hashes long"));
            hashTile = null;
        }
        var leafHashes = entries.Take(bundleId.Width).Select(e => Hashing.Leaf(e)).ToList();
        CompareLeaves(first, leafHashes, hashTile, problems);
        // Where entries cannot be read, the hash tile stands in, so the rest of the tree can still be checked.
        var nodes = new List<(NodeId Id, byte[] Hash)>();
        for (int i = 0; i < bundleId.Width; i++)
        {
            var h = i < leafHashes.Count ? leafHashes[i] : hashTile?.AsSpan(i * Hashing.Size, Hashing.Size).ToArray() ?? new byte[Hashing.Size];
            nodes.Clear();
            tree.Append(h, nodes);
            foreach (var n in nodes.Where(n => n.Id.Level > 0 && n.Id.Level % TileLayout.Height == 0))
            {
                upper[n.Id] = n.Hash;
            }
            if (saved is not null && tree.Size == saved.Size && !tree.RootHash().AsSpan().SequenceEqual(saved.RootHash))
            {
                problems.Add(new AuditProblem(null,
                    $"fork: the log's first {saved.Size} entries do not hash to the root of the checkpoint saved earlier"));
            }
        }
        for (int i = 0; i < entries.Count && i < bundleId.Width && checker is not null; i++)
        {
            problems.AddRange(checker.Check(first + i, entries[i]));
        }
    }

    static void CompareLeaves(long first, List<byte[]> leafHashes, byte[]? hashTile, List<AuditProblem> problems)
    {
        if (hashTile is null)
        {
            return;
        }
        byte[] TileHash(int i) => hashTile.AsSpan(i * Hashing.Size, Hashing.Size).ToArray();
        var mismatched = Enumerable.Range(0, leafHashes.Count)
            .Where(i => !leafHashes[i].AsSpan().SequenceEqual(TileHash(i))).ToList();
        foreach (var i in mismatched)
        {
            var movedFrom = mismatched.FirstOrDefault(j => j != i && leafHashes[i].AsSpan().SequenceEqual(TileHash(j)), -1);
            problems.Add(new AuditProblem(first + i, movedFrom >= 0
                ? $"reordered: this position holds the entry that belongs at index {first + movedFrom}"
                : "changed: the entry does not hash to its leaf in the hash tile"));
        }
    }

    async Task AuditUpperTilesAsync(long size, Dictionary<NodeId, byte[]> upper, List<AuditProblem> problems, CancellationToken ct)
    {
        for (int level = 1; (size >> (TileLayout.Height * level)) > 0; level++)
        {
            for (long t = 0; ; t++)
            {
                var id = TileLayout.AtSize(level, t, size);
                if (id is null)
                {
                    break;
                }
                var path = TileLayout.Path(id.Value);
                var data = await source.ReadAsync(path, ct).ConfigureAwait(false);
                if (data is null || data.Length != id.Value.Width * Hashing.Size)
                {
                    problems.Add(new AuditProblem(null, $"{path} is missing or not {id.Value.Width} hashes long"));
                    continue;
                }
                for (int i = 0; i < id.Value.Width; i++)
                {
                    var node = new NodeId(level * TileLayout.Height, (t * TileLayout.Width) + i);
                    if (!upper.TryGetValue(node, out var want) || !data.AsSpan(i * Hashing.Size, Hashing.Size).SequenceEqual(want))
                    {
                        problems.Add(new AuditProblem(null, $"{path} hash {i} does not match the tree computed from the entries"));
                        break;
                    }
                }
            }
        }
    }
}
