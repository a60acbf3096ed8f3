using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

/// <summary>
/// A server that is not its log's writer (several servers on one PostgreSQL database, docs/SCALING.md): it serves
/// reads from modules that follow what the writer appends, forwards writes, and becomes the writer when the one
/// before it is gone (<see cref="TakeOver"/>).
/// </summary>
public sealed partial class LedgerService
{
    const int FollowChunk = 4096;

    /// <summary>True while another process writes the log: this one only follows it (<see cref="Follow"/>).</summary>
    public bool Following { get; private set; }

    /// <summary>
    /// Brings the registry and the modules up to what the writer has stored, and takes its head as this process's own;
    /// true if the log grew. The head's checkpoint must carry the log key's signature (<see cref="Sequencer.Reload"/>),
    /// and every body the digest its envelope commits to. The stored views are the writer's and are not touched. Call
    /// from one thread at a time.
    /// </summary>
    public bool Follow()
    {
        // The head first, as the writer publishes its checkpoint before its modules apply the batch: an answer's log
        // size is then never beyond the checkpoint given with it, which proves it.
        Sequencer.Reload();
        var (from, size) = (_projector.ModulesAt, Sequencer.Size);
        if (size < from)
        {
            throw new DamagedStoreException($"the stored log has {size} entries, fewer than the {from} this process has followed");
        }
        var replay = false;
        for (var at = from; at < size; at += FollowChunk)
        {
            var leaves = _store.ReadLeaves(at, (int)Math.Min(FollowChunk, size - at));
            var envs = leaves.Select(l => Envelope.FromLeaf(l)).ToList();
            var raws = _store.ReadBodies([.. Enumerable.Range(0, envs.Count).Select(i => at + i)]);
            var bodies = envs.Select((e, i) => raws.TryGetValue(at + i, out var raw) ? Projector.Body(at + i, e, raw).Clone() : (JsonElement?)null).ToList();
            for (var i = 0; i < envs.Count; i++)
            {
                if (EntryKinds.ChangesRegistry(envs[i].Kind))
                {
                    ChangeRegistry(() => Registry.Apply(at + i, envs[i], bodies[i]));
                }
            }
            replay |= _projector.ApplyFollowed(at, envs, bodies, Registry);
        }
        if (replay)
        {
            // An erasure of a module's entry: its state may have depended on the erased body, as on the writer.
            var registry = _projector.Replay();
            ChangeRegistry(() => Registry = registry);
        }
        if (size > from)
        {
            Grew();
        }
        return size > from;
    }

    /// <summary>
    /// Becomes the writer, once this process holds the writer's lease: follows the log to its head, then brings the
    /// stored views up to it (a writer that died between the log's commit and the views' leaves them behind).
    /// </summary>
    public void TakeOver()
    {
        FollowWithViews();
        Following = false;
    }

    /// <summary>
    /// <see cref="Follow"/>, then the stored views up to the same head: for a writer taking over, and for a mirror's
    /// server (<see cref="Mirror"/>), whose views no other process keeps. Never beyond the head this process took, though
    /// the store may have moved since (a mirror's copy grows under it).
    /// </summary>
    public bool FollowWithViews()
    {
        var grew = Follow();
        if (_projector.CatchUp(null, Sequencer.Size))
        {
            var registry = _projector.Replay();
            ChangeRegistry(() => Registry = registry);
        }
        return grew;
    }

    /// <summary>Stops writing (this process lost the writer's lease): from now on it follows.</summary>
    public void StepDown() => Following = true;
}
