using NetTopologySuite.Geometries;

namespace Truce.Mandate.Agreements;

/// <summary>
/// A typed rule of a provision (SPEC §3.6): what it permits, limits, requires by when, or who must consent.
/// One record with a <see cref="Type"/> rather than a class per rule, so that rules stay plain data that every party
/// can read in the entry and the engine reads the same way.
/// </summary>
public sealed record Rule
{
    /// <summary>permits | deadline | limit | consent | corridor | term | ceasefire.</summary>
    public required string Type { get; init; }
    public IReadOnlyList<string> Activities { get; init; } = [];
    public IReadOnlyList<string> Actors { get; init; } = [];
    /// <summary>For permits: a corridor id the activity must be within, or an area.</summary>
    public string? Corridor { get; init; }
    public Geometry? Area { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Until { get; init; }
    /// <summary>For deadline: when, and the activity kind that shows it was met.</summary>
    public DateTimeOffset? Due { get; init; }
    public string? MetBy { get; init; }
    /// <summary>For limit: the measure (troops, apcs, vehicles) and its ceiling.</summary>
    public string? Measure { get; init; }
    public double? Max { get; init; }
    /// <summary>For consent: the categories of people it covers (empty: every movement) and whose consent it needs.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> ConsentBy { get; init; } = [];
    /// <summary>For corridor: the corridor's width; for term: years and notice.</summary>
    public double? WidthKm { get; init; }
    public double? Years { get; init; }
    public double? NoticeMonths { get; init; }
}

public sealed record Provision(string Number, string Text, IReadOnlyList<string> Actors, IReadOnlyList<Rule> Rules)
{
    /// <summary>The entries that amended this provision, oldest first (the provision holds the latest text and rules).
    /// An amendment makes a new provision rather than change this one, which other books may hold too.</summary>
    public IReadOnlyList<long> AmendedBy { get; init; } = [];
}

/// <summary>
/// An agreement in force (the mission logs it) or a party's draft mandate (any party proposes one, the others accept
/// or reject it, signed). Drafts are evaluated side by side with the agreement in force, never merged into it.
/// </summary>
public sealed class Agreement(string id, long index, string title, string proposedBy, bool draft)
{
    public string Id { get; } = id;
    public long Index { get; } = index;
    public string Title { get; } = title;
    public string ProposedBy { get; } = proposedBy;
    public bool Draft { get; } = draft;
    public Dictionary<string, Provision> Provisions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (string Decision, string? Reason, long Index)> Responses { get; } = new(StringComparer.Ordinal);

    public IEnumerable<(Provision Provision, Rule Rule)> Rules(string type) =>
        Provisions.Values.SelectMany(p => p.Rules.Where(r => r.Type == type).Select(r => (p, r)));
}

/// <summary>A corridor's route and width over a period; a new route is a new entry with the same id and a later start.</summary>
public sealed record Corridor(string Id, long Index, Geometry Route, double WidthKm, string? ControlledBy, DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil, bool Approximate, bool Synthetic);

public sealed record Checkpoint(string Id, long Index, double Lat, double Lon, string? Corridor, string? ControlledBy, string Name, bool Synthetic);
