using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Modules;

/// <summary>
/// What an entry kind knows of the entry it reads or applies. <see cref="Strings"/> keeps one copy of the short ids
/// records repeat (parties, checkpoints), shared by the module's books; <see cref="Memo"/> is the work the books that
/// see this entry share (see <see cref="EntryMemo"/>).
/// </summary>
/// <remarks>Nothing here says who the author is beyond the envelope: a body must read the same at admission and on
/// every replay, and what the author may do was settled at admission (<see cref="CheckContext"/>).</remarks>
public readonly record struct EntryContext(long Index, Envelope Envelope, StringPool Strings, EntryMemo Memo)
{
    public string Party => Envelope.Party;
}

/// <summary>What an admission check knows besides the entry: the registry as it stands, and so whether the author is
/// the mission.</summary>
public readonly record struct CheckContext(long Index, Envelope Envelope, Registry Registry)
{
    public string Party => Envelope.Party;

    public bool ByMission => Registry.IsMissionParty(Envelope.Party);
}
