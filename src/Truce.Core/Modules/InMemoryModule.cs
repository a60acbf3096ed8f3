using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Modules;

/// <summary>A module's derived state for one audience class, applied in log order on one thread and read by many.</summary>
public interface IModuleBook
{
    void Check(long index, Envelope env, JsonElement body, Registry registry);
    void Apply(long index, Envelope env, JsonElement? body);

    /// <summary>Applies an entry with what other audience classes' books made of it already (see <see cref="EntryMemo"/>).</summary>
    void Apply(long index, Envelope env, JsonElement? body, EntryMemo memo) => Apply(index, env, body);

    string Digest();
}

/// <summary>
/// A module whose state lives in memory, one book per audience class, behind a reader/writer lock: the sequencer's
/// thread checks and applies, request threads read a consistent state through <see cref="Read{T}"/>, which hands
/// a query the reader's book and no other (the only way in, so no view can forget whose state it shows).
/// </summary>
public abstract class InMemoryModule<TBook>(string name, IReadOnlyDictionary<string, IReadOnlySet<string>> kinds, Func<TBook> create) : IModule
    where TBook : IModuleBook
{
    readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.SupportsRecursion);
    readonly List<TBook> _books = [create()];
    readonly KindDispatch<TBook>? _dispatch;

    /// <summary>A module that declares its kinds (<see cref="EntryKind{TBook, TBody}"/>): its entries are checked and
    /// applied through them, each body read once for its admission, its commit and every book it reaches, and the
    /// books' own <see cref="IModuleBook.Check"/> and <see cref="IModuleBook.Apply(long, Envelope, JsonElement?)"/>
    /// are not called.</summary>
    protected InMemoryModule(ModuleKinds<TBook> kinds, Func<TBook> create) : this(kinds.Module, kinds.Roles, create) => _dispatch = new(kinds);

    public string Name => name;

    public IReadOnlyDictionary<string, IReadOnlySet<string>> Kinds => kinds;

    public Audiences Audiences { get; } = new();

    public void Check(long index, Envelope env, JsonElement body, Registry registry) =>
        Read(new Reader(env.Party, registry.IsMissionParty(env.Party)), b =>
        {
            if (_dispatch is { } d)
            {
                d.Check(b, index, env, body, registry);
            }
            else
            {
                b.Check(index, env, body, registry);
            }
            return true;
        });

    public void Apply(long index, Envelope env, JsonElement? body, IReadOnlyList<int> classes) => Write(() =>
    {
        try
        {
            var memo = new EntryMemo();
            foreach (var c in classes)
            {
                if (_dispatch is { } d)
                {
                    d.Apply(_books[c], index, env, body, memo);
                }
                else
                {
                    _books[c].Apply(index, env, body, memo);
                }
            }
        }
        catch (Exception e) when (e is not ModuleFailedException)
        {
            throw new ModuleFailedException(name, index, e);
        }
    });

    public void NewBook(int cls) => Write(() =>
    {
        while (_books.Count <= cls)
        {
            _books.Add(create());
        }
        _books[cls] = create();
    });

    public void Reset() => Write(() =>
    {
        Audiences.Reset();
        _books.Clear();
        _dispatch?.Clear();
        Forget();
        _books.Add(create());
    });

    public virtual IReadOnlyList<FeatureLayer> Layers => [];

    public virtual ModuleSummary? Summarise(Reader reader, IModuleHost host) => null;

    public virtual IReadOnlyList<ReportSection> Report(Reader reader, IModuleHost host, ReportPeriod period) => [];

    public virtual Task LoadDemoAsync(IDemoWriter demo) => Task.CompletedTask;

    /// <summary>What a module keeps besides its books (state the books share) is forgotten with them.</summary>
    protected virtual void Forget()
    {
    }

    /// <summary>Every book's digest, in class order.</summary>
    public string Digest() => Locked(() =>
    {
        var all = new StringBuilder();
        for (int c = 0; c < _books.Count; c++)
        {
            all.Append(c).Append(' ').Append(_books[c].Digest()).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())));
    });

    /// <summary>Answers <paramref name="query"/> from the book of <paramref name="reader"/>'s audience class.</summary>
    public T Read<T>(Reader reader, Func<TBook, T> query) => Locked(() => query(_books[Audiences.ClassOf(reader)]));

    /// <summary>The books in class order, for saving a snapshot (under the read lock).</summary>
    protected T ReadAll<T>(Func<IReadOnlyList<TBook>, T> query) => Locked(() => query(_books));

    /// <summary>Replaces every book (loading a snapshot).</summary>
    protected void ReplaceAll(IReadOnlyList<TBook> books) => Write(() =>
    {
        _books.Clear();
        _books.AddRange(books);
    });

    T Locked<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    void Write(Action change)
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
}
