using System.Text.Json;
using Truce.Core.Modules.Shared;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;

namespace Truce.MineAction.Queries;

// The shapes MineViews returns: named, so the API description can state them. Geometries are GeoJSON; `entry` is the
// log index of the entry that made the record, `party` its author.

/// <summary>A hazard; <c>perimeter</c>, <c>history</c> and <c>activities</c> only in the detail (null in lists).</summary>
public sealed record HazardView(string Id, string Type, string Status, string? Name, string? District, BenchmarkView Benchmark, double EstimatedM2,
    double RemainingM2, int Parts, Dictionary<string, double> ReleasedM2, Dictionary<string, double> ReleasedBeforeRecordM2, IReadOnlyList<string> Devices,
    IReadOnlyList<HazardEvidenceView> Evidence,
    IReadOnlyList<string> Blockages, int? Beneficiaries, IReadOnlyList<SourceRef> Sources, long Entry, string Party, bool Synthetic,
    JsonElement? Remaining, JsonElement? Perimeter, IReadOnlyList<HazardHistoryView>? History, IReadOnlyList<string>? Activities)
{
    /// <summary>In the detail only: the files and physical items attached to the hazard (docs/EVIDENCE.md); <c>evidence</c>
    /// is the survey's evidence of contamination (IMAS).</summary>
    public IReadOnlyList<EvidenceRef>? AttachedEvidence { get; init; }
}

/// <summary>A hazard's benchmark; <c>derived</c> when it was derived from the perimeter, not surveyed (a deminer cannot
/// navigate from it).</summary>
public sealed record BenchmarkView(double Lat, double Lon, bool Derived);

public sealed record HazardEvidenceView(string Type, bool Direct, string Reliability, string? Note, DateTimeOffset? Date);

public sealed record HazardHistoryView(long Entry, DateTimeOffset Time, string Party, string What, string? Reason);

/// <summary>A minefield record; <c>referencePoints</c>, <c>dimensions</c>, <c>rows</c>, <c>minePositions</c> and
/// <c>remote</c> only in the detail (null in lists).</summary>
public sealed record MinefieldView(string Id, string LaidBy, string? District, string Pattern, double AreaM2, int TotalMines, IReadOnlyList<MineGroup> Mines,
    DateTimeOffset? LaidFrom, DateTimeOffset? LaidUntil, double? Accuracy, IReadOnlyList<AccuracyView> Assessments, IReadOnlyList<string?> Handovers,
    JsonElement Perimeter, IReadOnlyList<ReferencePoint>? ReferencePoints, IReadOnlyList<Dimension>? Dimensions, IReadOnlyList<MineRowView>? Rows,
    JsonElement? MinePositions, RemoteDeliveryView? Remote, string? Marking, IReadOnlyList<Scan> Scans, long Entry, string Party, bool Synthetic)
{
    /// <summary>In the detail only: the files and physical items attached to the record (docs/EVIDENCE.md).</summary>
    public IReadOnlyList<EvidenceRef>? AttachedEvidence { get; init; }
}

public sealed record AccuracyView(long Entry, string Party, int Checked, int Confirmed, int Unrecorded, double? ToleranceM, string? Finding, string? Activity);

public sealed record MineRowView(string Id, JsonElement Line, int? Mines);

public sealed record RemoteDeliveryView(JsonElement Corners, int? Total, IReadOnlyList<string> Types, double? SelfDestructHours, DateTimeOffset? DeliveredAt);

public sealed record HandoverView(string Id, string From, string To, DateTimeOffset At, string? Through, string? InExchangeFor, int? MinesStated,
    IReadOnlyList<string> Records, string? Note, long Entry, bool Synthetic);

public sealed record ReleaseActivityView(string Id, string Type, string Hazard, string? Task, string Organisation, string? Method, IReadOnlyList<string> Assets,
    double? DepthCm, DateTimeOffset Start, DateTimeOffset? End, string Status, IReadOnlyList<OutcomeView> Outcomes, string? HandedTo, PresentView? Present,
    string? Note, long Entry, bool Synthetic);

public sealed record OutcomeView(string Kind, double SubmittedM2, double ReleasedM2, JsonElement Geometry);

public sealed record PresentView(int Women, int Men, int Girls, int Boys, int Total);

public sealed record OrdnanceView(string Id, string Category, string? Model, int Quantity, string Condition, string FuzeState, LatLon Position,
    DateTimeOffset Found, string Action, string? Hazard, string? Activity, List<string> Incidents, string? Note, long Entry, bool Synthetic);

/// <summary>An accident: <c>killed</c> and <c>injured</c> as published (the mission's count); <c>victims</c> as the reader's book holds them.</summary>
public sealed record AccidentView(string Id, LatLon Position, DateTimeOffset Time, string Device, string Kind, bool? AreaMarked, string Activation,
    string? Hazard, string? Note, int Killed, int Injured, IReadOnlyList<VictimView> Victims, long Entry, bool Synthetic)
{
    /// <summary>The files and physical items attached to the accident (docs/EVIDENCE.md).</summary>
    public IReadOnlyList<EvidenceRef>? AttachedEvidence { get; init; }
}

public sealed record VictimView(string Id, string Sex, int? Age, string AgeGroup, string Role, string Outcome, string Activity, bool? KnewDangerous,
    bool? HadRiskEducation, IReadOnlyList<VictimPersonalView>? Personal);

public sealed record VictimPersonalView(string Name, string? DateOfBirth, string? Residence, string? Contact, string? Note, long Entry);

/// <summary>The answer to "is this place safe": what is known to be dangerous near it, never a promise that it is not.</summary>
public sealed record SafetyView(string Query, double BufferM, bool AtRisk, bool Informed, string Summary, double? LengthM, double? AreaM2, bool Repaired,
    IReadOnlyList<SafetyHitView> Hits, IReadOnlyList<StretchView> Stretches);

public sealed record SafetyHitView(string Layer, string Id, double DistanceM, double? OverlapM2, string? Type, string Status, IReadOnlyList<string> Devices,
    IReadOnlyList<HazardEvidenceView>? Evidence, IReadOnlyList<SourceRef>? Sources, double? RemainingM2, double? Accuracy, int? TotalMines, long Entry);

public sealed record StretchView(double FromM, double ToM, double LengthM, IReadOnlyList<string> Hazards, double NearestM);
