using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Services;
using Truce.Http;
using Truce.Places;
using Truce.Server.Endpoints.Ogc;

namespace Truce.Server.Endpoints;

/// <summary>
/// <c>GET /api/export/{collection}?format=…</c>: a whole collection as the reader sees it, streamed (docs/EXCHANGE.md).
/// The formats are the standard ones and those the modules add for their collections (<see cref="ModuleRegistration.Exports"/>).
/// An export may work for up to an hour (<see cref="Budget"/>), not the server's 30 s; it stops when its client goes.
/// </summary>
public static class ExportEndpoints
{
    public static readonly TimeSpan Budget = TimeSpan.FromHours(1);

    /// <summary>The formats of every collection: the standard ones and the composed modules' own.</summary>
    public static ExportFormats Formats { get; } = new(Composition.Modules.All.SelectMany(m => m.Exports));

    public static void MapExports(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").Tagged(new ApiTag("exports", "Whole collections as files (GeoJSON, CSV, HXL, and the modules' own formats), streamed, as the reader sees them."))
            .MapGet("/export/{collection}", Export)
            .WithMetadata(new RequestBudgetMetadata(Budget))
            .Doc("exportCollection", ApiAccess.Reader, "Export a collection",
                "Every feature of the collection the reader may see, in a stable order with stable ids, streamed as the format asks; "
                + "the header `Truce-Feature-Count` says how many. The collections are those of /ogc/collections.")
            .Params(ApiParams.Path("collection", "The collection, e.g. `hazards` (GET /ogc/collections lists them)."),
                new ApiParameter("format", "string", "geojson (the default), csv, hxl, or a format the collection's module adds (incidents: ucdp-ged, acled; hazards: import-geojson, import-csv; minefields: import-geojson)."),
                ApiParams.Naming)
            .Produces<string>(200, "application/geo+json", "text/csv").Problems(404);
    }

    static async Task Export(string collection, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var layer = OgcCatalog.Find(l, g, collection);
        var name = q.Str("format", 32) ?? "geojson";
        var format = Formats.Find(layer.Id, name)
            ?? throw new ValidationException("format", $"must be one of {string.Join(", ", Formats.For(layer.Id).Select(f => f.Name))} for {layer.Id}");
        var naming = Naming.Of(q);
        var job = new ExportJob
        {
            Layer = layer,
            Reader = Requests.ReaderOf(ctx, l),
            Ledger = l,
            Query = new LayerQuery { Naming = naming, NearestSettlement = (lat, lon) => Naming.NearestSettlement(g, lat, lon, naming), Stop = ctx.RequestAborted },
        };
        ctx.Response.ContentType = format.MediaType + (format.MediaType.StartsWith("text/", StringComparison.Ordinal) ? "; charset=utf-8" : "");
        ctx.Response.Headers.ContentDisposition = $"attachment; filename=\"{layer.Id}.{format.Extension}\"";
        ctx.Response.Headers["Truce-Feature-Count"] = job.Count().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await format.Write(job, ctx.Response.Body);
    }
}
