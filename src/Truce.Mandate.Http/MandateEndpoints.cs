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
        var api = app.MapGroup("/api");
        api.MapGet("/agreements", Agreements);
        api.MapGet("/corridors", Corridors);
        api.MapGet("/movements", Movements);
        api.MapGet("/activities", Activities);
        api.MapGet("/compliance", Compliance);
    }

    static MandateModule Module(LedgerService l) => Requests.Module<MandateModule>(l, "mandate");

    static IResult Agreements(HttpContext ctx, LedgerService l) => TypedResults.Ok(new
    {
        agreements = Module(l).Read(Requests.ReaderOf(ctx, l), b => b.Frameworks.Select(a => new
        {
            a.Id,
            a.Title,
            a.Index,
            status = a.Draft ? "draft" : "in-force",
            a.ProposedBy,
            responses = a.Responses.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new { party = r.Key, decision = r.Value.Decision, reason = r.Value.Reason, entry = r.Value.Index }),
            provisions = a.Provisions.Values.OrderBy(p => p.Number.Length).ThenBy(p => p.Number, StringComparer.Ordinal).Select(p => new
            {
                p.Number,
                p.Text,
                p.Actors,
                rules = p.Rules.Select(r => new
                {
                    r.Type,
                    r.Activities,
                    r.Actors,
                    r.Corridor,
                    area = r.Area is null ? (object?)null : GeoJson.Write(r.Area),
                    r.From,
                    r.Until,
                    r.Due,
                    r.MetBy,
                    r.Measure,
                    r.Max,
                    r.Categories,
                    r.ConsentBy,
                    r.WidthKm,
                    r.Years,
                    r.NoticeMonths,
                }),
                p.AmendedBy,
            }),
        }).ToList()),
    });

    static IResult Corridors(HttpContext ctx, LedgerService l) => TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => new
    {
        corridors = b.Corridors.Values.SelectMany(v => v).OrderBy(c => c.Id, StringComparer.Ordinal).ThenBy(c => c.ValidFrom).Select(c => new
        {
            c.Id,
            c.Index,
            route = GeoJson.Write(c.Route),
            c.WidthKm,
            c.ControlledBy,
            c.ValidFrom,
            c.ValidUntil,
            c.Approximate,
            c.Synthetic,
        }).ToList(),
        checkpoints = b.Checkpoints.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => new
        {
            c.Id,
            c.Name,
            c.Corridor,
            c.ControlledBy,
            location = new { lat = c.Lat, lon = c.Lon },
            c.Index,
            c.Synthetic,
        }).ToList(),
    }));

    static IResult Movements(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var limit = new QueryArgs(ctx.Request.Query).Limit();
        return TypedResults.Ok(Module(l).Read(reader, b => new
        {
            notices = b.Notices.Values.Take(limit).Select(n => new
            {
                n.Index,
                n.Id,
                n.Party,
                n.People,
                n.Vehicles,
                n.Purpose,
                n.Corridor,
                n.From,
                n.Until,
                n.AnswerBy,
                n.Synthetic,
                consents = n.Consents.OrderBy(c => c.Key, StringComparer.Ordinal)
                    .Select(c => new { party = c.Key, given = c.Value.Given, reason = c.Value.Reason, entry = c.Value.Index, time = c.Value.Time }),
            }).ToList(),
            transits = b.Transits.Values.Take(limit).Select(t => new
            {
                t.Index,
                t.Party,
                t.Checkpoint,
                t.Direction,
                t.Time,
                t.Notice,
                t.Mover,
                t.People,
                t.Vehicles,
                t.Cargo,
                t.Synthetic,
            }).ToList(),
        }));
    }

    static IResult Activities(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var limit = new QueryArgs(ctx.Request.Query).Limit();
        return TypedResults.Ok(new
        {
            activities = Module(l).Read(reader, b => b.Activities.Values.Take(limit).Select(a => new
            {
                a.Index,
                a.Kind,
                a.Actor,
                a.Party,
                where = GeoJson.Write(a.Where),
                a.Start,
                a.End,
                authority = a.Agreement is null ? null : new { agreement = a.Agreement, provision = a.Provision },
                a.Counts,
                a.Description,
                a.Synthetic,
            }).ToList()),
        });
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
