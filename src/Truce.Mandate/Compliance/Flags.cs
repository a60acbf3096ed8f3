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
    public List<FlagResponse> Responses { get; } = [];

    /// <summary>Open until the party whose conduct it concerns acknowledges it; a contest keeps it open and says so.</summary>
    public bool Open => !Responses.Any(r => r.Response == "acknowledge" && r.Party == Party);
    public bool Contested => Responses.Any(r => r.Response == "contest");
}
