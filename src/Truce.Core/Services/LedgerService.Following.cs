using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.Ledger.Notes;
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
    /// true if the log grew. The head's checkpoint must carry the log key's signature, and every body the digest its
    /// envelope commits to. The stored views are the writer's and are not touched. Call from one thread at a time.
    /// </summary>
    public bool Follow()
    {
        var (size, note) = _store.LoadHead();
        var from = _projector.ModulesAt;
        if (note is null || size < from)
        {
            throw new DamagedStoreException($"the stored log has {size} entries, fewer than the {from} this process has followed");
        }
        var opened = SignedCheckpoint.Open(note, LogKey); // a head not signed by the log key is refused before anything is applied
        if (opened.Checkpoint.Size != size)
        {
            throw new DamagedStoreException($"the stored head's checkpoint is of size {opened.Checkpoint.Size}, not {size}");
        }
        // The head first, as the writer publishes its checkpoint before its modules apply the batch: an answer's log
        // size is then never beyond the checkpoint given with it, which proves it.
        if (size != Sequencer.Size || note != Sequencer.CheckpointNote)
        {
            Sequencer.Reload();
        }
        var replay = false;
        for (var at = from; at < size; at += FollowChunk)
        {
            var leaves = _store.ReadLeaves(at, (int)Math.Min(FollowChunk, size - at));
            var envs = leaves.Select(l => Envelope.FromLeaf(l)).ToList();
            var raws = _store.ReadBodies([.. Enumerable.Range(0, envs.Count).Select(i => at + i)]);
            var bodies = envs.Select((e, i) => raws.TryGetValue(at + i, out var raw) ? Projector.Body(at + i, e, raw).Clone() : (JsonElement?)null).ToList();
            ApplyToRegistry(at, envs, bodies);
            replay |= _projector.ApplyFollowed(at, envs, bodies, Registry);
        }
        if (replay)
        {
            // An erasure of a module's entry: its state may have depended on the erased body, as on the writer.
            var registry = _projector.Replay();
            _lock.EnterWriteLock();
            try
            {
                Registry = registry;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        if (size > from)
        {
            Grew();
        }
        return size > from;
    }

    void ApplyToRegistry(long first, IReadOnlyList<Envelope> envs, IReadOnlyList<JsonElement?> bodies)
    {
        for (var i = 0; i < envs.Count; i++)
        {
            if (!EntryKinds.ChangesRegistry(envs[i].Kind))
            {
                continue;
            }
            _lock.EnterWriteLock();
            try
            {
                Registry.Apply(first + i, envs[i], bodies[i]);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

    /// <summary>
    /// Becomes the writer, once this process holds the writer's lease: follows the log to its head, then brings the
    /// stored views up to it (a writer that died between the log's commit and the views' leaves them behind).
    /// </summary>
    public void TakeOver()
    {
        Follow();
        if (_projector.CatchUp(null))
        {
            Registry = _projector.Replay();
        }
        Sequencer.Reload();
        Following = false;
    }

    /// <summary>Stops writing (this process lost the writer's lease): from now on it follows.</summary>
    public void StepDown() => Following = true;
}
