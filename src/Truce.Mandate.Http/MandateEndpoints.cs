using Truce.Core.Modules.Shared;
using Truce.Core.Services;
using Truce.Http;
using Truce.Mandate.Compliance;
using Truce.Spatial;

namespace Truce.Mandate.Http;

/// <summary>Reads of agreements, corridors, movements, activities and compliance. Writes are signed entries.</summary>
public static class MandateEndpoints
{
    public static void MapMandate(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(MandateApi.Tag);
        api.MapGet("/agreements", Agreements).DescribeAgreements();
        api.MapGet("/corridors", Corridors).DescribeCorridors();
        api.MapGet("/movements", Movements).DescribeMovements();
        api.MapGet("/activities", Activities).DescribeActivities();
        api.MapGet("/compliance", Compliance).DescribeCompliance();
    }

    static MandateModule Module(LedgerService l) => Requests.Module<MandateModule>(l, "mandate");

    static IResult Agreements(HttpContext ctx, LedgerService l) => TypedResults.Ok(new AgreementList(
        Module(l).Read(Requests.ReaderOf(ctx, l), b => b.Frameworks.Select(a => new AgreementView(
            a.Id,
            a.Title,
            a.Index,
            a.Draft ? "draft" : "in-force",
            a.ProposedBy,
            [.. a.Responses.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new AgreementResponseView(r.Key, r.Value.Decision, r.Value.Reason, r.Value.Index))],
            [.. a.Provisions.Values.OrderBy(p => p.Number.Length).ThenBy(p => p.Number, StringComparer.Ordinal)
                .Select(p => new ProvisionView(p.Number, p.Text, p.Actors, [.. p.Rules.Select(Rule)], p.AmendedBy))])).ToList())));

    static RuleView Rule(Agreements.Rule r) => new(r.Type, r.Activities, r.Actors, r.Corridor, r.Area is null ? null : GeoJson.Write(r.Area),
        r.From, r.Until, r.Due, r.MetBy, r.Measure, r.Max, r.Categories, r.ConsentBy, r.WidthKm, r.Years, r.NoticeMonths);

    static IResult Corridors(HttpContext ctx, LedgerService l) => TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => new CorridorList(
        [.. b.Corridors.Values.SelectMany(v => v).OrderBy(c => c.Id, StringComparer.Ordinal).ThenBy(c => c.ValidFrom)
            .Select(c => new CorridorView(c.Id, c.Index, GeoJson.Write(c.Route), c.WidthKm, c.ControlledBy, c.ValidFrom, c.ValidUntil, c.Approximate, c.Synthetic))],
        [.. b.Checkpoints.Values.OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new CheckpointView(c.Id, c.Name, c.Corridor, c.ControlledBy, new LatLon(c.Lat, c.Lon), c.Index, c.Synthetic))])));

    static IResult Movements(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var limit = new QueryArgs(ctx.Request.Query).Limit();
        return TypedResults.Ok(Module(l).Read(reader, b => new MovementList(
            [.. b.Notices.Values.Take(limit).Select(n => new NoticeView(n.Index, n.Id, n.Party, n.People, n.Vehicles, n.Purpose, n.Corridor,
                n.From, n.Until, n.AnswerBy, n.Synthetic,
                [.. n.Consents.OrderBy(c => c.Key, StringComparer.Ordinal)
                    .Select(c => new ConsentView(c.Key, c.Value.Given, c.Value.Reason, c.Value.Index, c.Value.Time))]))],
            [.. b.Transits.Values.Take(limit).Select(t => new TransitView(t.Index, t.Party, t.Checkpoint, t.Direction, t.Time, t.Notice, t.Mover,
                t.People, t.Vehicles, t.Cargo, t.Synthetic))])));
    }

    static IResult Activities(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var limit = new QueryArgs(ctx.Request.Query).Limit();
        return TypedResults.Ok(new MandateActivityList(Module(l).Read(reader, b => b.Activities.Values.Take(limit).Select(a => new MandateActivityView(
            a.Index, a.Kind, a.Actor, a.Party, GeoJson.Write(a.Where), a.Start, a.End,
            a.Agreement is null ? null : new ActivityAuthority(a.Agreement, a.Provision),
            a.Counts, a.Description, a.Synthetic)).ToList())));
    }

    static IResult Compliance(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var q = new QueryArgs(ctx.Request.Query);
        var asOf = q.Time("asOf") ?? l.Time.GetUtcNow();
        var query = new FlagQuery { Party = q.Str("party", 64), Code = q.Str("code", 64), After = q.Long("after", min: -1), Limit = q.Limit() };
        return TypedResults.Ok(Module(l).Compliance(reader, l, asOf, query));
    }
}
