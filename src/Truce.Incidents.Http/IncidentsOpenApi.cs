using Truce.Core.Queries;
using Truce.Http;
using Truce.Incidents.Correlation;
using Truce.Incidents.Queries;

namespace Truce.Incidents.Http;

/// <summary>How /openapi/v1.json describes each incidents endpoint, one method per endpoint, kept apart from the handlers
/// so that IncidentEndpoints reads as what the endpoints do.</summary>
static class IncidentsApi
{
    public static ApiTag Tag { get; } = new("incidents",
        "Reports of ceasefire violations and other events, the incidents correlation makes of them (one incident is one event), "
        + "claims beside them, restrictions of the monitors' movement and the hotline (docs/INCIDENTS.md). Every answer is "
        + "derived only from the entries the reader may see.");

    static readonly ApiParameter[] Filter =
    [
        ApiParams.Time("from", "Only what ends at or after this time"),
        ApiParams.Time("to", "Only what starts at or before this time"),
        ApiParams.Bbox,
        ApiParams.Area,
        new("type", "string", "Only this report type (GET /api/taxonomy lists them), e.g. `artillery`."),
        new("category", "string", "Only this category (GET /api/taxonomy), e.g. `ceasefire-violation`."),
        new("status", "string", "Only incidents with this verification status (for reports: whose incident has it).", Values: Statuses.All),
        new("party", "string", "Only what this party reported (for incidents: those resting on a report of this party that stands, not retracted)."),
        new("source", "string", "Only this source kind (GET /api/taxonomy), e.g. `patrol` (for incidents: as for party)."),
        .. ApiParams.Paging,
    ];

    public static RouteHandlerBuilder DescribeTaxonomy(this RouteHandlerBuilder b) => b
        .Doc("getTaxonomy", ApiAccess.Reader, "The incident taxonomy",
            "Categories, report types, perceptions, sources, location precisions and verification statuses: the vocabulary a "
            + "report body uses, as shipped and as this deployment extended it by `taxonomy.extend` entries.")
        .Json<TaxonomyView>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeIncidents(this RouteHandlerBuilder b) => b
        .Doc("listIncidents", ApiAccess.Reader, "List incidents",
            "Incidents (one event each, however many reports) derived from the reports the reader may see, oldest first, a page "
            + "at a time: pass `next` back as `after`. `total` counts every match; `counts` states the counting rule.")
        .Params([.. Filter, ApiParams.Naming])
        .Json<CountedPage<IncidentView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeIncident(this RouteHandlerBuilder b) => b
        .Doc("getIncident", ApiAccess.Reader, "Read one incident",
            "One incident with everything about it side by side: the mission's assessment, each report, each claim, its history, "
            + "and the files and physical items attached to it that the reader may see.")
        .Params(ApiParams.Path("id", "The incident's id, e.g. `I-42` (a bare number works too)."), ApiParams.Naming)
        .Json<IncidentDetail>().Problems(400, 404);

    public static RouteHandlerBuilder DescribeReports(this RouteHandlerBuilder b) => b
        .Doc("listReports", ApiAccess.Reader, "List reports",
            "The reports (observations) the reader may see, by log index, a page at a time: pass `next` back as `after`.")
        .Params(Filter)
        .Json<CountedPage<ReportView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeReport(this RouteHandlerBuilder b) => b
        .Doc("getReport", ApiAccess.Reader, "Read one report", "One report as signed, what correlation made of it, and the evidence attached to it that the reader may see.")
        .Params(ApiParams.Path("index", "The report entry's log index."))
        .Json<ReportView>().Problems(404);

    public static RouteHandlerBuilder DescribeCandidates(this RouteHandlerBuilder b) => b
        .Doc("getReportCandidates", ApiAccess.Reader, "Score a report against the incidents",
            "How the report scores against each incident now, best first, with the reasons: for a monitor deciding a merge or a split.")
        .Params(ApiParams.Path("index", "The report entry's log index."))
        .Json<CandidateList>().Problems(404);

    public static RouteHandlerBuilder DescribeClaims(this RouteHandlerBuilder b) => b
        .Doc("listClaims", ApiAccess.Reader, "List claims",
            "Statements by actors (ministries, officials, media) that assert, deny or attribute incidents, recorded as said; "
            + "never merged with the assessment. By log index, each with the files and physical items attached to it that the reader may see.")
        .Params([new ApiParameter("incident", "string", "Only claims about this incident, e.g. `I-42`."), .. ApiParams.Paging])
        .Json<Page<ClaimView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeRestrictions(this RouteHandlerBuilder b) => b
        .Doc("listRestrictions", ApiAccess.Reader, "List restrictions of movement",
            "Restrictions of the monitors' freedom of movement (a patrol stopped, a drone jammed) the reader may see, by log index.")
        .Params([ApiParams.Time("from", "Only restrictions starting at or after this time"), ApiParams.Time("to", "Only restrictions starting at or before this time"),
            .. ApiParams.Paging])
        .Json<Page<RestrictionView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeHotline(this RouteHandlerBuilder b) => b
        .Doc("listHotlineMessages", ApiAccess.Token, "Read the hotline",
            "Messages between the parties and the mission that the caller's party may see, by log index. For the parties and "
            + "the mission only: a token is required.")
        .Params(ApiParams.Paging)
        .Json<Page<HotlineView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeDaily(this RouteHandlerBuilder b) => b
        .Doc("getDailyStats", ApiAccess.Reader, "Daily counts",
            "Incidents and reports per day, by type or by area (the nearest settlement, in the reader's naming, else a 0.1° cell). "
            + "At most ten years; by default the last 30 days.")
        .Params(ApiParams.Time("from", "The first day (default 30 days before `to`)"), ApiParams.Time("to", "The last day (default now)"),
            new ApiParameter("by", "string", "Count by type (default) or by area.", Values: ["type", "area"]), ApiParams.Naming)
        .Json<DailyCounts>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeSettings(this RouteHandlerBuilder b) => b
        .Doc("getCorrelationSettings", ApiAccess.Reader, "Correlation settings",
            "The thresholds by which reports join incidents or are suggested as candidates, as this deployment set them.")
        .Json<CorrelationSettings>().ModuleEndpoint();
}
