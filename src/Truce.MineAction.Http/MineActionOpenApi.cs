using Truce.Core.Queries;
using Truce.Http;
using Truce.MineAction.Import;
using Truce.MineAction.Queries;
using Truce.MineAction.Safety;
using Truce.MineAction.Statistics;

namespace Truce.MineAction.Http;

/// <summary>How /openapi/v1.json describes each mine action endpoint, one method per endpoint, kept apart from the handlers.</summary>
static class MineActionApi
{
    public static ApiTag Tag { get; } = new("mine-action",
        "Minefield records and their handovers, hazards and how land is released from them, explosive ordnance, accidents, "
        + "statistics, and whether a point, route or parcel is near a known hazard (docs/MINEACTION.md), from the entries the reader may see.");

    static ApiParameter Id(string what) => ApiParams.Path("id", $"The {what}'s id.");

    public static RouteHandlerBuilder DescribeHazards(this RouteHandlerBuilder b) => b
        .Doc("listHazards", ApiAccess.Reader, "List hazards",
            "Suspected and confirmed hazardous areas, by id: each with its "
            + "remaining area (GeoJSON), devices, evidence and sources.")
        .Params([new ApiParameter("status", "string", "Only hazards with this status.", Values: Vocabulary.HazardStatuses),
            new ApiParameter("type", "string", "Only suspected (SHA) or confirmed (CHA) hazardous areas.", Values: Vocabulary.HazardTypes),
            new ApiParameter("district", "string", "Only hazards in this district, as recorded."),
            ApiParams.Bbox, .. ApiParams.Paging])
        .Json<Page<HazardView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeHazard(this RouteHandlerBuilder b) => b
        .Doc("getHazard", ApiAccess.Reader, "Read one hazard", "One hazard with its perimeter as surveyed, its history, its land release activities "
            + "and the files and physical items attached to it that the reader may see (`attachedEvidence`).")
        .Params(Id("hazard"))
        .Json<HazardView>().Problems(404);

    public static RouteHandlerBuilder DescribeMinefields(this RouteHandlerBuilder b) => b
        .Doc("listMinefields", ApiAccess.Reader, "List minefield records",
            "Minefield records as the parties handed them over (CCW Amended Protocol II), by id, with their measured accuracy.")
        .Params(ApiParams.Paging)
        .Json<Page<MinefieldView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeMinefield(this RouteHandlerBuilder b) => b
        .Doc("getMinefield", ApiAccess.Reader, "Read one minefield record",
            "One minefield record with its reference points, dimensions, rows, mine positions and remote delivery details, "
            + "and the evidence attached to it that the reader may see.")
        .Params(Id("minefield record"))
        .Json<MinefieldView>().Problems(404);

