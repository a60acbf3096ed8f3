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
        app.MapGet("/api/layers", List);
        app.MapGet("/api/layers/{module}/{layer}", Get);
    }

    static IResult List(LedgerService l) => TypedResults.Ok(new
    {
        layers = l.Modules.SelectMany(m => m.Layers.Select(x => new
        {
            module = m.Name,
            id = x.Id,
            title = x.Title,
            description = x.Description,
            href = $"/api/layers/{m.Name}/{x.Id}",
        })).ToList(),
    });

    static IResult Get(string module, string layer, HttpContext ctx, LedgerService l)
    {
        var found = l.Modules.FirstOrDefault(m => m.Name == module)?.Layers.FirstOrDefault(x => x.Id == layer);
        if (found is null)
        {
            return TypedResults.Problem(detail: $"no layer '{module}/{layer}' (GET /api/layers lists them)", statusCode: 404);
        }
        var limit = new QueryArgs(ctx.Request.Query).Limit(1000, 10_000);
        var features = found.Features(Requests.ReaderOf(ctx, l), limit + 1);
        return TypedResults.Ok(new
        {
            type = "FeatureCollection",
            title = found.Title,
            numberReturned = Math.Min(features.Count, limit),
            // One more than asked for was fetched: a layer cut by the limit says so instead of looking complete.
            truncated = features.Count > limit,
            features = features.Take(limit).Select(f => new { type = "Feature", id = f.Id, geometry = f.Geometry, properties = f.Properties }),
        });
    }
}
