using Truce.Ledger.Entries;

namespace Truce.Mandate.Movements;

public sealed record Headcount(string Category, int Count);

/// <summary>A party's announcement of a movement (who, vehicles, purpose, route, dates). Personal data stays in the
/// entry's body and is read under its visibility; the engine needs only categories and counts.</summary>
public sealed record Notice(long Index, string Party, Visibility Visibility, IReadOnlyList<string> To, string Id, IReadOnlyList<Headcount> People,
    int Vehicles, string Purpose, string? Corridor, DateTimeOffset From, DateTimeOffset Until, DateTimeOffset? AnswerBy, bool Synthetic)
{
    /// <summary>People going to stay (residents returning home): no return is expected, so no overstay.</summary>
    public bool OneWay { get; init; }

    public Dictionary<string, (bool Given, string? Reason, long Index, DateTimeOffset Time)> Consents { get; } = new(StringComparer.Ordinal);
    public IEnumerable<string> Categories => People.Select(p => p.Category).Distinct();
}

public sealed record Transit(long Index, string Party, Visibility Visibility, IReadOnlyList<string> To, string Checkpoint, string Direction,
    DateTimeOffset Time, long? Notice, string? Mover, IReadOnlyList<Headcount> People, int Vehicles, string? Cargo, double? Lat, double? Lon, bool Synthetic)
{
    /// <summary>The notice was found by the engine (mover, window, corridor, people), not named by the officer.</summary>
    public bool MatchedNotice { get; init; }
}

/// <summary>An activity of the force or a party (patrol, escort, demining, construction …) with the provision it
/// claims as authority.</summary>
public sealed record Activity(long Index, string Party, Visibility Visibility, IReadOnlyList<string> To, string Kind, string Actor,
    NetTopologySuite.Geometries.Geometry Where, DateTimeOffset Start, DateTimeOffset End, string? Agreement, string? Provision,
    IReadOnlyDictionary<string, double> Counts, string? Description, bool Synthetic);
