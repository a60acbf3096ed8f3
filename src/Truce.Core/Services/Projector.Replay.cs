using System.Runtime.ExceptionServices;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Ledger.Entries;
using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

sealed partial class Projector
{
    /// <summary>
    /// One pass over the log: the registry, and every module's state. Every body it reads must match the digest its
    /// envelope commits to, and a body may be missing only if an erase entry removed it: a store changed behind the
    /// log's back is refused (<see cref="DamagedStoreException"/>) rather than replayed into the views.
    /// <para>With <paramref name="withViews"/>, the stored views are brought up to the log in the same pass (each
    /// envelope parsed once, where <see cref="CatchUp"/> and then this would parse it twice): a chunk's rows go in
    /// before its entries reach the modules, so an erase removes its target's body first, as on the live path.</para>
    /// <para>With <paramref name="fromSnapshots"/>, a module whose snapshot fits the log starts from it and is given only
    /// the entries after it; if an entry after it erases one before it, the snapshot holds what was erased, so it is
    /// deleted and the pass starts again without snapshots.</para>
    /// </summary>
    public Registry Replay(bool withViews = false, IProgress<(long Done, long Total)>? progress = null, bool fromSnapshots = false)
    {
        var registry = new Registry();
        foreach (var m in modules)
        {
            m.Reset();
        }
        var size = store.LoadHead().Size;
        var starts = fromSnapshots && _holdsOnlyFor is null ? Snapshots.Load(store, views, modules, size) : [];
        LoadedSnapshots = starts.ToDictionary(s => s.Key.Name, s => s.Value.Size);
        var pass = new ReplayPass(this, registry, starts);
        var applied = withViews ? views.AppliedThrough() : long.MaxValue;
        var replayAgain = false;
        Task<List<Envelope>> Read(long at) => Task.Run(() => ParseAll(at, store.ReadLeaves(at, (int)Math.Min(Chunk, size - at))));
        var next = size > 0 ? Read(0) : null;
        for (long at = 0; at < size; at += Chunk)
        {
            // The next chunk is read and parsed while this one is applied: applying is sequential, parsing is not.
            var envs = next!.GetAwaiter().GetResult();
            NoteErasures(at, envs);
            next = at + Chunk < size ? Read(at + Chunk) : null;
            if (at + envs.Count > applied)
            {
                var from = (int)Math.Max(0, applied - at);
                List<Envelope> part = envs[from..];
                // An erased module entry that the modules already passed (in an earlier chunk) needs a second pass.
                replayAgain |= ApplyViews(at + from, part, EraseBodies(at + from, part), at + envs.Count).Count > 0;
            }
            if (!pass.Apply(at, envs, Math.Min(size, at + Chunk)))
            {
                views.DeleteSnapshots();
                return Replay(withViews, progress);
            }
            progress?.Report((at + envs.Count, size));
        }
        pass.ThrowIfMissing();
        ModulesAt = size;
        return replayAgain ? Replay() : registry;
    }

    /// <summary>
    /// What a replay carries from entry to entry: the registry it builds, the snapshots it started from (and the
    /// audience classes they were saved with, still to be compared), the bodies found missing and those erased, and
    /// the window of entries whose bodies are parsed together.
    /// </summary>
    sealed class ReplayPass(Projector p, Registry registry, IReadOnlyDictionary<IModule, Snapshots.Start> starts)
    {
        readonly IReadOnlyDictionary<IModule, Snapshots.Start> starts = starts;
        // A snapshot holds the books of the classes as they were where it was taken: the replay must reach the same.
        readonly Queue<(IModule Module, Snapshots.Start Start)> toCompare = new(starts.Select(s => (s.Key, s.Value)).OrderBy(s => s.Value.Size));
        readonly List<long> missing = [];
        readonly HashSet<long> erased = [];
        readonly List<(long Index, Envelope Env, IModule? Module, byte[]? Raw, bool Apply)> window = [];
        long windowBytes;
        bool restart;

