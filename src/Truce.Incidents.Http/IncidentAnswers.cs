using System.ComponentModel;
using Truce.Core.Modules.Shared;
using Truce.Incidents.Queries;
using Truce.Incidents.Taxonomy;

namespace Truce.Incidents.Http;

// The answers IncidentEndpoints builds beside the module's own views (Truce.Incidents.Queries): the handlers return
// these types, so /openapi/v1.json describes what is sent.

public sealed record TaxonomyView(IReadOnlyList<string> Categories, IReadOnlyList<ReportType> Types,
    [property: Description("Each perception kind (seen, heard, …) and its assessments.")] IReadOnlyDictionary<string, string[]> Perceptions,
    IReadOnlyCollection<string> Sources,
    [property: Description("Each location precision and its radius in metres.")] IReadOnlyDictionary<string, double> Precisions,
    string[] Statuses);

public sealed record CandidateList([property: Description("The report's index.")] long Report, IReadOnlyList<MatchView> Candidates);

/// <summary>A restriction of the monitors' freedom of movement.</summary>
public sealed record RestrictionView(long Index, string Party, string Kind, DateTimeOffset Start, DateTimeOffset? End, LatLon Location,
    string? By, string? Team, string Description, bool Synthetic);

/// <summary>A hotline message: who said what to whom, when.</summary>
public sealed record HotlineView(long Index, string Party, IReadOnlyList<string> To, DateTimeOffset Time, string Subject, string Text,
    string Urgency, long? ReplyTo, [property: Description("Incident ids, e.g. I-42.")] IReadOnlyList<string> Incidents, bool Synthetic);
