using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Core.Views;
using Truce.Ledger.Entries;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Ledger.Tiles;

namespace Truce.Core.Services;

/// <summary>
/// The application service both the server and the CLI use: submit a signed entry, read entries as a given reader,
/// rebuild the views. Writes go: checks that need no order (parse, digest, role, signature) on the caller's thread,
/// then the sequencer, whose admission re-checks in log order what depends on order (replay, revocation, registry).
/// </summary>
public sealed partial class LedgerService : IModuleHost, IAsyncDisposable
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    readonly ILogStore _store;
    readonly IViewStore _views;
    readonly TimeProvider _time;
    readonly Projector _projector;
    readonly ReaderWriterLockSlim _lock = new();
    readonly Reader? _holdsOnlyFor;
    Sequencer? _sequencer;

    /// <param name="holdsOnlyFor">Derive everything from only the entries this reader may see, as a deployment holding
    /// nothing else would (the reference of the visibility rule's differential test). Such a service saves no
    /// snapshots, and its stored views are rebuilt from the log when it opens.</param>
    /// <param name="follower">Another process writes the log (several servers on one database): derive the modules and
    /// the registry from it but leave the stored views, which are that writer's, alone (<see cref="Follow"/>).</param>
    public LedgerService(ILogStore store, IViewStore views, NoteSigner logKey, TimeProvider? time = null, IReadOnlyList<IModule>? modules = null,
        Reader? holdsOnlyFor = null, bool follower = false)
        : this(store, views, logKey.Verifier, logKey, time, modules, holdsOnlyFor, follower)
    {
    }

    /// <summary>
    /// A mirror's service (docs/SCALING.md): a copy of another deployment's log that a <c>truce mirror</c> process keeps,
    /// and this one follows (<see cref="FollowWithViews"/>). It holds the log's verifier key, not its signing key, so it
    /// never writes the log; it derives only what the public may see, as every mirror serves that alone, and keeps its
    /// own stored views, since no writer keeps them for it.
    /// </summary>
    public static LedgerService Mirror(ILogStore store, IViewStore views, NoteVerifier logKey, TimeProvider? time, IReadOnlyList<IModule> modules) =>
        new(store, views, logKey, null, time, modules, Reader.Anonymous, follower: true);

    LedgerService(ILogStore store, IViewStore views, NoteVerifier logKey, NoteSigner? signer, TimeProvider? time, IReadOnlyList<IModule>? modules,
        Reader? holdsOnlyFor, bool follower)
    {
        _store = store;
        _views = views;
        _time = time ?? TimeProvider.System;
        LogKey = logKey;
        Modules = modules ?? [];
        // Refuse a damaged store before anything derived is built from it: the signed checkpoint, the tree it covers,
        // the last entries and their bodies (cheap; the replay below then checks every body it reads).
        StoreCheck.Verify(store, logKey);
        CheckTailBodies(store);
        _projector = new Projector(store, views, Modules, holdsOnlyFor);
        _holdsOnlyFor = holdsOnlyFor;
        if (holdsOnlyFor is not null)
        {
            views.Reset();
        }
        Following = follower;
        // A follower neither writes snapshots nor deletes one that does not fit (its store may be a read-only replica).
        Registry = _projector.Replay(withViews: !follower || signer is null, fromSnapshots: !follower);
        var admission = new Admission(this);
        _sequencer = signer is null ? new Sequencer(store, logKey, admission, admission, _time) : new Sequencer(store, signer, admission, admission, _time);
    }

    static void CheckTailBodies(ILogStore store)
    {
        var size = store.LoadHead().Size;
        var from = Math.Max(0, size - StoreCheck.TailEntries);
        var leaves = store.ReadLeaves(from, (int)(size - from));
        var bodies = store.ReadBodies([.. Enumerable.Range(0, leaves.Count).Select(i => from + i)]);
        for (int i = 0; i < leaves.Count; i++)
        {
            if (bodies.GetValueOrDefault(from + i) is { } body && Envelope.DigestOf(body) != Envelope.FromLeaf(leaves[i]).Body)
            {
                throw new DamagedStoreException($"entry {from + i}'s stored body does not match the digest its envelope commits to");
            }
        }
    }

    public NoteVerifier LogKey { get; }

    /// <summary>A mirror's copy of another deployment's log (<see cref="Mirror"/>): read only, the public's view.</summary>
    public bool IsMirror => !Sequencer.CanSign;
    public IReadOnlyList<IModule> Modules { get; }
    public TimeProvider Time => _time;
    public Registry Registry { get; private set; }
    public IViewStore Views => _views;
    public ILogStore Store => _store;
    /// <summary>The modules that started from a snapshot, with the log size it reflected (the rest replayed the log).</summary>
    public IReadOnlyDictionary<string, long> LoadedSnapshots => _projector.LoadedSnapshots;

    public Sequencer Sequencer => _sequencer ?? throw new ObjectDisposedException(nameof(LedgerService));
    public string Origin => LogKey.Name;

    /// <summary>Reads the registry under the lock the sequencer writes it under.</summary>
    public T WithRegistry<T>(Func<Registry, T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read(Registry);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Submits a signed entry. Durability: when the task completes, the entry is in a committed batch and a signed
    /// checkpoint covers it. Idempotent on the party's client id: the same id with the same body answers the
    /// existing entry (<see cref="Appended.Duplicate"/>); the same id with another body is refused as a replay. Throws <see cref="ValidationException"/> for malformed input and
    /// <see cref="RefusedException"/> for a well-formed entry that may not go in; nothing is stored in either case.
    /// </summary>
    public async Task<Appended> SubmitAsync(JsonElement envelopeJson, JsonElement bodyJson, Caller? caller, CancellationToken ct = default)
    {
        if (IsMirror)
        {
            throw new RefusedException(RefusalKind.Forbidden, "this is a read-only mirror of another deployment's log: submit entries to that deployment");
        }
        BeforeWrite?.Invoke();
        var pending = Prepare(envelopeJson, bodyJson, caller);
        try
        {
            return await Sequencer.AppendAsync(pending.Leaf, pending.CanonicalBody, pending, ct).ConfigureAwait(false);
        }
        catch (RefusedException e) when (e.Kind == RefusalKind.Conflict && e.ExistingIndex is { } i && _views.Get(i) is { } row
            && row.Digest == pending.Envelope.Body && row.Kind == pending.Envelope.Kind)
        {
            // A field device that retries or syncs twice: the same client id with the same body is the same entry.
            return new Appended(i, Sequencer.Size) { Duplicate = true };
        }
    }

    /// <summary>The area the deployment records (deployment.json), if it declares one.</summary>
    public Modules.Shared.RecordedArea? Area { get; set; }

    /// <summary>Called before every submission: the host makes sure this process is the log's one writer, or refuses
    /// (a second process appending to the same store would leave the first one's sequencer wrong).</summary>
    public Action? BeforeWrite { get; set; }

    internal sealed record Pending(Envelope Envelope, JsonElement Body, byte[] CanonicalBody, byte[] Leaf);

    Pending Prepare(JsonElement envelopeJson, JsonElement bodyJson, Caller? caller)
    {
        Envelope env;
        try
        {
            env = EnvelopeParser.Parse(envelopeJson);
        }
        catch (EnvelopeException e)
        {
            throw new ValidationException(e.Field, e.Problem);
        }
        Visibilities.Check(env);
        if (env.Sig is null)
        {
            throw new ValidationException("envelope.sig", "is required: the author signs every entry");
        }
        if (env.Log != Origin)
        {
            throw new ValidationException("envelope.log", $"must be this log's origin, '{Origin}'");
        }
        if (env.Time > _time.GetUtcNow() + MaxClockSkew)
        {
            throw new ValidationException("envelope.time", "is in the future");
        }
        Authorize(env, caller);
        byte[] canonical;
        try
        {
            canonical = CanonicalJson.Canonicalize(bodyJson);
        }
        catch (CanonicalJsonException e)
        {
            throw new ValidationException("body" + e.Path.TrimStart('$'), $"{e.Problem}: the body has no RFC 8785 canonical form");
        }
        if (Envelope.DigestOf(canonical) != env.Body)
        {
            throw new ValidationException("envelope.body", "is not the SHA-256 of the body's RFC 8785 canonical form");
        }
        var leaf = env.ToLeaf();
        if (leaf.Length > EntryBundle.MaxEntrySize)
        {
            throw new ValidationException("envelope", $"is {leaf.Length} bytes; an envelope is at most {EntryBundle.MaxEntrySize}");
        }
        if (env.Kind != EntryKinds.Genesis)
        {
            var key = WithRegistry(r => r.FindKey(env.Key))
                ?? throw new RefusedException(RefusalKind.BadSignature, $"key '{env.Key}' is not a registered key");
            if (Registry.CheckSignerLabel(env, key.ServerHeld) is { } label)
            {
                throw new ValidationException("envelope.signer", label);
            }
            if (!env.VerifySignature(key.PublicKey))
            {
                throw new RefusedException(RefusalKind.BadSignature, "the signature does not verify with the party's key");
            }
        }
        // Everything downstream reads the canonical body, the same bytes a replay reads from the store: live state and
        // rebuilt state then agree even on the order of an object's members.
        return new Pending(env, JsonElement.Parse(canonical), canonical, leaf);
    }

    void Authorize(Envelope env, Caller? caller)
    {
        if (env.Kind == EntryKinds.Genesis)
        {
            if (Sequencer.Size != 0)
            {
                throw new RefusedException(RefusalKind.Conflict, "this log already has its genesis entry");
            }
            return;
        }
        if (caller is null)
        {
            throw new RefusedException(RefusalKind.Unauthenticated, "submitting an entry needs an API token");
        }
        if (caller.Party != env.Party)
        {
            throw new RefusedException(RefusalKind.Forbidden, $"a member of '{caller.Party}' cannot submit as '{env.Party}'");
        }
        var roles = EntryKinds.RolesFor(env.Kind) ?? _projector.ModuleFor(env.Kind)?.Kinds[env.Kind] ?? throw new ValidationException("envelope.kind", $"'{env.Kind}' is not a kind this deployment knows");
        if (!roles.Overlaps(caller.Roles))
        {
            throw new RefusedException(RefusalKind.Forbidden, $"submitting {env.Kind} needs one of the roles {string.Join(", ", roles)}");
        }
        for (var i = 0; i < env.To.Count; i++)
        {
            var p = env.To[i];
            if (WithRegistry(r => r.FindParty(p)) is null)
            {
                throw new ValidationException($"envelope.to[{i}]", $"'{p}' is not a registered party");
            }
        }
    }

    /// <summary>One entry as this reader may see it; null if it does not exist or the reader may not see it.</summary>
    public EntryView? Read(long index, Reader reader)
    {
        var row = _views.Get(index);
        if (row is null || !reader.CanSee(row) || Beyond(index))
        {
            return null;
        }
        var leaf = Encoding.UTF8.GetString(_store.ReadLeaves(index, 1)[0]);
        if (row.Erased)
        {
            return new EntryView(index, leaf, null, "erased");
        }
        // A body is served only if it is the one the log commits to: a changed or lost one is refused, never passed on.
        var body = _store.ReadBody(index)
            ?? throw new DamagedStoreException($"entry {index}'s body is missing from the store");
        if (Envelope.DigestOf(body) != row.Digest)
        {
            throw new DamagedStoreException($"entry {index}'s stored body does not match the digest its envelope commits to");
        }
        return new EntryView(index, leaf, Encoding.UTF8.GetString(body), "present");
    }

    public IReadOnlyList<EntryRow> List(Reader reader, long after, int limit, string? kind = null) =>
        [.. _views.List(reader, after, Math.Clamp(limit, 1, 1000), kind).Where(r => !Beyond(r.Index))];

    /// <summary>On a follower, the stored views are the writer's and may hold entries up to a poll beyond the checkpoint
    /// this process serves: those are not answered until it has followed them, so no answer runs ahead of its proof.</summary>
    bool Beyond(long index) => Following && index >= Sequencer.Size;

    /// <summary>A page of the entries the reader may see (<see cref="Queries.Paging"/>'s shape): the rows after the
    /// cursor, and how many the reader may see in all.</summary>
    public Queries.Page<EntryRow> Page(Reader reader, long after, int limit, string? kind = null)
    {
        limit = Math.Clamp(limit, 1, Queries.Paging.MaxLimit);
        var upTo = Following ? Sequencer.Size : long.MaxValue;
        var rows = _views.List(reader, after, limit + 1, kind).Where(r => r.Index < upTo).ToList();
        var items = rows.Count > limit ? rows.Take(limit).ToList() : rows;
        var next = rows.Count > limit ? items[^1].Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var beyond = Following ? _views.List(reader, upTo - 1, Queries.Paging.MaxLimit, kind).Count : 0;
        return new Queries.Page<EntryRow>(items, next, _views.Count(reader, kind) - beyond);
    }

    /// <summary>Recomputes every view and module state from the log; returns the state's digest before and after.</summary>
    public (string Before, string After) Rebuild(IProgress<(long Done, long Total)>? progress = null)
    {
        var before = _projector.Digest();
        RebuildViews(progress);
        return (before, _projector.Digest());
    }

    /// <summary>Recomputes every view and module state from the log (<see cref="Rebuild"/> without the digests).</summary>
    public void RebuildViews(IProgress<(long Done, long Total)>? progress = null)
    {
        _views.Reset();
        var registry = _projector.Replay(withViews: true, progress);
        ChangeRegistry(() => Registry = registry);
    }

    /// <summary>Changes the registry under the lock its readers take (<see cref="WithRegistry{T}"/>).</summary>
    void ChangeRegistry(Action change)
    {
        _lock.EnterWriteLock();
        try
        {
            change();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Saves the modules' snapshots once nothing more is being written (on shutdown), if the modules reflect the whole
    /// log. A snapshot only saves time at the next start-up, so failing to write one is not an error: that start-up
    /// replays the log instead.
    /// </summary>
    void SaveSnapshots()
    {
        // A follower leaves the snapshots, like the stored views, to the writer.
        if (Following || _projector.ModulesAt != _store.LoadHead().Size || _holdsOnlyFor is not null)
        {
            return;
        }
        try
        {
            Snapshots.Save(_store, _views, Modules);
        }
        catch (StorageFullException)
        {
        }
    }

    /// <summary>The digest of every derived view and module state (equal digests, equal state).</summary>
    public string StateDigest() => _projector.Digest();

    /// <summary>The module of a type, if this deployment runs it.</summary>
    public T? Module<T>() where T : class, IModule => Modules.OfType<T>().FirstOrDefault();

    /// <summary>Makes an API token for a registered member. Only the token's SHA-256 is stored; the token is shown once.</summary>
    public string IssueToken(string memberId, TimeSpan lifetime)
    {
        var member = WithRegistry(r => r.FindMember(memberId)) ?? throw new ValidationException("member", $"'{memberId}' is not a member");
        var token = "truce_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _views.SaveToken(HashToken(token), new TokenRow(member.Id, member.Party, member.Roles, _time.GetUtcNow() + lifetime, false));
        return token;
    }

    /// <summary>Revokes an API token; false if no such token was issued. Takes effect at once in this process (and
    /// within the views' token cache lifetime in another process sharing the store).</summary>
    public bool RevokeToken(string token) => _views.RevokeToken(HashToken(token));

    /// <summary>The member a token was issued to (revoked or expired too), or null if this deployment issued no such token.</summary>
    public string? MemberOfToken(string token) => _views.FindToken(HashToken(token))?.Member;

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The caller a token stands for; throws if it is unknown, expired or revoked.</summary>
    public Caller Authenticate(string token)
    {
        var row = _views.FindToken(HashToken(token));
        if (row is null || row.Revoked || row.Expires < _time.GetUtcNow())
        {
            throw new RefusedException(RefusalKind.Unauthenticated, row is null ? "unknown API token" : row.Revoked ? "the API token was revoked" : "the API token has expired");
        }
        var member = WithRegistry(r => r.FindMember(row.Member));
        if (member is null || member.Removed)
        {
            throw new RefusedException(RefusalKind.Unauthenticated, "the token's member is no longer a member");
        }
        return new Caller(member.Id, member.Party, member.Roles.ToHashSet(), WithRegistry(r => r.IsMissionParty(member.Party)));
    }

    /// <summary>Stops the sequencer (every queued write is finished or refused) and saves the modules' snapshots; once only.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_sequencer is null)
        {
            return;
        }
        await _sequencer.DisposeAsync().ConfigureAwait(false);
        _sequencer = null;
        SaveSnapshots();
        _lock.Dispose();
    }
}
