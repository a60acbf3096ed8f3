using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Modules;

/// <summary>
/// A capability built on the ledger (incidents, mine action, movements): a set of entry kinds, the rules their bodies
/// follow, and the state derived from them. The ledger service knows modules only through this interface.
/// </summary>
/// <remarks>
/// <para>A module's state is a pure function of the log: <see cref="Apply"/> is called for every committed entry of its
/// kinds, in log order, at start-up, live, and on rebuild, so the same log always yields the same state
/// (<see cref="Digest"/> shows it). <see cref="Apply"/> must never throw for an entry that <see cref="Check"/>
/// admitted: what an earlier entry in the same batch changed is handled there, not refused.</para>
/// <para>The state is kept per audience class of the module's own entries (<see cref="Audiences"/>): one book per
/// class, each holding only the entries that class may see. An entry is applied to the books of the classes that see it, an admission check runs
/// against the author's book (so a reference to something the author may not see fails exactly as one to nothing),
/// and a read is answered from the reader's book.</para>
/// </remarks>
public interface IModule
{
    string Name { get; }

    /// <summary>The kinds this module defines, each with the roles any one of which lets a member submit it.</summary>
    IReadOnlyDictionary<string, IReadOnlySet<string>> Kinds { get; }

    /// <summary>Readers grouped by which of this module's entries they may see: one book per class.</summary>
    Audiences Audiences { get; }

    /// <summary>Checks a body before admission (on the sequencer's thread, in log order), against what the author may
    /// see. Throws <see cref="Entries.ValidationException"/> naming the field, or <see cref="Entries.RefusedException"/>.</summary>
    void Check(long index, Envelope env, JsonElement body, Registry registry);

    /// <summary>Applies a committed entry to the books of <paramref name="classes"/>. <paramref name="body"/> is null
    /// when the body was erased or withheld.</summary>
    void Apply(long index, Envelope env, JsonElement? body, IReadOnlyList<int> classes);

    /// <summary>Gives audience class <paramref name="cls"/> a new, empty book, which the caller then fills by
    /// applying the log as that class sees it.</summary>
    void NewBook(int cls);

    /// <summary>Forgets all derived state (before a replay): one empty book, for the one class a log starts with.</summary>
    void Reset();

    /// <summary>SHA-256 over the derived state in a fixed order: equal digests, equal state.</summary>
    string Digest();

    /// <summary>The feature collections this module serves (map layers, exports), each read from the reader's book.</summary>
    IReadOnlyList<FeatureLayer> Layers { get; }

    /// <summary>What this module tells <paramref name="reader"/> on the home page; null when it has nothing to say.</summary>
    ModuleSummary? Summarise(Reader reader, IModuleHost host);

    /// <summary>What this module puts in a situation report for <paramref name="reader"/> (SPEC §3.8): events to count,
    /// and lists of what happened in the period; empty when it has nothing to report.</summary>
    IReadOnlyList<ReportSection> Report(Reader reader, IModuleHost host, ReportPeriod period);

    /// <summary>Writes this module's synthetic demo data (SPEC §4), after the parties and the modules before it.</summary>
    Task LoadDemoAsync(IDemoWriter demo);
}

/// <summary>
/// A module threw while applying an admitted entry: a bug, never bad input (a module refuses bad input at admission, and
/// skips, with a <see cref="Entries.ValidationException"/>, an entry whose target its book lacks). The deployment
/// then stops: start-up refuses to open, and a live server refuses writes and fails its health check until the
/// modules replay the log cleanly.
/// </summary>
public sealed class ModuleFailedException(string module, long index, Exception inner)
    : Exception($"the {module} module failed on entry {index}: {inner.Message}", inner)
{
    public string Module { get; } = module;
    public long Index { get; } = index;
}
