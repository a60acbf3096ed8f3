using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Services;
using Truce.Http;
using Truce.Places;

namespace Truce.Server.Endpoints.Ogc;

/// <summary>
/// OGC API – Features at <c>/ogc</c> (Part 1: Core, GeoJSON, OpenAPI 3.0; Part 3: queryables and a CQL2 text filter,
/// Basic CQL2): one collection per layer the modules declare, plus the gazetteer (<see cref="OgcCatalog"/>). Every
/// answer is the reader's (a bearer token, as everywhere) and names places in the reader's naming. docs/EXCHANGE.md.
/// Described by its own OpenAPI 3.0 document (<c>/ogc/api</c>, <see cref="OgcApiDocument"/>), not /openapi/v1.json.
/// </summary>
public static class OgcEndpoints
{
    public const string GeoJson = "application/geo+json";
    const string Json = "application/json";
    const string OpenApi30 = "application/vnd.oai.openapi+json;version=3.0";
    const string QueryablesRel = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

    public static readonly string[] Conformance =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    ];

    public static void MapOgc(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").ExcludeFromDescription();
        ogc.MapGet("/", Landing);
        ogc.MapGet("/api", (HttpContext ctx, LedgerService l, Gazetteer g) => Send(ctx, OgcApiDocument.Build(Base(ctx), OgcCatalog.All(l, g)), OpenApi30));
        ogc.MapGet("/conformance", (HttpContext ctx) => Send(ctx, new JsonObject { ["conformsTo"] = new JsonArray([.. Conformance.Select(c => (JsonNode)c)]) }));
        ogc.MapGet("/collections", Collections);
        ogc.MapGet("/collections/{collectionId}", Collection);
        ogc.MapGet("/collections/{collectionId}/queryables", Queryables);
        ogc.MapGet("/collections/{collectionId}/items", Items);
        ogc.MapGet("/collections/{collectionId}/items/{featureId}", Item);
    }

    /// <summary>Where /ogc is, as the client reached it: links are absolute, as OGC clients expect.</summary>
    static string Base(HttpContext ctx) => $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}/ogc";

    static JsonObject Link(string href, string rel, string type, string? title = null)
    {
        var link = new JsonObject { ["href"] = href, ["rel"] = rel, ["type"] = type };
        if (title is not null)
        {
            link["title"] = title;
        }
        return link;
    }

    static async Task Send(HttpContext ctx, JsonNode body, string type = Json)
    {
        ctx.Response.ContentType = type;
        await using (var w = FeatureJson.Writer(ctx.Response.BodyWriter))
        {
            body.WriteTo(w);
        }
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    static Task Landing(HttpContext ctx)
    {
        var b = Base(ctx);
        return Send(ctx, new JsonObject
        {
            ["title"] = "Truce",
            ["description"] = "The shared record of a ceasefire as OGC API – Features: each collection holds what the reader may see "
                + "(send an API token as 'Authorization: Bearer …' to read as its party).",
            ["links"] = new JsonArray(Link(b, "self", Json, "This document"), Link($"{b}/api", "service-desc", OpenApi30, "The API definition"),
                Link($"{b}/conformance", "conformance", Json, "Conformance classes"), Link($"{b}/collections", "data", Json, "The collections")),
        });
    }

    static Task Collections(HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var b = Base(ctx);
        var reader = Requests.ReaderOf(ctx, l);
        var all = OgcCatalog.All(l, g).Select(x => (JsonNode)Describe(b, x, x.Extent(reader, ctx.RequestAborted)));
        return Send(ctx, new JsonObject
        {
            ["links"] = new JsonArray(Link($"{b}/collections", "self", Json)),
            ["collections"] = new JsonArray([.. all]),
        });
    }

    static Task Collection(string collectionId, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var layer = OgcCatalog.Find(l, g, collectionId);
        return Send(ctx, Describe(Base(ctx), layer, layer.Extent(Requests.ReaderOf(ctx, l), ctx.RequestAborted)));
    }

    static JsonObject Describe(string b, FeatureLayer layer, LayerExtent extent)
    {
        var at = $"{b}/collections/{Uri.EscapeDataString(layer.Id)}";
        var c = new JsonObject
        {
            ["id"] = layer.Id,
            ["title"] = layer.Title,
            ["description"] = layer.Description,
            ["itemType"] = "feature",
            ["crs"] = new JsonArray("http://www.opengis.net/def/crs/OGC/1.3/CRS84"),
            ["links"] = new JsonArray(Link(at, "self", Json), Link($"{at}/items", "items", GeoJson, layer.Title),
                Link($"{at}/queryables", QueryablesRel, "application/schema+json", "What a filter may name")),
        };
        if (extent.Bbox is { } box)
        {
            var e = new JsonObject
            {
                ["spatial"] = new JsonObject
                {
                    ["bbox"] = new JsonArray(new JsonArray(box.MinLon, box.MinLat, box.MaxLon, box.MaxLat)),
                    ["crs"] = "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                },
            };
            if (extent.Start is not null || extent.End is not null)
            {
                e["temporal"] = new JsonObject
                {
                    ["interval"] = new JsonArray(new JsonArray(Time(extent.Start), Time(extent.End))),
                    ["trs"] = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
                };
            }
            c["extent"] = e;
        }
        return c;
    }

    static JsonNode? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    static Task Queryables(string collectionId, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var layer = OgcCatalog.Find(l, g, collectionId);
        var properties = new JsonObject();
        foreach (var q in layer.Queryables)
        {
            var p = new JsonObject { ["title"] = q.Name, ["description"] = q.Description, ["type"] = q.Type == "date-time" ? "string" : q.Type };
            if (q.Type == "date-time")
            {
                p["format"] = "date-time";
            }
            properties[q.Name] = p;
        }
        return Send(ctx, new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2019-09/schema",
            ["$id"] = $"{Base(ctx)}/collections/{Uri.EscapeDataString(layer.Id)}/queryables",
            ["type"] = "object",
            ["title"] = layer.Title,
            ["properties"] = properties,
            ["additionalProperties"] = true,
        }, "application/schema+json");
    }

    static async Task Items(string collectionId, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var layer = OgcCatalog.Find(l, g, collectionId);
        var query = OgcQuery.Read(ctx, layer, g);
        var page = layer.Query(Requests.ReaderOf(ctx, l), query);
        var at = $"{Base(ctx)}/collections/{Uri.EscapeDataString(layer.Id)}";
        var self = $"{at}/items{ctx.Request.QueryString}";
        ctx.Response.ContentType = GeoJson;
        await using var w = FeatureJson.Writer(ctx.Response.BodyWriter);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        foreach (var f in page.Features)
        {
            FeatureJson.Write(w, f);
        }
        w.WriteEndArray();
        w.WriteStartArray("links");
        Link(self, "self", GeoJson, "This page").WriteTo(w);
        if (page.Next is { } next)
        {
            var rest = ctx.Request.Query.Where(p => p.Key != "after").SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"));
            Link($"{at}/items?{string.Join('&', rest.Append("after=" + Uri.EscapeDataString(next)))}", "next", GeoJson, "The next page").WriteTo(w);
        }
        Link(at, "collection", Json, layer.Title).WriteTo(w);
        w.WriteEndArray();
        if (page.Matched is { } matched)
        {
            w.WriteNumber("numberMatched", matched);
        }
        w.WriteNumber("numberReturned", page.Features.Count);
        w.WriteEndObject();
        await w.FlushAsync(ctx.RequestAborted);
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    static async Task Item(string collectionId, string featureId, HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var layer = OgcCatalog.Find(l, g, collectionId);
        var naming = Naming.Of(new QueryArgs(ctx.Request.Query));
        var query = new LayerQuery { Naming = naming, NearestSettlement = (lat, lon) => Naming.NearestSettlement(g, lat, lon, naming), Stop = ctx.RequestAborted };
        var f = layer.Item(Requests.ReaderOf(ctx, l), featureId, query)
            ?? throw new RefusedException(RefusalKind.NotFound, $"no feature '{featureId}' in '{layer.Id}'");
        var at = $"{Base(ctx)}/collections/{Uri.EscapeDataString(layer.Id)}";
        ctx.Response.ContentType = GeoJson;
        await using var w = FeatureJson.Writer(ctx.Response.BodyWriter);
        FeatureJson.Write(w, f, w =>
        {
            w.WriteStartArray("links");
            Link($"{at}/items/{Uri.EscapeDataString(f.Id)}", "self", GeoJson).WriteTo(w);
            Link(at, "collection", Json, layer.Title).WriteTo(w);
            w.WriteEndArray();
        });
        await w.FlushAsync(ctx.RequestAborted);
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }
}
