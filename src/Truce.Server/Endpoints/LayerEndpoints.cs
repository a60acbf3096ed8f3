using System.ComponentModel;
using System.Text.Json;
using Truce.Core.Services;
using Truce.Http;

namespace Truce.Server.Endpoints;

/// <summary>
/// The feature collections every module declares (<see cref="Core.Modules.FeatureLayer"/>), as GeoJSON: what the map
/// and exports read. Each is answered from the reader's own book, so a layer shows exactly what its reader may see.
/// </summary>
public static class LayerEndpoints
{
    public static void MapLayers(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(new ApiTag("layers", "Every module's feature layers as GeoJSON, each answered from what the reader may see: what maps and exports read."));
        api.MapGet("/layers", List)
            .Doc("listLayers", ApiAccess.Public, "List feature layers", "Each layer the modules this deployment runs declare, and where to get it.")
            .Json<LayerList>();
        api.MapGet("/layers/{module}/{layer}", Get)
            .Doc("getLayer", ApiAccess.Reader, "A feature layer",
                "A GeoJSON FeatureCollection (served as application/json) of the layer's features the reader may see, with how many were "
                + "returned and whether `limit` cut the layer short.")
            .Params(ApiParams.Path("module", "The module, e.g. `incidents` (GET /api/layers lists them)."),
                ApiParams.Path("layer", "The layer's id within the module, e.g. `incidents`."), ApiParams.Limit(1000, 10_000))
            .Json<FeatureCollection>().Problems(404);
    }

    static IResult List(LedgerService l) => TypedResults.Ok(new LayerList(
        [.. l.Modules.SelectMany(m => m.Layers.Select(x => new LayerInfo(m.Name, x.Id, x.Title, x.Description, $"/api/layers/{m.Name}/{x.Id}")))]));

    static IResult Get(string module, string layer, HttpContext ctx, LedgerService l)
    {
        var found = l.Modules.FirstOrDefault(m => m.Name == module)?.Layers.FirstOrDefault(x => x.Id == layer);
        if (found is null)
        {
            return TypedResults.Problem(detail: $"no layer '{module}/{layer}' (GET /api/layers lists them)", statusCode: 404);
        }
        var limit = new QueryArgs(ctx.Request.Query).Limit(1000, 10_000);
        var page = found.Query(Requests.ReaderOf(ctx, l), new Core.Modules.LayerQuery { Limit = limit, Count = false, Stop = ctx.RequestAborted });
        return TypedResults.Ok(new FeatureCollection(
            "FeatureCollection",
            found.Title,
            page.Features.Count,
            // A layer cut by the limit says so instead of looking complete.
            page.Next is not null,
            page.Features.Select(f => new Feature("Feature", f.Id, f.Geometry, f.Properties))));
    }
}

public sealed record LayerList(List<LayerInfo> Layers);

public sealed record LayerInfo(string Module, string Id, string Title, string Description, string Href);

/// <summary>A GeoJSON FeatureCollection with the OGC API – Features count of what was returned.</summary>
public sealed record FeatureCollection(string Type, string Title, int NumberReturned,
    [property: Description("True when `limit` cut the layer short.")] bool Truncated, IEnumerable<Feature> Features);

/// <summary>A GeoJSON Feature.</summary>
public sealed record Feature(string Type, string Id, [property: Description("GeoJSON geometry.")] JsonElement Geometry, IReadOnlyDictionary<string, object?> Properties);