    public static RouteHandlerBuilder DescribeHandovers(this RouteHandlerBuilder b) => b
        .Doc("listHandovers", ApiAccess.Reader, "List handovers of minefield records",
            "Who gave which records to whom, when, through whom and in exchange for what, by id.")
        .Params(ApiParams.Paging)
        .Json<Page<HandoverView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeActivities(this RouteHandlerBuilder b) => b
        .Doc("listLandReleaseActivities", ApiAccess.Reader, "List land release activities",
            "Surveys, clearance, EOD, completion reports and handover certificates (IMAS 07.11), by id, with the land each released.")
        .Params([new ApiParameter("hazard", "string", "Only activities on this hazard."),
            new ApiParameter("organisation", "string", "Only activities of this organisation."), .. ApiParams.Paging])
        .Json<Page<ReleaseActivityView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeTasks(this RouteHandlerBuilder b) => b
        .Doc("listLandReleaseTasks", ApiAccess.Reader, "List tasks", "Tasks assigned to organisations, by id, and the activities done under each.")
        .Params(ApiParams.Paging)
        .Json<Page<TaskView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeVisits(this RouteHandlerBuilder b) => b
        .Doc("listQualityVisits", ApiAccess.Reader, "List quality management visits", "Quality management visits (IMAS 07.12), by id, and what each found.")
        .Params(ApiParams.Paging)
        .Json<Page<VisitView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeOrdnance(this RouteHandlerBuilder b) => b
        .Doc("listOrdnance", ApiAccess.Reader, "List explosive ordnance found", "What was found, where, in what state, and what was done with it, by id.")
        .Params([new ApiParameter("category", "string", "Only ordnance of this category.", Values: Vocabulary.OrdnanceCategories), .. ApiParams.Paging])
        .Json<Page<OrdnanceView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeAccidents(this RouteHandlerBuilder b) => b
        .Doc("listMineAccidents", ApiAccess.Reader, "List mine accidents",
            "Accidents, by id, with the killed and injured as the mission publishes them, and the victim records (with "
            + "personal data) only as far as the reader may see them, and the files and physical items attached to each.")
        .Params(ApiParams.Paging)
        .Json<Page<AccidentView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeStats(this RouteHandlerBuilder b) => b
        .Doc("getMineActionStats", ApiAccess.Reader, "Mine action statistics",
            "Land released by month, activity, method, district and organisation; open hazards; ordnance; accidents; victims "
            + "counted by one dimension at a time (never a cross-table that could single a person out).")
        .Params(ApiParams.Time("from", "Only land released at or after this time"), ApiParams.Time("to", "Only land released at or before this time"))
        .Json<MineStats>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeSafetyAtPoint(this RouteHandlerBuilder b) => b
        .Doc("getSafetyAtPoint", ApiAccess.Reader, "Is this point near a known hazard?",
            "Every known hazard and recorded minefield within `buffer` metres of the point, with distance, status and evidence. "
            + "\"No recorded hazard\" is not a guarantee of safety; a point outside the area the deployment records is answered "
            + "`informed: false`.")
        .Params(new ApiParameter("lat", "number", "Latitude, WGS 84 degrees.", Required: true, Minimum: -90, Maximum: 90),
            new ApiParameter("lon", "number", "Longitude, WGS 84 degrees.", Required: true, Minimum: -180, Maximum: 180),
            new ApiParameter("buffer", "number", "How far around the point to look, in metres (default 50).", Minimum: 0, Maximum: SafetyQueries.MaxBufferM),
            new ApiParameter("includeClosed", "string", "Count closed hazards too (default false).", Values: ["true", "false"]))
        .Json<SafetyView>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeSafety(this RouteHandlerBuilder b) => b
        .Doc("askSafety", ApiAccess.Reader, "Is this point, route or parcel near a known hazard?",
            "Every known hazard and recorded minefield within the buffer of a point, a route (with the stretches at risk, in "
            + "metres from its start) or a parcel (with how much of it lies in each hazard). A question that leaves the area "
            + "the deployment records, or spans more than 5°, is refused (400) rather than answered \"clear\".")
        .Body<SafetyQuestion>("The geometry to ask about, and options.")
        .Json<SafetyView>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeCheckImport(this RouteHandlerBuilder b) => b
        .Doc("checkMineImport", ApiAccess.Token, "Check an import file",
            "The dry run of `truce import` over HTTP: reads hazards or minefield records from a GeoJSON FeatureCollection or a "
            + "CSV file (columns in docs/MINEACTION.md), checks every row by the rules of admission and lists every bad row; "
            + "when all are good, answers the `mine.import` bodies to sign and submit. Stores nothing. Needs the "
            + "mine-action-officer or party-admin role.")
        .Params(new ApiParameter("what", "string", "What the file holds.", Required: true, Values: MineImport.Whats),
            new ApiParameter("format", "string", "The file's format.", Required: true, Values: ["geojson", "csv"]),
            new ApiParameter("map", "string", "`FROM=TO`: read the file's property or column FROM as the field TO (`FROM=` leaves FROM out); repeat for more.", Repeated: true))
        .Body<string>("The file, as is.", "text/csv", "application/geo+json")
        .Json<ImportCheck>().Problems(403, 404);
}
