using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Core.Queries;
using Truce.Core.Services;
using Truce.Http;
using Truce.Incidents.Correlation;
using Truce.Incidents.Queries;
using Truce.Places;

namespace Truce.Incidents.Http;

/// <summary>Reads of incidents, reports, claims, restrictions and the hotline. Writes are signed entries (POST /api/entries).</summary>
public static class IncidentEndpoints
{
    public static void MapIncidents(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(IncidentsApi.Tag);
        api.MapGet("/taxonomy", Taxonomy).DescribeTaxonomy();
        api.MapGet("/incidents", Incidents).DescribeIncidents();
        api.MapGet("/incidents/{id}", Incident).DescribeIncident();
        api.MapGet("/reports", Reports).DescribeReports();
        api.MapGet("/reports/{index:long}", Report).DescribeReport();
        api.MapGet("/reports/{index:long}/candidates", Candidates).DescribeCandidates();
        api.MapGet("/claims", Claims).DescribeClaims();
        api.MapGet("/restrictions", Restrictions).DescribeRestrictions();
        api.MapGet("/hotline", Hotline).DescribeHotline();
        api.MapGet("/stats/daily", Daily).DescribeDaily();
        api.MapGet("/correlation/settings", (HttpContext ctx, LedgerService l) =>
            TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => b.Correlator.Settings))).DescribeSettings();
    }

    /// <summary>The cursor of a list by log index (only its reading is used here: each list writes its own).</summary>
    static readonly ListOrder<long, long> ByIndex = ListOrders.ByIndex<long>(i => i);

    static IncidentsModule Module(LedgerService l) => Requests.Module<IncidentsModule>(l, "incidents");

    /// <summary>Incident ids are written I-123 (123 is the log index of the entry that created it); a bare number works too.</summary>
    public static long IncidentId(string text, string field = "id") =>
        IncidentIds.Parse(text) ?? throw new ValidationException(field, "must be an incident id such as I-42");

    static IResult Taxonomy(HttpContext ctx, LedgerService l) => TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => new TaxonomyView(
        [.. b.Taxonomy.Categories.Order(StringComparer.Ordinal)],
        [.. b.Taxonomy.Types.OrderBy(t => t.Category, StringComparer.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal)],
        b.Taxonomy.Perceptions,
        b.Taxonomy.Sources,
        b.Taxonomy.Precisions,
        Statuses.All)));

    static IncidentFilter Filter(HttpContext ctx, IncidentBook book)
    {
        var q = new QueryArgs(ctx.Request.Query);
        return new IncidentFilter
        {
            From = q.Time("from"),
            To = q.Time("to"),
            Bbox = q.Bbox(),
            Area = q.Area(),
            Type = q.OneOf("type", [.. book.Taxonomy.Types.Select(t => t.Id)]),
            Category = q.OneOf("category", book.Taxonomy.Categories),
            Status = q.OneOf("status", Statuses.All),
            Party = q.Str("party", 64),
            Source = q.OneOf("source", book.Taxonomy.Sources),
        };
    }

    static IncidentView Named(IncidentView v, Gazetteer g, string naming) =>
        v with { Near = Naming.NearestSettlement(g, v.Location.Lat, v.Location.Lon, naming) };

    static IResult Incidents(HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var naming = Naming.Of(new QueryArgs(ctx.Request.Query));
        var start = new QueryArgs(ctx.Request.Query).Page(IncidentQueries.IncidentOrder);
        var page = Module(l).Read(reader, b => IncidentQueries.Incidents(b, Filter(ctx, b), start));
        return TypedResults.Ok(page with { Items = [.. page.Items.Select(v => Named(v, g, naming))] });
    }

    static IResult Incident(string id, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var n = IncidentId(id);
        var naming = Naming.Of(new QueryArgs(ctx.Request.Query));
        var detail = Module(l).Read(reader, b => IncidentQueries.Detail(b, n));
        // Read after the incidents' lock is let go: the evidence module hashes files it has not hashed yet.
        return detail is null ? NotFound($"no incident {id} that you may read") : TypedResults.Ok(detail with
        {
            Incident = Named(detail.Incident, g, naming),
            AttachedEvidence = l.EvidenceOf(reader, EvidenceTargets.Incident, IncidentIds.Format(n)),
        });
    }

    static IResult Reports(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var start = new QueryArgs(ctx.Request.Query).Page(IncidentQueries.ReportOrder);
        return TypedResults.Ok(Module(l).Read(reader, b => IncidentQueries.Reports(b, Filter(ctx, b), start)));
    }

    static IResult Report(long index, HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var r = Module(l).Read(reader, b => IncidentQueries.Report(b, index));
        return r is null ? NotFound($"no report {index} that you may read")
            : TypedResults.Ok(r with { AttachedEvidence = l.EvidenceOf(reader, EvidenceTargets.Report, index.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
    }

    static IResult Candidates(long index, HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var r = Module(l).Read(reader, b => IncidentQueries.Candidates(b, index));
        return r is null ? NotFound($"no report {index} that you may read") : TypedResults.Ok(new CandidateList(index, r));
    }

    static IResult Claims(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var q = new QueryArgs(ctx.Request.Query);
        var incident = q.Str("incident", 24) is { } s ? IncidentId(s, "incident") : (long?)null;
        var start = q.Page(ByIndex);
        var page = Module(l).Read(reader, b => IncidentQueries.Claims(b, incident, start));
        // Read after the incidents' lock is let go, as in an incident's detail.
        return TypedResults.Ok(page with
        {
            Items = [.. page.Items.Select(c => c with { AttachedEvidence = l.EvidenceOf(reader, EvidenceTargets.Claim, c.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)) })],
        });
    }

    static IResult Restrictions(HttpContext ctx, LedgerService l)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var q = new QueryArgs(ctx.Request.Query);
        var (from, to, start) = (q.Time("from"), q.Time("to"), q.Page(ByIndex));
        return TypedResults.Ok(Module(l).Read(reader, b => IncidentQueries.Restrictions(b, from, to, start,
            r => new RestrictionView(r.Index, r.Party, r.Kind, r.Start, r.End, new LatLon(r.Lat, r.Lon), r.By, r.Team, r.Description, r.Synthetic))));
    }

    static IResult Hotline(HttpContext ctx, LedgerService l)
    {
        var caller = Requests.CallerOf(ctx, l) ?? throw new RefusedException(RefusalKind.Unauthenticated, "the hotline is for the parties and the mission: send an API token");
        var q = new QueryArgs(ctx.Request.Query);
        var start = q.Page(ByIndex);
        return TypedResults.Ok(Module(l).Read(caller.AsReader, b => IncidentQueries.Hotline(b, start,
            m => new HotlineView(m.Index, m.Party, m.To, m.Time, m.Subject, m.Text, m.Urgency, m.ReplyTo, [.. m.Incidents.Select(IncidentIds.Format)], m.Synthetic))));
    }

    static IResult Daily(HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var reader = Requests.ReaderOf(ctx, l);
        var q = new QueryArgs(ctx.Request.Query);
        var to = q.Time("to") ?? l.Time.GetUtcNow();
        var from = q.Time("from") ?? to.AddDays(-30);
        if (to - from > TimeSpan.FromDays(3660) || to < from)
        {
            throw new ValidationException("from", "must be before 'to' and at most ten years before it");
        }
        var by = q.OneOf("by", ["type", "area"]) ?? "type";
        var naming = Naming.Of(q);
        return TypedResults.Ok(Module(l).Read(reader, b => IncidentQueries.Daily(b, from, to, by, (lat, lon) => AreaOf(g, lat, lon, naming))));
    }

    /// <summary>An area is the nearest settlement (both sides' names, or the reader's naming), else a 0.1° cell. Districts
    /// are not used: each side has its own, and choosing one set would take a side.</summary>
    static string AreaOf(Gazetteer g, double lat, double lon, string naming) => Naming.NearestSettlement(g, lat, lon, naming)
        ?? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cell {Math.Floor(lat * 10) / 10:0.0}N {Math.Floor(lon * 10) / 10:0.0}E");

    static IResult NotFound(string detail) => TypedResults.Problem(detail: detail, statusCode: 404);
}
