using NetTopologySuite.Geometries;
using Truce.Core.Access;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Reports;

/// <summary>An estimate given as low / best / high (counts of explosions, casualties), as monitors record them; best is
/// null when the reporter gave only a range.</summary>
public sealed record Estimate(double Low, double? Best, double High);

public sealed record Perception(string Kind, string? Assessment, string Sense, double? Direction, Estimate? Count);

public sealed record Casualties(string Side, string Status, Estimate? Killed, Estimate? Injured);

/// <summary>Where the observer stood and what they judged: bearing (degrees from north) ± error, distance band (km).</summary>
public sealed record Observer(string? Id, double Lat, double Lon, double? Bearing, double BearingError, double? MinKm, double? MaxKm)
{
    public bool HasRay => Bearing is not null && MinKm is not null && MaxKm is not null;
}

public sealed record Evidence(string Digest, string? MediaType, string? Description);

/// <summary>
/// One source's observation (SPEC §3.3), as its signed body says, plus the envelope's facts (index, party,
/// visibility). Immutable: retraction and correlation are state kept beside it.
/// </summary>
public sealed record Report
{
    public required long Index { get; init; }

    /// <summary>The client's id for the report (the envelope's <c>cid</c>), by which its author finds it again.</summary>
    public required string Cid { get; init; }
    public required string Party { get; init; }
    public required Visibility Visibility { get; init; }
    public required IReadOnlyList<string> To { get; init; }
    public required DateTimeOffset Logged { get; init; }
    public required string Category { get; init; }
    public required string Type { get; init; }
    public required IReadOnlyList<Perception> Perceptions { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public required string TimePrecision { get; init; }
    public Geometry? Location { get; init; }
    public string? LocationPrecision { get; init; }
    public double? RadiusM { get; init; }
    public string? Place { get; init; }
    public string? LocationText { get; init; }
    public Observer? Observer { get; init; }
    public required IReadOnlyDictionary<string, Estimate> Counts { get; init; }
    public string? Weapon { get; init; }
    public required IReadOnlyList<Casualties> Casualties { get; init; }
    public string? Damage { get; init; }
    public required string SourceKind { get; init; }
    public string? SourceId { get; init; }

    /// <summary>The dataset a <c>dataset</c> report comes from ("UCDP GED", "ACLED"), and its row as written.</summary>
    public string? SourceName { get; init; }
    public IReadOnlyDictionary<string, string>? SourceFields { get; init; }
    public required IReadOnlyList<Evidence> Evidence { get; init; }
    public required string Confidence { get; init; }
    public string? Description { get; init; }
    public bool Synthetic { get; init; }

    /// <summary>Where the report puts the event, as a distribution (location and bearing fused).</summary>
    public required Gaussian Estimate { get; init; }

    /// <summary>Who saw it: reports from one source are not independent confirmations of each other. A report
    /// that names no source id (a statement, an article) is its own source. Made once: correlation asks for it for
    /// every candidate it scores. The cache is a field of the record, so a report must not be copied with <c>with</c>
    /// (the copy would keep the old key) nor hashed by value before and after it is first read; nothing does either.</summary>
    public string SourceKey => field ??= (SourceId ?? Observer?.Id) is { } id ? $"{Party}/{SourceKind}/{id}" : $"{Party}/{SourceKind}/#{Index}";
}
