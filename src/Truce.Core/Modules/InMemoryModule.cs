using System.Text.Json;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Modules;

/// <summary>A module's derived state, applied in log order on one thread and read by many.</summary>
public interface IModuleBook
{
    void Check(long index, Envelope env, JsonElement body, Registry registry);
    void Apply(long index, Envelope env, JsonElement? body);
    void Reset();
    string Digest();
}

/// <summary>
/// A module whose state lives in memory behind a reader/writer lock: the sequencer's thread checks and applies,
/// request threads read a consistent state through <see cref="Read{T}"/>.
/// </summary>
public abstract class InMemoryModule<TBook>(string name, IReadOnlyDictionary<string, IReadOnlySet<string>> kinds, TBook book) : IModule
    where TBook : IModuleBook
{
    readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);

    public string Name => name;

    public IReadOnlyDictionary<string, IReadOnlySet<string>> Kinds => kinds;

    public void Check(long index, Envelope env, JsonElement body, Registry registry) => Read(b =>
    {
        b.Check(index, env, body, registry);
        return true;
    });

    public void Apply(long index, Envelope env, JsonElement? body, Registry registry) => Write(b => b.Apply(index, env, body));

    public void Reset() => Write(b => b.Reset());

    public string Digest() => Read(b => b.Digest());

    public T Read<T>(Func<TBook, T> query)
    {
        _lock.EnterReadLock();
        try
        {
            return query(book);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    protected void Write(Action<TBook> change)
    {
        _lock.EnterWriteLock();
        try
        {
            change(book);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
