using System.Runtime.ExceptionServices;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Core.Views;
using Truce.Ledger.Entries;
using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

/// <summary>
/// Derives the views from the log. The same code runs for each committed batch, for catch-up at start-up (a crash
/// between the log's commit and the views' leaves the views behind, never ahead), and for a full rebuild.
/// </summary>
sealed class Projector(ILogStore store, IViewStore views)
{
    const int Chunk = 4096;

    public Registry LoadRegistry()
    {
        var registry = new Registry();
        var size = store.LoadHead().Size;
        for (long at = 0; at < size; at += Chunk)
        {
            var leaves = store.ReadLeaves(at, (int)Math.Min(Chunk, size - at));
            for (int i = 0; i < leaves.Count; i++)
            {
                var env = Envelope.FromLeaf(leaves[i]);
                if (EntryKinds.IsRegistry(env.Kind) || env.Kind is EntryKinds.MemberAdd or EntryKinds.MemberRemove)
                {
                    registry.Apply(at + i, env, ReadBody(at + i));
                }
            }
        }
        return registry;
    }

    JsonElement? ReadBody(long index) => store.ReadBody(index) is { } b ? JsonDocument.Parse(b).RootElement.Clone() : null;

    public void CatchUp(IProgress<(long Done, long Total)>? progress)
    {
        var size = store.LoadHead().Size;
        for (long at = views.AppliedThrough(); at < size; at += Chunk)
        {
            var leaves = store.ReadLeaves(at, (int)Math.Min(Chunk, size - at));
            var envs = ParseAll(leaves);
            var bodies = envs.Select((e, i) => e.Kind == EntryKinds.Erase ? ReadBody(at + i) : null).ToList();
            Apply(at, envs, bodies, at + leaves.Count);
            progress?.Report((at + leaves.Count, size));
        }
    }

    /// <summary>
    /// Parses leaves on every core (a rebuild spends most of its time here otherwise); a bad leaf throws as it would
    /// have sequentially: the first in log order, with its own exception.
    /// </summary>
    static List<Envelope> ParseAll(IReadOnlyList<byte[]> leaves)
    {
        var envs = new Envelope?[leaves.Count];
        var errors = new Exception?[leaves.Count];
        Parallel.For(0, leaves.Count, i =>
        {
            try
            {
                envs[i] = Envelope.FromLeaf(leaves[i]);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } first)
        {
            ExceptionDispatchInfo.Throw(first);
        }
        return [.. envs.Select(e => e!)];
    }

    public void Apply(long first, IReadOnlyList<Envelope> envs, IReadOnlyList<JsonElement?> bodies, long appliedThrough)
    {
        var rows = envs.Select((e, i) => new EntryRow(first + i, e.Kind, e.Party, e.Key, e.Visibility, e.To, Envelope.FormatTime(e.Time),
            e.Cid, e.Body, e.Amends, e.Retracts, false)).ToList();
        views.Apply(rows, appliedThrough);
        for (int i = 0; i < envs.Count; i++)
        {
            if (envs[i].Kind == EntryKinds.Erase && bodies[i] is { } b)
            {
                var target = b.GetProperty("target").GetInt64();
                store.EraseBody(target);
                views.MarkErased(target);
            }
        }
    }
}
