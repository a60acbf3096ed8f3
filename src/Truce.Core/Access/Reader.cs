using Truce.Core.Views;
using Truce.Ledger.Entries;

namespace Truce.Core.Access;

/// <summary>Who is reading: anonymous (public only), or a member of a party (mission and own-party entries too).</summary>
public sealed record Reader(string? Party, bool IsMission = false)
{
    public static readonly Reader Anonymous = new((string?)null);

    /// <summary>The deployment's own mission party (its id is "mission" in every deployment <c>truce init</c> makes).</summary>
    public static readonly Reader Mission = new("mission", IsMission: true);

    public bool CanSee(EntryRow e) => CanSee(e.Visibility, e.Party, e.To);

    public bool CanSee(Envelope e) => CanSee(e.Visibility, e.Party, e.To);

    /// <summary>SPEC §3.2: public to all; mission to every party; party to the author's party and the mission's
    /// parties; restricted to the named parties (and the author's).</summary>
    public bool CanSee(Visibility vis, string author, IReadOnlyList<string> to) => vis switch
    {
        Visibility.Public => true,
        Visibility.Mission => Party is not null,
        Visibility.Party => Party == author || IsMission,
        _ => Party is not null && (Party == author || to.Contains(Party)),
    };
}
