using Truce.Core.Entries;
using Truce.Storage.Postgres;

namespace Truce.Server.Hosting;

/// <summary>The writer of a log kept in PostgreSQL: the holder of the database's writer lease
/// (<see cref="PostgresWriterLease"/>), whichever folder or machine it runs from.</summary>
public sealed class PostgresWriterLock(PostgresDatabase db) : IWriterLock
{
    readonly PostgresWriterLease _lease = new(db);

    public bool Held => _lease.Held;

    public void Take(string holder)
    {
        if (!TryTake(holder, null))
        {
            var who = _lease.Writer()?.Holder ?? "another process";
            throw new RefusedException(RefusalKind.Conflict,
                $"{db.Location} is being written by {who}: send writes through it (e.g. --server URL), or stop it first");
        }
    }

    // A replica cannot hold the lease (its sessions are read-only): its server follows the writer for good.
    public bool TryTake(string holder, string? url) => !db.ReadOnly && _lease.TryTake(holder, url);

    public bool StillHeld() => _lease.StillHeld();

    public string? WriterUrl() => _lease.Writer()?.Url;

    public void Dispose() => _lease.Dispose();
}
