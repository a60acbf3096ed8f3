using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Core.Queries;
using Truce.Core.Services;
using Truce.Http;
using Truce.MineAction.Import;
using Truce.MineAction.Queries;
using Truce.MineAction.Records;
using Truce.MineAction.Safety;
using Truce.MineAction.Statistics;

namespace Truce.MineAction.Http;

/// <summary>Reads of minefield records, hazards, land release, ordnance, accidents, statistics, and the safety queries.</summary>
public static class MineActionEndpoints
{
    public static void MapMineAction(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(MineActionApi.Tag);
        api.MapGet("/hazards", Hazards).DescribeHazards();
        api.MapGet("/hazards/{id}", Hazard).DescribeHazard();
        api.MapGet("/minefields", Minefields).DescribeMinefields();
        api.MapGet("/minefields/{id}", Minefield).DescribeMinefield();
        api.MapGet("/minefields/handovers", Handovers).DescribeHandovers();
        api.MapGet("/land-release", Activities).DescribeActivities();
        api.MapGet("/land-release/tasks", Tasks).DescribeTasks();
        api.MapGet("/land-release/quality-visits", Visits).DescribeVisits();
        api.MapGet("/ordnance", Ordnance).DescribeOrdnance();
        api.MapGet("/mine-accidents", Accidents).DescribeAccidents();
        api.MapGet("/mine-action/stats", Stats).DescribeStats();
        api.MapGet("/safety", SafetyAtPoint).DescribeSafetyAtPoint();
        api.MapPost("/safety", Safety).DescribeSafety().ReadsOnly();
        api.MapPost("/mine-action/import/check", CheckImport).DescribeCheckImport().ReadsOnly();
    }

    static MineActionModule Module(LedgerService l) => Requests.Module<MineActionModule>(l, "mine action");

    /// <summary>Whose books the victim counts are published from: the mission's (docs/SECURITY.md, publication rules).</summary>
    static Reader Publisher(LedgerService l) => new(l.WithRegistry(r => r.MissionParty), IsMission: true);

    static IResult NotFound(string detail) => TypedResults.Problem(detail: detail, statusCode: 404);

    /// <summary>Every mine action list is by id: the key its book holds each record under.</summary>
    static ListOrder<KeyValuePair<string, T>, string> ById<T>() => ListOrders.ById<KeyValuePair<string, T>>(kv => kv.Key);

    static Page<TView> List<T, TView>(HttpContext ctx, LedgerService l, Func<MineActionBook, IEnumerable<KeyValuePair<string, T>>> records,
        Func<T, bool> keep, Func<MineActionBook, T, TView> view)
    {
        var order = ById<T>();
        var start = new QueryArgs(ctx.Request.Query).Page(order);
        return Module(l).Read(Requests.ReaderOf(ctx, l), b => Paging.Take(records(b), order, start, kv => keep(kv.Value), kv => view(b, kv.Value)));
    }

    static IResult Hazards(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var status = q.OneOf("status", Vocabulary.HazardStatuses);
        var type = q.OneOf("type", Vocabulary.HazardTypes);
        var district = q.Str("district", 100);
        var bbox = q.Bbox();
        return TypedResults.Ok(List(ctx, l, b => b.Hazards, h => (status is null || h.Status == status) && (type is null || h.Type == type)
            && (district is null || h.District == district) && (bbox is null || bbox.Intersects(h.Perimeter.EnvelopeInternal)),
            (_, h) => MineViews.Hazard(h)));
    }

    static IResult Hazard(string id, HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var view = Module(l).Read(reader, b => b.Hazards.TryGetValue(id, out var h) ? MineViews.Hazard(h, detail: true) : null);
        return view is null ? NotFound($"no hazard '{id}' that you may see")
            : TypedResults.Ok(view with { AttachedEvidence = l.EvidenceOf(reader, EvidenceTargets.Hazard, id) });
    }

    static IResult Minefields(HttpContext ctx, LedgerService l) =>
        TypedResults.Ok(List(ctx, l, b => b.Minefields, _ => true, (b, m) => MineViews.Minefield(m, b)));

    static IResult Minefield(string id, HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var view = Module(l).Read(reader, b => b.Minefields.TryGetValue(id, out var m) ? MineViews.Minefield(m, b, detail: true) : null);
        return view is null ? NotFound($"no minefield record '{id}' that you may see")
            : TypedResults.Ok(view with { AttachedEvidence = l.EvidenceOf(reader, EvidenceTargets.Minefield, id) });
    }

    static IResult Handovers(HttpContext ctx, LedgerService l) =>
        TypedResults.Ok(List(ctx, l, b => b.Handovers, _ => true, (_, h) => MineViews.Handover(h)));

    static IResult Activities(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var hazard = q.Str("hazard", 64);
        var organisation = q.Str("organisation", 200);
        return TypedResults.Ok(List(ctx, l, b => b.Activities, a => (hazard is null || a.Hazard == hazard) && (organisation is null || a.Organisation == organisation),
            (_, a) => MineViews.Activity(a)));
    }

    static IResult Tasks(HttpContext ctx, LedgerService l) => TypedResults.Ok(List(ctx, l, b => b.Tasks, _ => true, (b, t) => new TaskView(
        t.Id, t.Hazards, t.Organisation, t.Activity, t.Assigned, t.Due, t.Priority,
        [.. b.Activities.Values.Where(a => a.Task == t.Id).Select(a => a.Id).Order(StringComparer.Ordinal)], t.Origin.Index, t.Synthetic)));

