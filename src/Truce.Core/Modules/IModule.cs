using System.Text.Json;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Modules;

/// <summary>
/// A capability built on the ledger (incidents, mine action, movements): a set of entry kinds, the rules their bodies
/// follow, and the state derived from them. The ledger service knows modules only through this interface.
/// </summary>
/// <remarks>
/// A module's state is a pure function of the log: <see cref="Apply"/> is called for every committed entry of its
/// kinds, in log order, at start-up, live, and on rebuild, so the same log always yields the same state
/// (<see cref="Digest"/> shows it). <see cref="Apply"/> must never throw for an entry that <see cref="Check"/>
/// admitted: what an earlier entry in the same batch changed is handled there, not refused.
/// </remarks>
public interface IModule
{
    string Name { get; }

    /// <summary>The kinds this module defines, each with the roles any one of which lets a member submit it.</summary>
    IReadOnlyDictionary<string, IReadOnlySet<string>> Kinds { get; }

    /// <summary>Checks a body before admission (on the sequencer's thread, in log order). Throws
    /// <see cref="Entries.ValidationException"/> naming the field, or <see cref="Entries.RefusedException"/>.</summary>
    void Check(long index, Envelope env, JsonElement body, Registry registry);

    /// <summary>Applies a committed entry. <paramref name="body"/> is null when the body was erased or withheld.</summary>
    void Apply(long index, Envelope env, JsonElement? body, Registry registry);

    /// <summary>Forgets all derived state (before a replay).</summary>
    void Reset();

    /// <summary>SHA-256 over the derived state in a fixed order: equal digests, equal state.</summary>
    string Digest();
}
