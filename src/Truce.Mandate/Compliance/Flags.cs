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
public sealed record Flag(long Index, string Code, string Party, IReadOnlyList<long> Entries, DateTimeOffset Time, string Summary, IReadOnlyList<Verdict> Verdicts)
{
    /// <summary><c>F-&lt;index&gt;-&lt;code&gt;</c>: the entry that raised it and what it found. Put together when asked
    /// for, since a large book holds a million flags.</summary>
    public string Id => $"F-{Index}-{Code}";

    /// <summary>The entry index and code of a flag id, or false if it is not one.</summary>
    public static bool TryParseId(string id, out long index, out string code)
    {
        (index, code) = (0, "");
        var dash = id.Length > 2 && id.StartsWith("F-", StringComparison.Ordinal) ? id.IndexOf('-', 2) : -1;
        if (dash < 0 || !long.TryParse(id.AsSpan(2, dash - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index))
        {
            return false;
        }
        code = id[(dash + 1)..];
        return code.Length > 0;
    }

    List<FlagResponse>? _responses; // most flags are never answered

    public IReadOnlyList<FlagResponse> Responses => _responses ?? (IReadOnlyList<FlagResponse>)[];

    public void Answer(FlagResponse r) => (_responses ??= []).Add(r);

    /// <summary>Open until the party whose conduct it concerns acknowledges it; a contest keeps it open and says so.</summary>
    public bool Open => _responses is null || !_responses.Exists(r => r.Response == "acknowledge" && r.Party == Party);
    public bool Contested => _responses is not null && _responses.Exists(r => r.Response == "contest");
}

/// <summary>A provision's own flags (breaches and allowances, by the entries that raised them) and the activities that
/// cite it, in log order, kept as entries arrive.</summary>
public sealed class ProvisionRecord
{
    public List<Flag> Breaches { get; } = [];
    public List<Flag> Allowed { get; } = [];
    public List<Movements.Activity> Cited { get; } = [];
}

/// <summary>Flags by entry and code (their id, without holding a million id strings).</summary>
public sealed class FlagIndex
{
    readonly Dictionary<(long Index, string Code), Flag> _flags = [];

    public int Count => _flags.Count;
    public IEnumerable<Flag> Values => _flags.Values;

    public bool TryAdd(Flag flag) => _flags.TryAdd((flag.Index, flag.Code), flag);

    public Flag? GetValueOrDefault(string id) => Flag.TryParseId(id, out var index, out var code) ? _flags.GetValueOrDefault((index, code)) : null;

    public bool ContainsKey(string id) => GetValueOrDefault(id) is not null;

    public Flag this[string id] => GetValueOrDefault(id) ?? throw new KeyNotFoundException($"no flag {id}");

    public void Clear() => _flags.Clear();
}
