using NetTopologySuite.Geometries;

namespace Truce.MineAction.Records;

/// <summary>A task assigned to an organisation: survey or clear these hazards.</summary>
public sealed record LandTask(string Id, Origin Origin, IReadOnlyList<string> Hazards, string Organisation, string Activity, DateTimeOffset Assigned,
    DateTimeOffset? Due, string? Priority, bool Synthetic);

/// <summary>People present at a handover of released land to its users.</summary>
public sealed record Present(int Women, int Men, int Girls, int Boys)
{
    public int Total => Women + Men + Girls + Boys;
}

/// <summary>Released land of one outcome (cancelled, reduced, cleared): as submitted, and the part that was still hazardous.</summary>
public sealed record Outcome(string Kind, Geometry Submitted, double SubmittedM2, double ReleasedM2);

/// <summary>A land release activity (IMAS 07.11): survey, clearance, EOD, completion report, handover certificate.</summary>
public sealed class ReleaseActivity
{
    public required string Id { get; init; }
    public required Origin Origin { get; init; }
    public required string Type { get; init; }
    public required string Hazard { get; init; }
    public string? Task { get; init; }
    public required string Organisation { get; init; }
    public string? Method { get; init; }
    public IReadOnlyList<string> Assets { get; init; } = [];
    public double? DepthCm { get; init; }
    public required DateTimeOffset Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public required string Status { get; init; }
    public List<Outcome> Outcomes { get; private set; } = [];
    public string? HandedTo { get; init; }
    public Present? Present { get; init; }
    public string? Note { get; init; }
    public bool Synthetic { get; init; }

    /// <summary>Raw outcome geometries as read, before they are measured against the hazard.</summary>
    public IReadOnlyList<(string Kind, Geometry Geometry)> Requested { get; init; } = [];

    public DateTimeOffset When => End ?? Start;

    /// <summary>The activity as its entry states it, for one book to hold: its outcomes are what was still hazardous
    /// in that book's hazard, so each book measures its own.</summary>
    public ReleaseActivity Copy()
    {
        var c = (ReleaseActivity)MemberwiseClone();
        c.Outcomes = [];
        return c;
    }
}

/// <summary>A nonconformity found by a quality management visit.</summary>
public sealed record Nonconformity(string Category, string Description, string? CorrectiveAction);

/// <summary>A quality management visit (IMAS 07.12): to an activity or a task, with what it found.</summary>
public sealed record QualityVisit(string Id, Origin Origin, string? Activity, string? Task, string Organisation, DateTimeOffset At, string Result,
    IReadOnlyList<Nonconformity> Nonconformities, bool Synthetic);
