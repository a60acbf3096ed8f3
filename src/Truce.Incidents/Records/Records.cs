using NetTopologySuite.Geometries;
using Truce.Core.Access;

namespace Truce.Incidents.Records;

/// <summary>What every record shares from its envelope: where it is in the log, who signed it, who may read it.</summary>
public abstract record Logged
{
    public required long Index { get; init; }
    public required string Party { get; init; }
    public required Visibility Visibility { get; init; }
    public required IReadOnlyList<string> To { get; init; }
    public required DateTimeOffset Time { get; init; }
}

public sealed record ClaimSource(string? Title, string? Outlet, DateTimeOffset? Date, string? Url);

/// <summary>
/// A statement by an actor that asserts, denies or attributes an incident, or states a general fact (SPEC §3.3).
/// Recorded as the actor said it, whoever logs it; never merged with the assessment.
/// </summary>
public sealed record Claim : Logged
{
    public required string ActorName { get; init; }
    public required string ActorKind { get; init; }
    /// <summary>The registered party the actor speaks for, if any (checked against the registry at admission).</summary>
    public string? ActorParty { get; init; }
    public required string Stance { get; init; }
    /// <summary>Whom the actor blames, in the actor's words: free text, never read as a party.</summary>
    public string? AttributedTo { get; init; }
    /// <summary>The registered party the attribution names, if it names one (checked against the registry at admission).</summary>
    public string? AttributedToParty { get; init; }
    public string? Fact { get; init; }
    public required string Quote { get; init; }
    public string? Language { get; init; }
    public required ClaimSource Source { get; init; }
    public bool Synthetic { get; init; }

    /// <summary>The incidents the claim is about, by the id each has in the book that holds it: a book that merges or
    /// re-correlates them holds a changed copy (records are shared by books and never change).</summary>
    public IReadOnlyList<long> Incidents { get; init; } = [];

    public static readonly string[] Stances = ["asserts", "denies", "attributes", "states"];
    public static readonly string[] ActorKinds = ["ministry", "official", "party", "military", "media", "mission", "organisation", "other"];
}

/// <summary>A restriction of the monitors' freedom of movement (SPEC §3.3): a patrol stopped, a drone jammed.</summary>
public sealed record Restriction : Logged
{
    public required string Kind { get; init; }
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public required double Lat { get; init; }
    public required double Lon { get; init; }
    public string? By { get; init; }
    public string? Team { get; init; }
    public required string Description { get; init; }
    public bool Synthetic { get; init; }

    public static readonly string[] Kinds = ["patrol-stopped", "access-refused", "delayed", "escort-imposed", "drone-jammed", "drone-fired-at",
        "monitors-threatened", "equipment-seized", "other"];
}

/// <summary>A message on the hotline between the parties and the mission, kept as the record of who said what when.</summary>
public sealed record HotlineMessage : Logged
{
    public required string Subject { get; init; }
    public required string Text { get; init; }
    public required string Urgency { get; init; }
    public long? ReplyTo { get; init; }
    public IReadOnlyList<long> Incidents { get; init; } = [];
    public bool Synthetic { get; init; }

    public static readonly string[] Urgencies = ["routine", "priority", "flash"];
}

/// <summary>A place the mission defines (checkpoint, observation post, the corridor, a settlement the shipped gazetteer
/// lacks), with each convention's names.</summary>
public sealed record MissionPlace : Logged
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required Geometry Geometry { get; init; }
    public required IReadOnlyDictionary<string, string> Names { get; init; }
    public string? ControlledBy { get; init; }
    public bool Synthetic { get; init; }

    /// <summary>A village or town: a point added to the book's gazetteer, which statements name (Correlator.Settlements).</summary>
    public const string Settlement = "settlement";

    public static readonly string[] Kinds = ["checkpoint", "observation-post", "base", "corridor", "crossing", "area", Settlement, "other"];
}
