using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Core.Services;
using Truce.Ledger.Entries;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Tiles;

namespace Truce.Server.Mirroring;

/// <summary>
/// Brings a mirror's copy (<see cref="TileFolderStore"/>) up to its upstream's latest checkpoint, trusting the upstream
/// for nothing: the checkpoint must carry the log key's signature; the leaf hashes the upstream serves, appended to the
/// copy's own tree, must give the checkpoint's root (so the new log extends the copy: no fork, no rollback); each
/// entry must hash to its leaf and carry its party's signature by a key the log registered and had not revoked (an
/// entry its operator made up is refused too), and each body must hash to the digest its envelope commits to. Anything else refuses the round
/// (<see cref="InvalidDataException"/>, naming what failed) and leaves the copy's checkpoint where it was. Erasures in
/// the new entries delete their targets' bodies from the copy, once the checkpoint that holds them is in place.
/// </summary>
/// <param name="filesOf">The files an entry names that its module keeps beside the log, with where a server serves them
/// (the composed modules' <see cref="Core.Modules.IDataFolderModule.FilesOf"/>): copied with the entry's body.</param>
public sealed class LogMirror(TileFolderStore copy, NoteVerifier logKey, Upstream upstream,
    Func<string, JsonElement, IEnumerable<(string Sha256, string Path, string Served)>>? filesOf = null)
{
    /// <summary>Entries fetched, checked and written at a time: memory stays bounded whatever the log's size.</summary>
    const int Chunk = 16 * TileLayout.Width;

    /// <summary>Bodies asked for at once.</summary>
    const int BodiesAtOnce = 8;

    /// <summary>The parties and keys the copy's log registered, as of the copy's size: built from the copy once, then
    /// kept up with each round's entries.</summary>
    Registry? _registry;

    /// <summary>One round's work: the copy went from <see cref="From"/> to <see cref="To"/> entries.</summary>
    public sealed record Round(long From, long To, int Bodies, int Files, int Erased);

    public async Task<Round> RunAsync(CancellationToken ct)
    {
        var note = await upstream.CheckpointAsync(ct).ConfigureAwait(false);
        Checkpoint head;
        try
        {
            head = SignedCheckpoint.Open(note, logKey).Checkpoint;
        }
        catch (Exception e) when (e is FormatException or NoteVerificationException)
        {
            throw new InvalidDataException($"refused: the upstream's checkpoint does not verify against {logKey.Name}'s key: {e.Message}");
        }
        var (size, held) = copy.LoadHead();
        if (head.Size < size)
        {
            throw new InvalidDataException($"refused: the upstream's signed log has {head.Size} entries, fewer than the {size} this copy holds (a rollback or a fork)");
        }
        if (head.Size == size)
        {
            if (held is not null && !Checkpoint.Parse(SignedNote.Parse(held).Text).RootHash.AsSpan().SequenceEqual(head.RootHash))
            {
                throw new InvalidDataException($"refused: the upstream's signed tree of {size} entries is not this copy's (a fork)");
            }
            if (held is not null && held != note)
            {
                copy.ReplaceCheckpoint(size, held, note); // the same checkpoint with more witnesses' cosignatures
            }
            return new Round(size, size, 0, 0, 0);
        }
        _registry ??= RegistryReplay.Of(copy, size);
        var tree = CompactRange.Load(size, copy);
        var leafHashes = await LeafHashesAsync(tree.Clone(), size, head, ct).ConfigureAwait(false);
        var (bodies, files) = (0, 0);
        var erased = new List<long>();
        try
        {
            for (var at = size; at < head.Size; at += Chunk)
            {
                var count = (int)Math.Min(Chunk, head.Size - at);
                var (fetched, kept, targets) = await CopyChunkAsync(tree, at, count, head.Size, size, leafHashes, ct).ConfigureAwait(false);
                (bodies, files) = (bodies + fetched, files + kept);
                erased.AddRange(targets);
            }
        }
        catch
        {
            _registry = null; // it took the round's registry entries, which the copy's checkpoint does not hold
            throw;
        }
        copy.SetCheckpoint(note);
        foreach (var target in erased)
        {
            copy.EraseBody(target);
        }
        return new Round(size, head.Size, bodies, files, erased.Count);
    }

    /// <summary>
    /// The leaf hashes of entries [size, head) from the upstream's level-0 hash tiles, checked first of all: the copy's
    /// tree with them appended must have the signed root (32 bytes an entry, so even a large log is checked before a
    /// single entry is fetched).
    /// </summary>
    async Task<List<byte[]>> LeafHashesAsync(CompactRange tree, long size, Checkpoint head, CancellationToken ct)
    {
        var hashes = new List<byte[]>((int)Math.Min(head.Size - size, 1 << 24));
        var scratch = new List<(NodeId, byte[])>();
        for (var t = size / TileLayout.Width; t * TileLayout.Width < head.Size; t++)
        {
            var id = TileLayout.AtSize(0, t, head.Size)!.Value;
            var tile = await upstream.TileAsync(id, ct).ConfigureAwait(false);
            if (tile.Length != id.Width * Hashing.Size)
            {
                throw new InvalidDataException($"refused: the upstream's {TileLayout.Path(id)} is not {id.Width} hashes long");
            }
            for (var i = Math.Max(size, t * TileLayout.Width); i < (t * TileLayout.Width) + id.Width; i++)
            {
                var h = tile.AsSpan((int)(i - (t * TileLayout.Width)) * Hashing.Size, Hashing.Size).ToArray();
                hashes.Add(h);
                scratch.Clear();
                tree.Append(h, scratch);
            }
        }
        if (!tree.RootHash().AsSpan().SequenceEqual(head.RootHash))
        {
            throw new InvalidDataException(
                $"refused: the upstream's hash tiles, after this copy's {size} entries, do not give its signed root at size {head.Size} (a forged copy, or a fork)");
        }
        return hashes;
    }

    /// <summary>
    /// Entries [at, at + count) of a log of <paramref name="size"/>: fetched, each checked against its verified leaf hash
    /// (<paramref name="leafHashes"/> start at <paramref name="first"/>), their bodies fetched and checked, all written
    /// to the copy's tiles, with the files they name. Returns how many bodies and files were written, and the erasures'
    /// targets.
    /// </summary>
    async Task<(int Bodies, int Files, List<long> Erased)> CopyChunkAsync(CompactRange tree, long at, int count, long size, long first,
        List<byte[]> leafHashes, CancellationToken ct)
    {
        var leaves = await LeavesAsync(at, count, size, ct).ConfigureAwait(false);
        var nodes = new List<(NodeId, byte[])>(count * 2);
        var envelopes = new Envelope[count];
        for (int i = 0; i < count; i++)
        {
            var index = at + i;
            var hash = leafHashes[(int)(index - first)];
            if (i >= leaves.Count || !Hashing.Leaf(leaves[i]).AsSpan().SequenceEqual(hash))
            {
                throw new InvalidDataException($"refused: entry {index} as the upstream's entry bundle holds it does not hash to the leaf its signed tree holds");
            }
            try
            {
                envelopes[i] = Envelope.FromLeaf(leaves[i]);
            }
            catch (Exception e) when (e is FormatException or JsonException or CanonicalJsonException)
            {
                throw new InvalidDataException($"refused: entry {index} is not a Truce envelope: {e.Message}");
            }
            tree.Append(hash, nodes);
        }
        var bodies = await BodiesAsync(at, envelopes, ct).ConfigureAwait(false);
        var erased = new List<long>();
        var files = new List<(string Sha256, string Path, string Served)>();
        var registry = _registry!;
        for (int i = 0; i < count; i++)
        {
            // Each signature by its party's key as the log registered it by then (the genesis entry brings the first
            // keys); registry entries apply as they come, where the mirror may read their bodies (a member's may not be).
            var (index, env) = (at + i, envelopes[i]);
            if (!(index == 0 && env.Kind == EntryKinds.Genesis) && registry.CheckSigner(index, env) is { } why)
            {
                throw new InvalidDataException($"refused: entry {index} does not carry its party's signature: {why}");
            }
            if (bodies[i] is not { } b)
            {
                continue;
            }
            using var doc = JsonDocument.Parse(b);
            if (EntryKinds.ChangesRegistry(env.Kind))
            {
                registry.Apply(index, env, doc.RootElement);
            }
            if (env.Kind == EntryKinds.Erase && doc.RootElement.TryGetProperty("target", out var target) && target.TryGetInt64(out var t))
            {
                erased.Add(t);
            }
            files.AddRange(filesOf?.Invoke(env.Kind, doc.RootElement) ?? []);
        }
        // Files before the tiles that name them: a server of the copy never reads an entry whose file is still coming.
        var kept = 0;
        foreach (var f in files.DistinctBy(f => f.Path).Where(f => !copy.HasFile(f.Path)))
        {
            kept += await upstream.FileAsync(f.Sha256, f.Path, f.Served, copy, ct).ConfigureAwait(false) ? 1 : 0;
        }
        copy.AppendTiles(at, leaves, bodies, nodes);
        return (bodies.Count(b => b is not null), kept, erased);
    }

    async Task<List<byte[]>> LeavesAsync(long at, int count, long size, CancellationToken ct)
    {
        var leaves = new List<byte[]>(count);
        for (var t = at / TileLayout.Width; t * TileLayout.Width < at + count; t++)
        {
            var id = TileLayout.AtSize(TileId.EntriesLevel, t, size)!.Value;
            List<byte[]> bundle;
            try
            {
                bundle = EntryBundle.Decode(await upstream.TileAsync(id, ct).ConfigureAwait(false));
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"refused: the upstream's {TileLayout.Path(id)} is malformed: {e.Message}");
            }
            var start = t * TileLayout.Width;
            leaves.AddRange(bundle.Skip((int)Math.Max(0, at - start)).Take((int)(Math.Min(at + count, start + TileLayout.Width) - Math.Max(at, start))));
        }
        return leaves;
    }

    /// <summary>
    /// The bodies this mirror may read, each checked against its envelope's digest: with no token only those of public
    /// entries are asked for, as no others would be given; with one, every entry's (the upstream says which are its).
    /// </summary>
    async Task<byte[]?[]> BodiesAsync(long at, Envelope[] envelopes, CancellationToken ct)
    {
        var bodies = new byte[]?[envelopes.Length];
        var wanted = Enumerable.Range(0, envelopes.Length).Where(i => upstream.HasToken || Reader.Anonymous.CanSee(envelopes[i]));
        await System.Threading.Tasks.Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = BodiesAtOnce, CancellationToken = ct },
            async (i, c) =>
            {
                var body = await upstream.BodyAsync(at + i, c).ConfigureAwait(false);
                if (body is not null && Envelope.DigestOf(body) != envelopes[i].Body)
                {
                    throw new InvalidDataException($"refused: entry {at + i}'s body as the upstream serves it does not hash to the digest its envelope commits to");
                }
                bodies[i] = body;
            }).ConfigureAwait(false);
        return bodies;
    }
}
