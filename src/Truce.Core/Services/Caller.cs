using Truce.Core.Access;

namespace Truce.Core.Services;

/// <summary>An authenticated member, as its API token says.</summary>
public sealed record Caller(string Member, string Party, IReadOnlySet<string> Roles, bool IsMissionParty)
{
    public Reader AsReader => new(Party, IsMissionParty);
}

/// <summary>What a reader gets of one entry: the envelope always (it is in the public tiles anyway, if the
/// reader may see the entry at all), the body only when it is there to give.</summary>
public sealed record EntryView(long Index, string Envelope, string? Body, string BodyState);
