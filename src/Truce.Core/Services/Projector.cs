using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Access;
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
/// replay the log at start-up, from their snapshots where these fit (<see cref="Snapshots"/>).
/// <para>Modules keep a book per audience class of their own entries (<see cref="Access.Audiences"/>): the projector
/// tells a module which of its classes see an entry, and when an entry splits a class it builds the new class's book
/// from the log as that class sees it, before the entry is applied.</para>
/// <para>Given a reader to hold only for, the projector holds only the entries that reader may see: every view,
/// registry and module state is derived as if the log held nothing else (the reference of the visibility rule's
/// differential test: a deployment holding only one reader's entries, with the same entry indexes).</para>
/// </summary>
sealed partial class Projector
{
    internal const int Chunk = 4096;

    readonly ILogStore store;
    readonly IViewStore views;
    readonly IReadOnlyList<IModule> modules;
    readonly Reader? _holdsOnlyFor;
    readonly Dictionary<string, IModule> _byKind;

    public Projector(ILogStore store, IViewStore views, IReadOnlyList<IModule> modules, Reader? holdsOnlyFor = null)
    {
        this.store = store;
        this.views = views;
        this.modules = modules;
        _holdsOnlyFor = holdsOnlyFor;
        _byKind = modules.SelectMany(m => m.Kinds.Keys.Select(k => (k, m))).ToDictionary(p => p.k, p => p.m);
    }

    public IModule? ModuleFor(string kind) => _byKind.GetValueOrDefault(kind);

    bool Holds(Envelope env) => _holdsOnlyFor?.CanSee(env) ?? true;

    /// <summary>The modules whose state the last replay started from a snapshot, with the log size it reflected.</summary>
    public IReadOnlyDictionary<string, long> LoadedSnapshots { get; private set; } = new Dictionary<string, long>();

    long _lastErasure = -1;

    /// <summary>
    /// The index of the last erase entry this projector has passed, whoever may see it (-1 for none): a reader's
    /// question "any erasure I see since N?" needs the store only when this is at least N. It moves before the
    /// batch's views and modules, so it is never behind what they hold.
    /// </summary>
    public long LastErasure => Volatile.Read(ref _lastErasure);

    void NoteErasures(long first, IReadOnlyList<Envelope> envs)
    {
        for (var i = envs.Count - 1; i >= 0; i--)
        {
            if (envs[i].Kind == EntryKinds.Erase)
            {
                Volatile.Write(ref _lastErasure, Math.Max(_lastErasure, first + i));
                return;
            }
        }
    }

    /// <summary>How many log entries the modules' state reflects; a snapshot is saved only when that is the log's size.</summary>
    public long ModulesAt { get; private set; }

    /// <summary>A registered party joins its audience class in each module.</summary>
    void JoinParty(Envelope env, JsonElement? body, Registry registry)
    {
        var id = (env.Kind, body) switch
        {
            (EntryKinds.PartyRegister, { } b) => b.GetProperty("id").GetString(),
            (EntryKinds.Genesis, { } b) => b.GetProperty("mission").GetProperty("id").GetString(),
            _ => null,
        };
        if (id is null)
        {
            return;
        }
        foreach (var m in modules)
        {
            m.Audiences.Join(id, registry.IsMissionParty(id));
            m.Audiences.Publish();
        }
    }

    /// <summary>The classes that see a module's entry, after building the books of any class it splits off.</summary>
    IReadOnlyList<int> Admit(long index, Envelope env, IModule module, IReadOnlyDictionary<IModule, Snapshots.Start> starts)
    {
        var forks = new List<(int From, int To)>();
        var seeing = module.Audiences.Admit(env, forks);
        foreach (var (_, to) in forks)
        {
            BuildClass(module, to, index, starts);
        }
        if (forks.Count > 0)
        {
            module.Audiences.Publish();
        }
        return seeing;
    }

