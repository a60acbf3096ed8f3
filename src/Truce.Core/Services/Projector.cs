using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Core.Views;
using Truce.Ledger.Entries;
using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

/// <summary>
/// Derives the views from the log. The same code runs for each committed batch, for catch-up at start-up (a crash
/// between the log's commit and the views' leaves the views behind, never ahead), and for a full rebuild.
/// Stored views (<see cref="IViewStore"/>) keep a watermark and catch up; modules keep their state in memory and
/// replay the log at start-up.
/// </summary>
sealed class Projector(ILogStore store, IViewStore views, IReadOnlyList<IModule> modules)
{
    const int Chunk = 4096;

    readonly Dictionary<string, IModule> _byKind = modules.SelectMany(m => m.Kinds.Keys.Select(k => (k, m))).ToDictionary(p => p.k, p => p.m);

    public IModule? ModuleFor(string kind) => _byKind.GetValueOrDefault(kind);

    /// <summary>One pass over the log: the registry, and every module's state.</summary>
    public Registry Replay()
    {
        var registry = new Registry();
        foreach (var m in modules)
        {
            m.Reset();
        }
        var size = store.LoadHead().Size;
        for (long at = 0; at < size; at += Chunk)
        {
            var envs = ParseAll(store.ReadLeaves(at, (int)Math.Min(Chunk, size - at)));
            // Bodies are read in log order and parsed on every core a window at a time (an import body holds a
            // thousand geometries), then applied in log order; the window is bounded in bytes.
            var window = new List<(long Index, Envelope Env, IModule? Module, byte[]? Raw)>();
            long windowBytes = 0;
            void Flush()
            {
                var parsed = new JsonElement?[window.Count];
                Parallel.For(0, window.Count, k => parsed[k] = window[k].Raw is { } raw ? JsonDocument.Parse(raw).RootElement : null);
                for (int k = 0; k < window.Count; k++)
                {
                    var (index, env, module, _) = window[k];
                    if (module is null)
                    {
                        registry.Apply(index, env, parsed[k]);
                    }
                    else
                    {
                        module.Apply(index, env, parsed[k], registry);
                    }
                }
                window.Clear();
                windowBytes = 0;
            }
            for (int i = 0; i < envs.Count; i++)
            {
                var env = envs[i];
                var isRegistry = EntryKinds.IsRegistry(env.Kind) || env.Kind is EntryKinds.MemberAdd or EntryKinds.MemberRemove;
                var module = isRegistry ? null : ModuleFor(env.Kind);
                if (!isRegistry && module is null)
                {
                    continue; // a view-only kind (a note): nothing to replay
                }
                var raw = store.ReadBody(at + i);
                window.Add((at + i, env, module, raw));
                windowBytes += raw?.Length ?? 0;
                if (windowBytes > WindowBytes || window.Count >= Chunk)
                {
                    Flush();
                }
            }
            Flush();
        }
        return registry;
    }

    /// <summary>Bodies parsed ahead of their turn, at most this many bytes at a time.</summary>
    const long WindowBytes = 32L << 20;

    JsonElement? ReadBody(long index) => store.ReadBody(index) is { } b ? JsonDocument.Parse(b).RootElement.Clone() : null;

    public void CatchUp(IProgress<(long Done, long Total)>? progress)
    {
        var size = store.LoadHead().Size;
        for (long at = views.AppliedThrough(); at < size; at += Chunk)
        {
            var leaves = store.ReadLeaves(at, (int)Math.Min(Chunk, size - at));
            var envs = ParseAll(leaves);
            var bodies = envs.Select((e, i) => e.Kind == EntryKinds.Erase ? ReadBody(at + i) : null).ToList();
            ApplyViews(at, envs, bodies, at + leaves.Count);
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

    /// <summary>Applies a committed batch to the stored views and to the modules.</summary>
    public void Apply(long first, IReadOnlyList<Envelope> envs, IReadOnlyList<JsonElement?> bodies, long appliedThrough, Registry registry)
    {
        var erased = ApplyViews(first, envs, bodies, appliedThrough);
        for (int i = 0; i < envs.Count; i++)
        {
            ModuleFor(envs[i].Kind)?.Apply(first + i, envs[i], bodies[i], registry);
        }
        if (erased.Count > 0)
        {
            // A module's state may depend on the erased body (a report joined an incident and shaped it). Replaying
            // the log without it gives exactly what a later rebuild will give: live state and rebuilt state agree.
            Replay();
        }
    }

    List<string> ApplyViews(long first, IReadOnlyList<Envelope> envs, IReadOnlyList<JsonElement?> bodies, long appliedThrough)
    {
        var rows = envs.Select((e, i) => new EntryRow(first + i, e.Kind, e.Party, e.Key, e.Visibility, e.To, Envelope.FormatTime(e.Time),
            e.Cid, e.Body, e.Amends, e.Retracts, false)).ToList();
        views.Apply(rows, appliedThrough);
        var erasedModuleKinds = new List<string>();
        for (int i = 0; i < envs.Count; i++)
        {
            if (envs[i].Kind == EntryKinds.Erase && bodies[i] is { } b)
            {
                var target = b.GetProperty("target").GetInt64();
                store.EraseBody(target);
                views.MarkErased(target);
                if (views.Get(target) is { } t && ModuleFor(t.Kind) is not null)
                {
                    erasedModuleKinds.Add(t.Kind);
                }
            }
        }
        return erasedModuleKinds;
    }

    /// <summary>The stored views' digest combined with every module's.</summary>
    public string Digest()
    {
        var all = new StringBuilder(views.Digest());
        foreach (var m in modules)
        {
            all.Append('\n').Append(m.Name).Append(' ').Append(m.Digest());
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())));
    }
}
