using Truce.Core.Queries;
using Truce.Http;

namespace Truce.Mandate.Http;

/// <summary>How /openapi/v1.json describes each mandate endpoint, one method per endpoint, kept apart from the handlers.</summary>
static class MandateApi
{
    public static ApiTag Tag { get; } = new("mandate",
        "The agreements in force and the parties' drafts, corridors and checkpoints, notices of movement and consents, transits, "
        + "activities, and each provision's compliance (docs/MANDATE.md), from the entries the reader may see.");

    public static RouteHandlerBuilder DescribeAgreements(this RouteHandlerBuilder b) => b
        .Doc("listAgreements", ApiAccess.Reader, "List agreements",
            "The agreements in force and the parties' draft mandates side by side (never merged), by id, each with the parties' "
            + "responses and its provisions' latest text and typed rules.")
        .Params(ApiParams.Paging)
        .Json<Page<AgreementView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeCorridors(this RouteHandlerBuilder b) => b
        .Doc("listCorridors", ApiAccess.Reader, "List corridors",
            "Each corridor's route and width in each period of validity, by id and then by the entry that defined the period "
            + "(GET /api/checkpoints lists the checkpoints on them).")
        .Params(ApiParams.Paging)
        .Json<Page<CorridorView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeCheckpoints(this RouteHandlerBuilder b) => b
        .Doc("listCheckpoints", ApiAccess.Reader, "List checkpoints", "The checkpoints on the corridors, by id.")
        .Params(ApiParams.Paging)
        .Json<Page<CheckpointView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeMovements(this RouteHandlerBuilder b) => b
        .Doc("listMovements", ApiAccess.Reader, "List notices of movement",
            "Notices of movement with each party's consent or refusal, by log index (GET /api/transits lists the crossings).")
        .Params(ApiParams.Paging)
        .Json<Page<NoticeView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeTransits(this RouteHandlerBuilder b) => b
        .Doc("listTransits", ApiAccess.Reader, "List transits", "The crossings logged at checkpoints, by log index.")
        .Params(ApiParams.Paging)
        .Json<Page<TransitView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeActivities(this RouteHandlerBuilder b) => b
        .Doc("listMandateActivities", ApiAccess.Reader, "List activities",
            "Activities of the force or the parties (patrol, escort, demining, construction …) with the provision each claims as authority, by log index.")
        .Params(ApiParams.Paging)
        .Json<Page<MandateActivityView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeCompliance(this RouteHandlerBuilder b) => b
        .Doc("getCompliance", ApiAccess.Reader, "Compliance with the mandate",
            "Each provision's state per framework as of a moment (breached, at risk, kept or unknown) with the entries behind it, "
            + "a page of the flags raised (pass `nextAfter` back as `after`), the activities no provision covers, and the flags per party.")
        .Params(ApiParams.Time("asOf", "The moment to evaluate (default now)"),
            new ApiParameter("party", "string", "Only flags raised against this party."),
            new ApiParameter("code", "string", "Only flags with this code, e.g. `overstay`."),
            new ApiParameter("after", "integer", "The `nextAfter` of the previous page.", Minimum: -1),
            ApiParams.Limit(100, 1000))
        .Json<Compliance.Compliance>().ModuleEndpoint();
}
