using System.ComponentModel;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Services;
using Truce.Http;
using Truce.Places;
using Truce.Server.Endpoints.Ogc;

namespace Truce.Server.Endpoints;

/// <summary>
/// What the dashboard's map draws of a collection: its features grouped on the server into the cells of a zoom level
/// (<see cref="MapGrid"/>), so a map of a million incidents receives one answer per cell in view, never every point.
/// The filters are those of the collection's OGC items (bbox, datetime, a queryable's value, a CQL2 filter), and each
/// answer is made from the reader's own book.
/// </summary>
public static class MapEndpoints
{
    public static void MapMap(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(new ApiTag("map", "What a map draws: every collection's features grouped on the server, however many there are."));
        api.MapGet("/map/{collection}", Clusters)
            .Doc("getMapClusters", ApiAccess.Reader, "A collection grouped for a map",
                "A GeoJSON FeatureCollection of the collection's features the reader may see that match the filters, grouped into "
                + $"squares of {MapGrid.CellPixels} screen pixels at the zoom level given (Web Mercator, 256 pixels to a tile): a square "
                + "holding one feature gives the feature; one holding more gives a Point feature with `cluster: true`, `count`, and the "
                + "`bbox` of its members. `numberMatched` counts every match. The bbox is required above zoom 6 and may span at most "
                + $"{MapGrid.MaxCells:N0} squares.")
            .Params(ApiParams.Path("collection", "An OGC collection id (GET /ogc/collections lists them), e.g. `incidents`."),
                new ApiParameter("zoom", "integer", "The map's zoom level.", Required: true, Minimum: 0, Maximum: MapGrid.MaxZoom),
                ApiParams.Bbox,
                new ApiParameter("datetime", "string", "Only what overlaps this instant or interval (OGC API – Features: `a/b`, `../b`, `a/..`)."),
                new ApiParameter("filter", "string", "A CQL2 text filter on the collection's queryables."),
                ApiParams.Naming)
            .Json<MapAnswer>().Problems(400, 404);
    }

    static IResult Clusters(string collection, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var layer = OgcCatalog.Find(l, g, collection);
        var query = OgcQuery.Read(ctx, layer, g, OgcQuery.MapParameters);
        var zoom = new QueryArgs(ctx.Request.Query).Long("zoom") ?? throw new ValidationException("zoom", "is required: the map's zoom level, 0 to 22");
        if (zoom > MapGrid.MaxZoom)
        {
            throw new ValidationException("zoom", $"must be from 0 to {MapGrid.MaxZoom}");
        }
        var grid = new MapGrid((int)zoom);
        var box = query.Bbox ?? (zoom <= 6 ? new BoundingBox(-180, -90, 180, 90)
            : throw new ValidationException("bbox", "is required above zoom 6: the map's view"));
        if (grid.CellsIn(box) > MapGrid.MaxCells)
        {
            throw new ValidationException("bbox", $"spans more than {MapGrid.MaxCells:N0} squares at zoom {zoom}: ask for the map's view, or a lower zoom");
        }
        var answer = layer.Clusters(Requests.ReaderOf(ctx, l), query, grid);
        return TypedResults.Json(new MapAnswer("FeatureCollection", layer.Id, (int)zoom, answer.Matched,
            [.. answer.Clusters.Select(ClusterFeature), .. answer.Features.Select(f => new Feature("Feature", f.Id, f.Geometry, f.Properties))]),
            FeatureJson.Options);
    }

    static Feature ClusterFeature(LayerCluster c) => new("Feature", $"cluster:{Round(c.Lon)},{Round(c.Lat)}",
        System.Text.Json.JsonSerializer.SerializeToElement(new { type = "Point", coordinates = new[] { Round(c.Lon), Round(c.Lat) } }),
        new Dictionary<string, object?>
        {
            ["cluster"] = true,
            ["count"] = c.Count,
            ["bbox"] = new[] { Round(c.Box.MinLon), Round(c.Box.MinLat), Round(c.Box.MaxLon), Round(c.Box.MaxLat) },
        });

    static double Round(double degrees) => Math.Round(degrees, 6);
}

/// <summary>A collection grouped for a map: clusters and single features, as GeoJSON.</summary>
public sealed record MapAnswer(
    string Type,
    [property: Description("The collection.")] string Collection,
    [property: Description("The zoom level the features are grouped for.")] int Zoom,
    [property: Description("How many features matched, in clusters or not.")] long NumberMatched,
    [property: Description("Clusters (`cluster: true`) and single features.")] IReadOnlyList<Feature> Features);
