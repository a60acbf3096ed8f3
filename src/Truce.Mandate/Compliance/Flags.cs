using Truce.Core.Views;
using Truce.Ledger.Entries;

namespace Truce.Mandate.Compliance;

/// <summary>
/// What one framework (the agreement in force, or one party's draft mandate) says about a movement or activity:
/// breach, allowed, or no rule. Verdicts of different frameworks are kept side by side, never merged.
/// </summary>
public sealed record Verdict(string Framework, bool Draft, string Outcome, string? Provision, string Why)
{
    public const string Breach = "breach";
    public const string Allowed = "allowed";
    public const string NoRule = "no-rule";
    public const string AtRisk = "at-risk";
    public const string Kept = "kept";
}

public sealed record FlagResponse(long Index, string Party, string Response, string Reason, DateTimeOffset Time);

/// <summary>
/// A compliance flag: which rule, which entries, and why, with each framework's verdict. Its id is derived from the
/// entry that raised it and its code, so a rebuild raises the same flags with the same ids.
/// </summary>
public sealed record Flag(string Id, string Code, string Party, IReadOnlyList<long> Entries, DateTimeOffset Time, string Summary, IReadOnlyList<Verdict> Verdicts)
{
    List<FlagResponse>? _responses; // most flags are never answered

    public IReadOnlyList<FlagResponse> Responses => _responses ?? (IReadOnlyList<FlagResponse>)[];

    public void Answer(FlagResponse r) => (_responses ??= []).Add(r);

    /// <summary>The visibility of each entry behind the flag that is not public, taken when it was raised; null when all
    /// are public. A reader sees the flag only if it may see every entry behind it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Audience>? Restricted { get; init; }

    public bool VisibleTo(Reader reader) => Restricted is null || Restricted.All(a => reader.CanSee(a.Visibility, a.Party, a.To));

    /// <summary>The entry that raised it (its id is <c>F-&lt;index&gt;-&lt;code&gt;</c>): flags are listed in log order and paged by it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Index => long.Parse(Id.AsSpan(2, Id.IndexOf('-', 2) - 2), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Open until the party whose conduct it concerns acknowledges it; a contest keeps it open and says so.</summary>
    public bool Open => _responses is null || !_responses.Exists(r => r.Response == "acknowledge" && r.Party == Party);
    public bool Contested => _responses is not null && _responses.Exists(r => r.Response == "contest");
}

/// <summary>Who may see an entry: its visibility, author party and named readers.</summary>
public readonly record struct Audience(Visibility Visibility, string Party, IReadOnlyList<string> To)
{
    public static IReadOnlyList<Audience>? Of(params ReadOnlySpan<Audience?> entries)
    {
        List<Audience>? list = null;
        foreach (var e in entries)
        {
            if (e is { Visibility: not Visibility.Public } a)
            {
                (list ??= []).Add(a);
            }
        }
        return list;
    }
}

/// <summary>A provision's own flags (breaches and allowances, by the entries that raised them) and the activities that
/// cite it, in log order, kept as entries arrive.</summary>
public sealed class ProvisionRecord
{
    public List<Flag> Breaches { get; } = [];
    public List<Flag> Allowed { get; } = [];
    public List<Movements.Activity> Cited { get; } = [];
}
