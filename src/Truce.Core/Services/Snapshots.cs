using System.Security.Cryptography;
using Truce.Core.Access;
using Truce.Core.Modules;
using Truce.Core.Views;
using Truce.Ledger.Merkle;
using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

/// <summary>
/// Modules' snapshots: saved with the size and root hash of the log they reflect, loaded at start-up only where they
/// still fit the log (same format, same bytes, and the log's tree at that size has that root), so the replay can
/// start from them. Anything that does not fit is left alone and that module replays the whole log.
/// </summary>
public static class Snapshots
{
    /// <summary>
    /// Saves each snapshot module's state as of the log's current size (skipping those already saved there), after the
    /// audience classes it is kept for: a loaded snapshot is used only if the replay reaches the same classes.
    /// </summary>
    public static void Save(ILogStore store, IViewStore views, IEnumerable<IModule> modules)
    {
        var size = store.LoadHead().Size;
        if (size == 0)
        {
            return;
        }
        string? root = null;
        foreach (var m in modules.OfType<ISnapshotModule>())
        {
            if (views.FindSnapshot(m.Name) is { } saved && saved.Size == size && saved.Format == m.SnapshotFormat)
            {
                continue;
            }
            root ??= Convert.ToHexStringLower(Proofs.TreeHash(size, store));
            var payload = Payload(m);
            views.SaveSnapshot(m.Name, new SnapshotHeader(m.SnapshotFormat, size, root, Convert.ToHexStringLower(SHA256.HashData(payload))), payload);
        }
    }

    /// <summary>A module's snapshot bytes: the audience classes, then the module's books.</summary>
    public static byte[] Payload(ISnapshotModule module)
    {
        using var bytes = new MemoryStream();
        using (var w = new SnapshotWriter(bytes))
        {
            Classes(w, module);
            module.Save(w);
        }
        return bytes.ToArray();
    }

    /// <summary>The audience classes the module's books are kept for (the module's now, when saving; the snapshot's, when loading).</summary>
    static string Classes(SnapshotIo io, ISnapshotModule module) => io.Str(module.Audiences.Describe());

    /// <summary>What a loaded snapshot reflects: the log's size, and the audience classes (<see cref="Audiences.Describe"/>).</summary>
    public sealed record Start(long Size, string Audiences);

    /// <summary>
    /// Loads every snapshot that fits a log of <paramref name="size"/> entries into its (reset) module; returns what each
    /// loaded module now reflects. A module whose snapshot does not fit is reset again and not listed.
    /// </summary>
    public static Dictionary<IModule, Start> Load(ILogStore store, IViewStore views, IEnumerable<IModule> modules, long size)
    {
        var loaded = new Dictionary<IModule, Start>();
        foreach (var m in modules.OfType<ISnapshotModule>())
        {
            if (views.LoadSnapshot(m.Name) is not var (header, payload) || !Fits(store, header, payload, m, size))
            {
                continue;
            }
            try
            {
                loaded[m] = new Start(header.Size, LoadPayload(m, payload));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Its digest matched, so a writer of another format claimed this one (or a bug): the log is the truth.
                m.Reset();
            }
        }
        return loaded;
    }

    /// <summary>Loads a module's snapshot bytes (<see cref="Payload"/>) into the reset module; returns the audience
    /// classes they were saved for. Throws <see cref="InvalidDataException"/> (or another exception) when they do not read.</summary>
    public static string LoadPayload(ISnapshotModule module, byte[] payload)
    {
        using var stream = new MemoryStream(payload, writable: false);
        using var r = new SnapshotReader(stream);
        var classes = Classes(r, module);
        module.Load(r);
        // Saving and loading run one description, so a load that stops short means the bytes are not what it wrote.
        return stream.Position == stream.Length ? classes : throw new InvalidDataException($"{stream.Length - stream.Position} bytes left unread");
    }

    static bool Fits(ILogStore store, SnapshotHeader header, byte[] payload, ISnapshotModule module, long size) =>
        header.Format == module.SnapshotFormat && header.Size > 0 && header.Size <= size
        && Convert.ToHexStringLower(SHA256.HashData(payload)) == header.Sha256
        && Convert.ToHexStringLower(Proofs.TreeHash(header.Size, store)) == header.Root;
}
