using Truce.Core.Modules.Shared;
using Truce.Core.Queries;
using Truce.Core.Services;
using Truce.Http;
using Truce.Mandate.Agreements;
using Truce.Mandate.Compliance;
using Truce.Mandate.Movements;
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
        api.MapGet("/checkpoints", Checkpoints).DescribeCheckpoints();
        api.MapGet("/movements", Movements).DescribeMovements();
        api.MapGet("/transits", Transits).DescribeTransits();
        api.MapGet("/activities", Activities).DescribeActivities();
        api.MapGet("/compliance", Compliance).DescribeCompliance();
    }

    static MandateModule Module(LedgerService l) => Requests.Module<MandateModule>(l, "mandate");

    /// <summary>A corridor has a version per period of validity: by id, then by the entry that defined the version.
    /// The cursor is "index~id" (an id may hold any character; the index never holds '~').</summary>
    static readonly ListOrder<Corridor, (string Id, long Index)> CorridorOrder = new(c => (c.Id, c.Index),
        Comparer<(string Id, long Index)>.Create((a, b) => string.CompareOrdinal(a.Id, b.Id) is var c && c != 0 ? c : a.Index.CompareTo(b.Index)),
        k => $"{k.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}~{k.Id}",
        (string s, out (string Id, long Index) k) =>
        {
            var cut = s.IndexOf('~', StringComparison.Ordinal);
            var index = 0L;
            var ok = cut > 0 && long.TryParse(s.AsSpan(0, cut), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
            k = ok ? (s[(cut + 1)..], index) : default;
            return ok;
        });

    static readonly ListOrder<Agreement, string> AgreementOrder = ListOrders.ById<Agreement>(a => a.Id);
    static readonly ListOrder<Checkpoint, string> CheckpointOrder = ListOrders.ById<Checkpoint>(c => c.Id);
    static readonly ListOrder<Notice, long> NoticeOrder = ListOrders.ByIndex<Notice>(n => n.Index);
    static readonly ListOrder<Transit, long> TransitOrder = ListOrders.ByIndex<Transit>(t => t.Index);
    static readonly ListOrder<Activity, long> ActivityOrder = ListOrders.ByIndex<Activity>(a => a.Index);

    static PageStart<TKey> Start<TRecord, TKey>(HttpContext ctx, ListOrder<TRecord, TKey> order) => new QueryArgs(ctx.Request.Query).Page(order);

    static IResult Agreements(HttpContext ctx, LedgerService l)
    {
        var start = Start(ctx, AgreementOrder);
        return TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => Paging.Take(b.Agreements.Values, AgreementOrder, start, _ => true, a => new AgreementView(
            a.Id,
            a.Title,
            a.Index,
            a.Draft ? "draft" : "in-force",
            a.ProposedBy,
            [.. a.Responses.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new AgreementResponseView(r.Key, r.Value.Decision, r.Value.Reason, r.Value.Index))],
            [.. a.Provisions.Values.OrderBy(p => p.Number.Length).ThenBy(p => p.Number, StringComparer.Ordinal)
                .Select(p => new ProvisionView(p.Number, p.Text, p.Actors, [.. p.Rules.Select(Rule)], p.AmendedBy))]))));
    }

    static RuleView Rule(Agreements.Rule r) => new(r.Type, r.Activities, r.Actors, r.Corridor, r.Area is null ? null : GeoJson.Write(r.Area),
        r.From, r.Until, r.Due, r.MetBy, r.Measure, r.Max, r.Categories, r.ConsentBy, r.WidthKm, r.Years, r.NoticeMonths);

    static IResult Corridors(HttpContext ctx, LedgerService l)
    {
        var start = Start(ctx, CorridorOrder);
        return TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => Paging.Take(b.Corridors.Values.SelectMany(v => v), CorridorOrder, start, _ => true,
            c => new CorridorView(c.Id, c.Index, GeoJson.Write(c.Route), c.WidthKm, c.ControlledBy, c.ValidFrom, c.ValidUntil, c.Approximate, c.Synthetic))));
    }

    static IResult Checkpoints(HttpContext ctx, LedgerService l)
    {
        var start = Start(ctx, CheckpointOrder);
        return TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => Paging.Take(b.Checkpoints.Values, CheckpointOrder, start, _ => true,
            c => new CheckpointView(c.Id, c.Name, c.Corridor, c.ControlledBy, new LatLon(c.Lat, c.Lon), c.Index, c.Synthetic))));
    }

    static IResult Movements(HttpContext ctx, LedgerService l)
    {
        var start = Start(ctx, NoticeOrder);
        return TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => Paging.Seek(b.Notices.Values, NoticeOrder, start, _ => true,
            n => new NoticeView(n.Index, n.Id, n.Party, n.People, n.Vehicles, n.Purpose, n.Corridor, n.From, n.Until, n.AnswerBy, n.Synthetic,
                [.. n.Consents.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ConsentView(c.Key, c.Value.Given, c.Value.Reason, c.Value.Index, c.Value.Time))]))));
    }

    static IResult Transits(HttpContext ctx, LedgerService l)
    {
        var start = Start(ctx, TransitOrder);
        return TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => Paging.Seek(b.Transits.Values, TransitOrder, start, _ => true,
            t => new TransitView(t.Index, t.Party, t.Checkpoint, t.Direction, t.Time, t.Notice, t.Mover, t.People, t.Vehicles, t.Cargo, t.Synthetic))));
    }

    static IResult Activities(HttpContext ctx, LedgerService l)
    {
        var start = Start(ctx, ActivityOrder);
        return TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => Paging.Seek(b.Activities.Values, ActivityOrder, start, _ => true,
            a => new MandateActivityView(a.Index, a.Kind, a.Actor, a.Party, GeoJson.Write(a.Where), a.Start, a.End,
                a.Agreement is null ? null : new ActivityAuthority(a.Agreement, a.Provision), a.Counts, a.Description, a.Synthetic))));
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
