using NetTopologySuite.Geometries;
using Truce.MineAction.Records;
using Truce.Spatial;

namespace Truce.MineAction.Hazards;

/// <summary>An item of evidence that an area is contaminated (IMAS 08.10), with how far it can be relied on.</summary>
public sealed record EvidenceItem(string Type, string Reliability, string? Note, DateTimeOffset? Date)
{
    public bool Direct => Vocabulary.DirectEvidence.Contains(Type);
}

/// <summary>An entry that created or supports a hazard: a minefield record, an accident, a survey, a report.</summary>
public sealed record SourceRef(string Kind, string Ref);

/// <summary>One step of a hazard's history: what changed, by which entry, and why.</summary>
public sealed record HazardEvent(long Index, DateTimeOffset Time, string Party, string What, string? Reason);

/// <summary>
/// A suspected or confirmed hazardous area. Its perimeter is as surveyed; its remaining area shrinks (and may split)
/// as land is cancelled, reduced and cleared, and the hazard closes when nothing remains. Once a book holds a hazard it
/// is not changed: a change is made to a <see cref="Copy"/> (several audience classes' books may hold one object).
/// </summary>
public sealed class Hazard
{
    public required string Id { get; init; }
    public required Origin Origin { get; init; }
    public string Type { get; set; } = "SHA";
    public string? Name { get; set; }
    public string? District { get; set; }
    public required double BenchmarkLat { get; set; }
    public required double BenchmarkLon { get; set; }

    /// <summary>The benchmark was derived from the perimeter, not surveyed: a deminer cannot navigate from it.</summary>
    public bool BenchmarkDerived { get; init; }
    public required Geometry Perimeter { get; set; }
    public double EstimatedM2 { get; set; }

    /// <summary>What is still hazardous, in WGS 84 and on the plane (for overlay and distance).</summary>
    public required Geometry Remaining { get; set; }
    public required Geometry? RemainingPlane { get; set; }
    public required MetricShape Shape { get; set; }
    public double RemainingM2 { get; set; }

    public string Status { get; set; } = "open";
    public SortedSet<string> Devices { get; } = new(StringComparer.Ordinal);
    public List<EvidenceItem> Evidence { get; } = [];
    public SortedSet<string> Blockages { get; } = new(StringComparer.Ordinal);
    public int? Beneficiaries { get; set; }
    public List<SourceRef> Sources { get; } = [];
    public List<HazardEvent> History { get; } = [];
    public Dictionary<string, double> ReleasedM2 { get; } = new(StringComparer.Ordinal);

    /// <summary>What its source says was released before the hazard was recorded here (also counted in <see cref="ReleasedM2"/>).</summary>
    public IReadOnlyDictionary<string, double> ReleasedBefore { get; init; } = NoRelease;

    /// <summary>The <see cref="ReleasedBefore"/> of most hazards, shared.</summary>
    public static readonly IReadOnlyDictionary<string, double> NoRelease = new Dictionary<string, double>();
    public List<string> Activities { get; } = [];
    public bool Synthetic { get; init; }

    public int Parts => Remaining.IsEmpty ? 0 : Remaining.NumGeometries;

    /// <summary>A copy to change: every property and collection (geometries are shared: they are never changed).
    /// A property added above must be copied here; <c>HazardCopyTests</c> fails when one is not.</summary>
    public Hazard Copy()
    {
        var c = new Hazard
        {
            Id = Id,
            Origin = Origin,
            Type = Type,
            Name = Name,
            District = District,
            BenchmarkLat = BenchmarkLat,
            BenchmarkLon = BenchmarkLon,
            BenchmarkDerived = BenchmarkDerived,
            ReleasedBefore = ReleasedBefore,
            Perimeter = Perimeter,
            EstimatedM2 = EstimatedM2,
            Remaining = Remaining,
            RemainingPlane = RemainingPlane,
            Shape = Shape,
            RemainingM2 = RemainingM2,
            Status = Status,
            Beneficiaries = Beneficiaries,
            Synthetic = Synthetic,
        };
        c.Devices.UnionWith(Devices);
        c.Evidence.AddRange(Evidence);
        c.Blockages.UnionWith(Blockages);
        c.Sources.AddRange(Sources);
        c.History.AddRange(History);
        foreach (var (kind, m2) in ReleasedM2)
        {
            c.ReleasedM2[kind] = m2;
        }
        c.Activities.AddRange(Activities);
        return c;
    }
}
