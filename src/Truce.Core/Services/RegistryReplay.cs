using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

/// <summary>
/// The registry alone (parties, keys, members), replayed from a stored log: after a batch that changed it failed to
/// commit, and for a mirror, which checks each new entry's signature against the keys its copy registered. Each body is
/// checked against its envelope's digest; one that is absent (a member's, withheld from a mirror) is skipped.
/// </summary>
public static class RegistryReplay
{
    public static Registry Of(ILogStore store, long size)
    {
        var registry = new Registry();
        for (long at = 0; at < size; at += Projector.Chunk)
        {
            var envs = Projector.ParseAll(at, store.ReadLeaves(at, (int)Math.Min(Projector.Chunk, size - at)));
            var bodies = new BodyCursor(store, [.. envs.Select((e, i) => (e, i)).Where(x => EntryKinds.ChangesRegistry(x.e.Kind)).Select(x => at + x.i)]);
            for (int i = 0; i < envs.Count; i++)
            {
                if (EntryKinds.ChangesRegistry(envs[i].Kind))
                {
                    registry.Apply(at + i, envs[i], bodies.Read(at + i) is { } raw ? Projector.Body(at + i, envs[i], raw) : null);
                }
            }
        }
        return registry;
    }
}
