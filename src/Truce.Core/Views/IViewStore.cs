using Truce.Core.Access;

namespace Truce.Core.Views;

/// <summary>One entry as the views hold it: the envelope's fields, for filtering without parsing leaves.</summary>
public sealed record EntryRow(long Index, string Kind, string Party, string Key, Visibility Visibility, IReadOnlyList<string> To,
    string Time, string Cid, string Digest, long? Amends, long? Retracts, bool Erased);

/// <summary>
/// What a module's snapshot reflects: the log's size and root hash when it was taken (hex), its format, and the
/// SHA-256 of its bytes (hex).
/// </summary>
public sealed record SnapshotHeader(int Format, long Size, string Root, string Sha256);

/// <summary>An API token's record. Only the SHA-256 of the token is stored.</summary>
public sealed record TokenRow(string Member, string Party, IReadOnlyList<string> Roles, DateTimeOffset Expires, bool Revoked);

/// <summary>
/// The derived views (everything but the ledger itself) and the credentials. Implementations: SQLite and
/// PostgreSQL. Views are a pure function of the log: <see cref="Reset"/> then re-applying every entry
/// must give the same <see cref="Digest"/>. Credentials are not derived and survive a reset.
/// </summary>
public interface IViewStore
{
    /// <summary>How many log entries the views reflect (the next index to apply).</summary>
    long AppliedThrough();

    /// <summary>
    /// Applies entries and moves the watermark, atomically. Durable by the log's next commit at the latest, not
    /// necessarily when it returns: views are derived, so after a crash they may lag the log (never lead it), and
    /// catch-up at start-up re-applies the rest.
    /// </summary>
    void Apply(IReadOnlyList<EntryRow> entries, long appliedThrough);

    void MarkErased(long index);

    void Reset();

    EntryRow? Get(long index);

    /// <summary>Entries after an index, oldest first, that the reader may see, optionally of one kind.</summary>
    IReadOnlyList<EntryRow> List(Reader reader, long after, int limit, string? kind = null);

    /// <summary>How many entries the reader may see, optionally of one kind: what <see cref="List"/> would return in all.
    /// A store should keep this as it applies entries; this fallback walks every page.</summary>
    long Count(Reader reader, string? kind = null)
    {
        long n = 0;
        for (var after = -1L; List(reader, after, 1000, kind) is { Count: > 0 } page; after = page[^1].Index)
        {
            n += page.Count;
        }
        return n;
    }

    /// <summary>The entry a party already logged under a client id, if any.</summary>
    EntryRow? FindByCid(string party, string cid);

    /// <summary>
    /// The indexes of the entries already logged under any of these (party, client id) pairs; pairs not logged are
    /// absent. The sequencer's admission asks once per batch rather than once per entry.
    /// </summary>
    IReadOnlyDictionary<(string Party, string Cid), long> FindIndexesByCid(IReadOnlyCollection<(string Party, string Cid)> ids);

    /// <summary>SHA-256 over every view row in a fixed order: equal digests, equal views.</summary>
    string Digest();

    /// <summary>
    /// A module's saved state (<see cref="Modules.ISnapshotModule"/>), or null. Snapshots are kept beside the views but
    /// are not part of them (not in <see cref="Digest"/>): <see cref="Reset"/> deletes them, as every erasure must
    /// (a module's state may hold what was erased).
    /// </summary>
    (SnapshotHeader Header, byte[] Payload)? LoadSnapshot(string module);

    SnapshotHeader? FindSnapshot(string module);

    void SaveSnapshot(string module, SnapshotHeader header, byte[] payload);

    void DeleteSnapshots();

    void SaveToken(string tokenHash, TokenRow row);

    /// <summary>A token's record; it may be a few seconds stale for a change made by another process (see the store).</summary>
    TokenRow? FindToken(string tokenHash);

    bool RevokeToken(string tokenHash);

    /// <summary>Every credential, by token hash (a copy of the store into another: a migration, a backup).</summary>
    IReadOnlyList<(string Hash, TokenRow Row)> AllTokens();
}
