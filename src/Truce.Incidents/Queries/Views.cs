using System.Text.Json;
using Truce.Core.Modules.Shared;
using Truce.Incidents.Records;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Queries;

public sealed record TimeWindow(DateTimeOffset Start, DateTimeOffset End, string? Precision = null);

public sealed record LocationEstimate(double Lat, double Lon, double SigmaKm, double MaxSigmaKm);

/// <param name="Decided">The reason that names the factor that decided it ("decided by place (4.4σ apart): …").</param>
public sealed record MatchView(string Incident, double Score, IReadOnlyList<string> Reasons, string? Decided = null);

public sealed record RetractionView(long By, string? Reason);

/// <summary>A report as a reader may see it: its signed content and what correlation made of it.</summary>
public sealed record ReportView(
    long Index, string Cid, string Party, string Visibility, DateTimeOffset Logged, string Category, string Type,
    IReadOnlyList<Perception> Perceptions, TimeWindow Time, JsonElement? Geometry, string? Precision, double? RadiusM, string? Place,
    string? LocationText, Observer? Observer, LocationEstimate Estimate, IReadOnlyDictionary<string, Estimate> Counts, string? Weapon,
    IReadOnlyList<Casualties> Casualties, string? Damage, string Source, string? SourceId, IReadOnlyList<Evidence> Evidence,
    string Confidence, string? Description, bool Synthetic, string Incident, bool Pinned, MatchView? JoinedBy,
    IReadOnlyList<MatchView> Suggestions, RetractionView? Retracted)
{
    /// <summary>For a report imported from an event dataset: the dataset, and its row as the dataset wrote it.</summary>
    public string? SourceName { get; init; }

    public IReadOnlyDictionary<string, string>? SourceFields { get; init; }

    /// <summary>In the report's own view only: the files and physical items attached to it (docs/EVIDENCE.md).</summary>
    public IReadOnlyList<EvidenceRef>? AttachedEvidence { get; init; }
}

/// <summary>The casualties of an incident for one side and status, by the counting rule in docs/INCIDENTS.md.</summary>
public sealed record CasualtyTotal(string Side, string Status, Estimate? Killed, Estimate? Injured);

/// <summary>
/// An incident as a reader may see it, derived only from the reports that reader may see (a party-only report
/// never shapes what another party is shown). Counts are of the event: see <see cref="Counting"/>.
/// </summary>
public sealed record IncidentView(
    string Id, string Status, string Type, string Category, TimeWindow Time, LocationEstimate Location,
    int Reports, int RetractedReports, int IndependentSources, IReadOnlyList<string> Parties, IReadOnlyList<string> SourceKinds,
    IReadOnlyDictionary<string, Estimate> Counts, IReadOnlyList<CasualtyTotal> Casualties, int Claims, string? MergedInto,
    bool Synthetic, bool Manual)
{
    /// <summary>The nearest settlement, in the reader's naming (filled by the API from the gazetteer).</summary>
    public string? Near { get; init; }

    /// <summary>The counting rule, stated on every incident so no total is read as the other kind.</summary>
    public string Counting => "one incident is one event; its counts merge its reports' estimates (low = highest low, best = median best, high = highest high), never add them";
}

public sealed record HistoryView(long Entry, string Party, DateTimeOffset Time, string What, string? Reason, double? Score, IReadOnlyList<string>? Reasons);

public sealed record ClaimView(long Index, string Party, DateTimeOffset Logged, string ActorName, string ActorKind, string? ActorParty, string Stance,
    string? AttributedTo, string? AttributedToParty, string? Fact, string Quote, string? Language, ClaimSource Source, IReadOnlyList<string> Incidents, bool Synthetic)
{
    /// <summary>In the claims list: the files and physical items attached to the claim (docs/EVIDENCE.md).</summary>
    public IReadOnlyList<EvidenceRef>? AttachedEvidence { get; init; }
}

/// <summary>One incident with everything about it side by side: the assessment, each report, each claim, the history.</summary>
public sealed record IncidentDetail(IncidentView Incident, AssessmentView Assessment, IReadOnlyList<ReportView> Reports,
    IReadOnlyList<ClaimView> Claims, IReadOnlyList<HistoryView> History)
{
    /// <summary>The files and physical items attached to the incident itself (docs/EVIDENCE.md).</summary>
    public IReadOnlyList<EvidenceRef> AttachedEvidence { get; init; } = [];
}

public sealed record AssessmentView(string Status, string? Reason, string? By, DateTimeOffset? At);

/// <summary>A page of incidents or reports (the shape of every list), with what its total counts.</summary>
public sealed record CountedPage<T>(IReadOnlyList<T> Items, string? Next, long Total, string Counts);

public sealed record DailyCount(string Day, string Key, int Incidents, int Reports);

public sealed record DailyCounts(string By, string Counting, IReadOnlyList<DailyCount> Rows);