    /// <summary>
    /// Gives a module's new audience class its book: the module's entries before <paramref name="upTo"/> that the class
    /// may see, applied in log order to a fresh book (a class splits off rarely: once per party whose entries of this
    /// module first differ from the others'). A module that started from a snapshot taken later already holds the class.
    /// </summary>
    void BuildClass(IModule module, int cls, long upTo, IReadOnlyDictionary<IModule, Snapshots.Start> starts)
    {
        if (starts.TryGetValue(module, out var s) && s.Size > upTo)
        {
            return;
        }
        module.NewBook(cls);
        var reader = module.Audiences.Representative(cls);
        int[] only = [cls];
        for (long at = 0; at < upTo; at += Chunk)
        {
            var envs = ParseAll(at, store.ReadLeaves(at, (int)Math.Min(Chunk, upTo - at)));
            bool Wanted(Envelope env) => ModuleFor(env.Kind) == module && Holds(env) && reader.CanSee(env);
            var bodies = new BodyCursor(store, [.. envs.Select((e, i) => (e, i)).Where(x => Wanted(x.e)).Select(x => at + x.i)]);
            for (int i = 0; i < envs.Count; i++)
            {
                var env = envs[i];
                if (Wanted(env))
                {
                    using var doc = bodies.Read(at + i) is { } raw ? Document(at + i, env, raw) : null;
                    module.Apply(at + i, env, doc?.RootElement, only);
                }
            }
        }
    }

    /// <summary>A stored body, checked against the digest its envelope commits to.</summary>
    public static JsonElement Body(long index, Envelope env, byte[] raw) => Document(index, env, raw).RootElement;

    /// <summary>As <see cref="Body"/>, as a document the caller disposes once done with it.</summary>
    static JsonDocument Document(long index, Envelope env, byte[] raw)
    {
        Check(index, env, raw);
        try
        {
            return JsonDocument.Parse(raw);
        }
        catch (JsonException e)
        {
            throw new DamagedStoreException($"entry {index}'s stored body is not JSON", e);
        }
    }

    static void Check(long index, Envelope env, byte[] raw)
    {
        if (Envelope.DigestOf(raw) != env.Body)
        {
            throw new DamagedStoreException($"entry {index}'s stored body does not match the digest its envelope commits to");
        }
    }

    /// <summary>What the views need of a chunk's bodies: those of its erase entries (null for every other entry).</summary>
    List<JsonElement?> EraseBodies(long first, IReadOnlyList<Envelope> envs) =>
        [.. envs.Select((e, i) => e.Kind == EntryKinds.Erase && store.ReadBody(first + i) is { } raw
            ? Body(first + i, e, raw).Clone() : (JsonElement?)null)];

    /// <summary>Bodies parsed ahead of their turn, at most this many bytes at a time.</summary>
    const long WindowBytes = 32L << 20;

    /// <summary>
    /// Brings the stored views up to the log. Returns true if it erased the body of a module's entry, whose state
    /// must then be replayed.
    /// </summary>
    /// <param name="upTo">No further than this log size (the head a follower published), though the store may be ahead.</param>
    public bool CatchUp(IProgress<(long Done, long Total)>? progress, long? upTo = null)
    {
        var size = Math.Min(store.LoadHead().Size, upTo ?? long.MaxValue);
        var erasedModuleEntry = false;
        for (long at = views.AppliedThrough(); at < size; at += Chunk)
        {
            var leaves = store.ReadLeaves(at, (int)Math.Min(Chunk, size - at));
            var envs = ParseAll(at, leaves);
            NoteErasures(at, envs);
            erasedModuleEntry |= ApplyViews(at, envs, EraseBodies(at, envs), at + leaves.Count).Count > 0;
            progress?.Report((at + leaves.Count, size));
        }
        return erasedModuleEntry;
    }