        /// <summary>
        /// Applies the chunk of the log that starts at <paramref name="at"/> and ends at <paramref name="end"/>; false
        /// if the pass must start again without snapshots (an entry erases one a snapshot reflects, or the audience
        /// classes reached differ from a snapshot's).
        /// </summary>
        public bool Apply(long at, List<Envelope> envs, long end)
        {
            // Bodies are read in log order and parsed on every core a window at a time (an import body holds a
            // thousand geometries), then applied in log order; the window is bounded in bytes. The bodies of entries
            // a snapshot already reflects are still read and checked against their digests (cheap next to parsing),
            // so a snapshot does not hide a damaged store from start-up; they are not parsed or applied.
            var bodies = new BodyCursor(p.store, [.. envs.Select((e, i) => (e, i)).Where(x => Reads(x.e)).Select(x => at + x.i)]);
            for (int i = 0; i < envs.Count; i++)
            {
                var env = envs[i];
                if (env.Kind == EntryKinds.Erase && bodies.Read(at + i) is { } eraseBody)
                {
                    var target = Body(at + i, env, eraseBody).GetProperty("target").GetInt64();
                    erased.Add(target);
                    if (starts.Values.Any(s => target < s.Size && at + i >= s.Size))
                    {
                        return false;
                    }
                }
                var isRegistry = EntryKinds.ChangesRegistry(env.Kind);
                var module = isRegistry ? null : p.ModuleFor(env.Kind);
                if (!isRegistry && (module is null || !p.Holds(env)))
                {
                    // A view-only kind (a note), or one this projector does not hold: nothing to replay. The registry is
                    // always replayed: who is who (members included) is how a reader is known, not what it is shown.
                    continue;
                }
                var raw = bodies.Read(at + i);
                if (raw is null && p.Holds(env))
                {
                    // A member's entry this projector does not hold may be absent (a mirror's copy has only what the
                    // public may read); every other body is owed.
                    missing.Add(at + i);
                }
                window.Add((at + i, env, module, raw, isRegistry || at + i >= (starts.TryGetValue(module!, out var st) ? st.Size : 0)));
                windowBytes += raw?.Length ?? 0;
                if (windowBytes > WindowBytes || window.Count >= Chunk)
                {
                    Flush();
                }
            }
            Flush();
            return !restart && SameClassesAsSnapshots(end);
        }

        /// <summary>Whether the pass reads the entry's body: an erasure's, the registry's, and those of the modules held.</summary>
        bool Reads(Envelope env) =>
            env.Kind == EntryKinds.Erase || EntryKinds.ChangesRegistry(env.Kind) || (p.ModuleFor(env.Kind) is not null && p.Holds(env));

        /// <summary>Applies the window in log order, once its bodies are parsed.</summary>
        void Flush()
        {
            if (restart)
            {
                return;
            }
            var parsed = Parse();
            for (int k = 0; k < window.Count; k++)
            {
                var (index, env, module, _, apply) = window[k];
                if (!SameClassesAsSnapshots(index))
                {
                    restart = true;
                    return;
                }
                var body = parsed[k]?.RootElement;
                if (module is null)
                {
                    registry.Apply(index, env, body);
                    p.JoinParty(env, body, registry);
                }
                else
                {
                    var seeing = p.Admit(index, env, module, starts);
                    if (apply)
                    {
                        module.Apply(index, env, body, seeing);
                    }
                }
                // Apply keeps nothing of the body (what it keeps it copies), so the document's rented buffers go
                // back to the pool for the next body instead of becoming garbage of the size of the body.
                parsed[k]?.Dispose();
            }
            window.Clear();
            windowBytes = 0;
        }

        /// <summary>The window's bodies, parsed on every core (those a snapshot reflects only checked); a damaged one
        /// throws, the first in log order.</summary>
        JsonDocument?[] Parse()
        {
            var parsed = new JsonDocument?[window.Count];
            var errors = new Exception?[window.Count];
            Parallel.For(0, window.Count, k =>
            {
                try
                {
                    var (index, env, _, raw, apply) = window[k];
                    if (raw is not null && !apply)
                    {
                        Check(index, env, raw);
                    }
                    parsed[k] = raw is not null && apply ? Document(index, env, raw) : null;
                }
                catch (DamagedStoreException e)
                {
                    errors[k] = e;
                }
            });
            if (errors.FirstOrDefault(e => e is not null) is { } first)
            {
                ExceptionDispatchInfo.Throw(first);
            }
            return parsed;
        }

        /// <summary>
        /// True unless a snapshot taken at or before <paramref name="index"/> holds other audience classes than the replay
        /// has reached there (each is compared once, when the replay first passes its size).
        /// </summary>
        bool SameClassesAsSnapshots(long index)
        {
            while (toCompare.TryPeek(out var s) && s.Start.Size <= index)
            {
                toCompare.Dequeue();
                if (s.Start.Audiences != s.Module.Audiences.Describe())
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Refuses a store that lost a body no erase entry removed.</summary>
        public void ThrowIfMissing()
        {
            foreach (var gone in missing.Where(i => !erased.Contains(i)).Take(1))
            {
                throw new DamagedStoreException($"entry {gone}'s body is missing from the store, and no erase entry removed it");
            }
        }
    }
}