    static IResult Visits(HttpContext ctx, LedgerService l) => TypedResults.Ok(List(ctx, l, b => b.Visits, _ => true, (_, v) => new VisitView(
        v.Id, v.Activity, v.Task, v.Organisation, v.At, v.Result, v.Nonconformities, v.Origin.Index, v.Synthetic)));

    static IResult Ordnance(HttpContext ctx, LedgerService l)
    {
        var category = new QueryArgs(ctx.Request.Query).OneOf("category", Vocabulary.OrdnanceCategories);
        return TypedResults.Ok(List(ctx, l, b => b.Ordnance, o => category is null || o.Category == category, (_, o) => MineViews.Ordnance(o)));
    }

    static IResult Accidents(HttpContext ctx, LedgerService l)
    {
        var order = ById<Accident>();
        var start = new QueryArgs(ctx.Request.Query).Page(order);
        var reader = Requests.ReaderOf(ctx, l);
        var page = Module(l).ReadWithPublishedCounts(reader, Publisher(l), (b, published) =>
            Paging.Take(b.Accidents, order, start, _ => true, kv => MineViews.Accident(kv.Value, b, published)));
        return TypedResults.Ok(page with { Items = [.. page.Items.Select(a => a with { AttachedEvidence = l.EvidenceOf(reader, EvidenceTargets.Accident, a.Id) })] });
    }

    static IResult Stats(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var reader = Requests.ReaderOf(ctx, l);
        var (from, to) = (q.Time("from"), q.Time("to"));
        return TypedResults.Ok(Module(l).ReadWithPublishedCounts(reader, Publisher(l), (b, published) => MineStatistics.Compute(b, published, from, to)));
    }

    /// <summary>
    /// POST /api/mine-action/import/check?what=hazards|minefields|hazard-updates&amp;format=geojson|csv[&amp;reason=] with the file as the body: the
    /// dry run of `truce import` over HTTP. Every bad row is listed; when all are good, the answer holds the
    /// <c>mine.import</c> bodies for the importer to sign and submit. Stores nothing. Needs a mine action officer's or
    /// party admin's token (checking a large file costs the server work).
    /// </summary>
    static async Task<IResult> CheckImport(HttpContext ctx, LedgerService l)
    {
        var caller = Requests.CallerOf(ctx, l) ?? throw new RefusedException(RefusalKind.Unauthenticated, "checking an import needs an API token");
        if (!caller.Roles.Contains(Core.Parties.Roles.MineActionOfficer) && !caller.Roles.Contains(Core.Parties.Roles.PartyAdmin))
        {
            throw new RefusedException(RefusalKind.Forbidden, "checking an import needs the mine-action-officer or party-admin role");
        }
        var q = new QueryArgs(ctx.Request.Query);
        var what = q.OneOf("what", MineImport.Whats) ?? throw new ValidationException("what", $"is required: {string.Join(", ", MineImport.Whats)}");
        var format = q.OneOf("format", ["geojson", "csv"]) ?? throw new ValidationException("format", "is required: geojson or csv");
        using var text = new StreamReader(ctx.Request.Body);
        var content = await text.ReadToEndAsync(ctx.RequestAborted);
        var map = MineImport.ParseMap(ctx.Request.Query["map"].OfType<string>(), "map");
        var plan = MineImport.Plan(Module(l), caller.AsReader, what, format, new StringReader(content), "http upload", map: map, reason: q.Str("reason", 10_000),
            stop: ctx.RequestAborted);
        return TypedResults.Ok(new ImportCheck(what, plan.Rows, plan.Ok, [.. plan.Errors.Select(e => new ImportRowError(e.Row, e.Field, e.Problem))],
            plan.Ok ? plan.Batches : null));
    }

    /// <summary>GET /api/safety?lat=&amp;lon=&amp;buffer=: the quick question for a point.</summary>
    static IResult SafetyAtPoint(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var lat = q.Num("lat", -90, 90) ?? throw new ValidationException("lat", "is required (WGS 84 degrees)");
        var lon = q.Num("lon", -180, 180) ?? throw new ValidationException("lon", "is required (WGS 84 degrees)");
        var buffer = q.Num("buffer", 0, SafetyQueries.MaxBufferM) ?? 50;
        var includeClosed = q.OneOf("includeClosed", ["true", "false"]) == "true";
        var reader = Requests.ReaderOf(ctx, l);
        var request = new SafetyRequest(new NetTopologySuite.Geometries.Point(lon, lat), buffer, includeClosed, IncludeRecords: true, Repaired: false);
        return TypedResults.Ok(MineViews.Safety(Module(l).Read(reader, b => request.Ask(b, l.Area, "lon"))));
    }

    /// <summary>POST /api/safety {geometry, bufferM, includeClosed, includeRecords, repair}: a point, a route or a parcel.</summary>
    static async Task<IResult> Safety(HttpContext ctx, LedgerService l)
    {
        using (var doc = await JsonInput.ParseAsync(ctx.Request.Body, "body", ctx.RequestAborted))
        {
            var request = SafetyRequest.Read(doc.RootElement);
            var reader = Requests.ReaderOf(ctx, l);
            return TypedResults.Ok(MineViews.Safety(Module(l).Read(reader, b => request.Ask(b, l.Area, stop: ctx.RequestAborted)), request.Repaired));
        }
    }
}