    /// <summary>
    /// Parses leaves on every core (a rebuild spends most of its time here otherwise); a bad leaf throws as it would
    /// have sequentially: the first in log order, naming it.
    /// </summary>
    internal static List<Envelope> ParseAll(long first, IReadOnlyList<byte[]> leaves)
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
        for (int i = 0; i < errors.Length; i++)
        {
            if (errors[i] is { } e)
            {
                throw new DamagedStoreException($"stored entry {first + i} is not a readable envelope: {e.Message}", e);
            }
        }
        return [.. envs.Select(e => e!)];
    }

    /// <summary>The live path starts from no snapshot: every module's books are at the log's head.</summary>
    static readonly Dictionary<IModule, Snapshots.Start> NoSnapshots = [];

    /// <summary>
    /// Applies a committed batch to the modules, then to the stored views. Modules first: they live in memory and
    /// cannot fail for want of disk, while the stored views can, and then <see cref="CatchUp"/> redoes only them.
    /// </summary>
    public void Apply(long first, IReadOnlyList<Envelope> envs, IReadOnlyList<JsonElement?> bodies, long appliedThrough, Registry registry)
    {
        NoteErasures(first, envs);
        for (int i = 0; i < envs.Count; i++)
        {
            var env = envs[i];
            if (EntryKinds.ChangesRegistry(env.Kind))
            {
                JoinParty(env, bodies[i], registry);
            }
            else if (ModuleFor(env.Kind) is { } module && Holds(env))
            {
                module.Apply(first + i, env, bodies[i], Admit(first + i, env, module, NoSnapshots));
            }
        }
        ModulesAt = first + envs.Count;
        var erased = ApplyViews(first, envs, bodies, appliedThrough);
        if (erased.Count > 0)
        {
            // A module's state may depend on the erased body (a report joined an incident and shaped it). Replaying
            // the log without it gives exactly what a later rebuild will give: live state and rebuilt state agree.
            Replay();
        }
    }

    /// <summary>
    /// Applies entries another process appended and stored views for (a server following the writer): the modules
    /// only. True if one erases a module's entry, whose state must then be replayed.
    /// </summary>
    public bool ApplyFollowed(long first, IReadOnlyList<Envelope> envs, IReadOnlyList<JsonElement?> bodies, Registry registry)
    {
        NoteErasures(first, envs);
        var erased = false;
        for (int i = 0; i < envs.Count; i++)
        {
            var env = envs[i];
            if (EntryKinds.ChangesRegistry(env.Kind))
            {
                JoinParty(env, bodies[i], registry);
            }
            else if (env.Kind == EntryKinds.Erase && bodies[i] is { } b)
            {
                var target = b.GetProperty("target").GetInt64();
                var kind = target >= first ? envs[(int)(target - first)].Kind : Envelope.FromLeaf(store.ReadLeaves(target, 1)[0]).Kind;
                erased |= ModuleFor(kind) is not null;
            }
            else if (ModuleFor(env.Kind) is { } module && Holds(env))
            {
                module.Apply(first + i, env, bodies[i], Admit(first + i, env, module, NoSnapshots));
            }
        }
        ModulesAt = first + envs.Count;
        return erased;
    }

    /// <summary>
    /// Erases first, then stores the rows and the watermark in one transaction: if anything fails, the watermark has
    /// not moved and a catch-up redoes all of it (erasing twice is harmless).
    /// </summary>
    List<string> ApplyViews(long first, IReadOnlyList<Envelope> envs, IReadOnlyList<JsonElement?> bodies, long appliedThrough)
    {
        var targets = new HashSet<long>();
        var erasedModuleKinds = new List<string>();
        for (int i = 0; i < envs.Count; i++)
        {
            if (envs[i].Kind == EntryKinds.Erase && bodies[i] is { } b)
            {
                // Snapshots may hold what is erased: they go first, and the next start-up replays the log.
                views.DeleteSnapshots();
                var target = b.GetProperty("target").GetInt64();
                targets.Add(target);
                var kind = target >= first && target < first + envs.Count ? envs[(int)(target - first)].Kind : views.Get(target)?.Kind;
                if (kind is not null && ModuleFor(kind) is not null)
                {
                    erasedModuleKinds.Add(kind);
                }
                store.EraseBody(target);
                if (target < first)
                {
                    views.MarkErased(target);
                }
            }
        }
        var rows = envs.Select((e, i) => new EntryRow(first + i, e.Kind, e.Party, e.Key, e.Visibility, e.To, Envelope.FormatTime(e.Time),
            e.Cid, e.Body, e.Amends, e.Retracts, targets.Contains(first + i))).Where((_, i) => Holds(envs[i])).ToList();
        views.Apply(rows, appliedThrough);
        return erasedModuleKinds;
    }

    /// <summary>The stored views' digest combined with every module's.</summary>
    public string Digest()
    {
        var all = new StringBuilder(views.Digest());
        foreach (var m in modules)
        {
            all.Append('\n').Append(m.Name).Append(' ').Append(m.Audiences.Describe()).Append(' ').Append(m.Digest());
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())));
    }
}
