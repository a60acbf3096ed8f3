using System.Text.Json;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Incidents;

/// <summary>
/// The incidents capability as a ledger module: reports, correlation, verification, claims, restrictions of
/// movement, hotline, mission places. State lives in memory (rebuilt from the log at start-up) behind a
/// reader/writer lock: the sequencer's thread writes, request threads read.
/// </summary>
public sealed class IncidentsModule : IModule
{
    readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);
    readonly IncidentBook _book = new();

    public string Name => "incidents";

    public IReadOnlyDictionary<string, IReadOnlySet<string>> Kinds => IncidentKinds.All;

    public void Check(long index, Envelope env, JsonElement body, Registry registry) => Read(b =>
    {
        b.Check(index, env, body, registry);
        return true;
    });

    public void Apply(long index, Envelope env, JsonElement? body, Registry registry)
    {
        _lock.EnterWriteLock();
        try
        {
            _book.Apply(index, env, body);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Reset()
    {
        _lock.EnterWriteLock();
        try
        {
            _book.Reset();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public string Digest() => Read(b => b.Digest());

    /// <summary>Runs a query against a consistent state.</summary>
    public T Read<T>(Func<IncidentBook, T> query)
    {
        _lock.EnterReadLock();
        try
        {
            return query(_book);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
