using System.Text;
using Truce.Core.Entries;
using Truce.Core.Services;
using Truce.Http;
using Truce.Incidents.Exchange;
using Truce.Places;

namespace Truce.Incidents.Http;

/// <summary>GET /api/export/incidents?format=ucdp-ged|acled: every incident the reader may see, as an event dataset's
/// CSV (docs/EXCHANGE.md), streamed.</summary>
public static class IncidentExportEndpoints
{
    public static readonly string[] Formats = [.. EventDataset.All.Select(d => d.Name)];

    public static void MapIncidentExport(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api").Tagged(IncidentsApi.Tag).MapGet("/export/incidents", Export).DescribeExport();

    static async Task Export(HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var format = q.OneOf("format", Formats) ?? throw new ValidationException("format", $"is required: one of {string.Join(", ", Formats)}");
        var dataset = EventDataset.Find(format)!;
        var naming = Naming.Of(q);
        var reader = Requests.ReaderOf(ctx, l);
        var module = Requests.Module<IncidentsModule>(l, "incidents");
        ctx.Response.ContentType = "text/csv; charset=utf-8";
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"incidents-{format}.csv\"";
        await using var text = new StreamWriter(ctx.Response.Body, new UTF8Encoding(false), 1 << 16);
        await IncidentExport.WriteAsync(module, reader, dataset, text,
            v => v with { Near = Naming.NearestSettlement(g, v.Location.Lat, v.Location.Lon, naming) }, stop: ctx.RequestAborted);
    }

    static RouteHandlerBuilder DescribeExport(this RouteHandlerBuilder b) => b
        .Doc("exportIncidents", ApiAccess.Reader, "Export incidents as UCDP GED or ACLED CSV",
            "Every incident the reader may see, oldest first, one row each, in the column layout of the UCDP Georeferenced Event "
            + "Dataset or of ACLED, streamed at any size. docs/EXCHANGE.md gives every column and what is lost.")
        .Params(new ApiParameter("format", "string", "The layout.", Required: true, Values: Formats),
            new ApiParameter("naming", "string", "Place names in this convention (`neutral`, `az`, `am` or a language)."))
        .Produces<string>(200, "text/csv").ModuleEndpoint();
}
