using System.Text.Json.Nodes;
using Truce.Core.Modules;

namespace Truce.Server.Endpoints.Ogc;

/// <summary>
/// The OpenAPI 3.0 document of /ogc (OGC API – Features /req/oas30): built from the collections the deployment serves,
/// with a path per collection's items that lists its queryables as parameters, as OGC clients read them.
/// </summary>
public static class OgcApiDocument
{
    public static JsonObject Build(string server, IReadOnlyList<FeatureLayer> layers)
    {
        var paths = new JsonObject
        {
            ["/"] = Get("getLandingPage", "Landing page", "The links to the API definition, the conformance classes and the collections.", "application/json"),
            ["/conformance"] = Get("getConformance", "Conformance classes", "The OGC conformance classes this API implements.", "application/json"),
            ["/collections"] = Get("getCollections", "Collections", "Every collection, with its extent as the reader sees it.", "application/json"),
        };
        foreach (var layer in layers)
        {
            var at = "/collections/" + layer.Id;
            paths[at] = Get($"describe_{Id(layer)}", layer.Title, layer.Description, "application/json");
            paths[at + "/queryables"] = Get($"queryables_{Id(layer)}", $"{layer.Title}: queryables", "The properties a filter may name, as JSON Schema.", "application/schema+json");
            paths[at + "/items"] = Get($"items_{Id(layer)}", $"{layer.Title}: features", layer.Description, "application/geo+json",
                [Limit(), Param("bbox", "Only features whose envelope meets this box: minLon,minLat,maxLon,maxLat (CRS84).", Array("number")),
                    Param("datetime", "Only features whose time meets this instant or interval (RFC 3339; '..' for an open end)."),
                    Param("after", "The cursor a page's next link carries."),
                    Param("filter", "A CQL2 text filter on the queryables (comparisons, AND, OR, NOT)."),
                    Param("filter-lang", "The filter's language.", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("cql2-text") }),
                    Param("naming", "How places are named: neutral (the default), a party's convention or a language code."),
                    .. layer.Queryables.Select(q => Param(q.Name, q.Description, Schema(q.Type)))]);
            paths[at + "/items/{featureId}"] = Get($"item_{Id(layer)}", $"{layer.Title}: one feature", "One feature by id, if the reader may see it.",
                "application/geo+json", [new JsonObject { ["name"] = "featureId", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } }]);
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Truce – OGC API – Features",
                ["version"] = "1.0",
                ["description"] = "The record's feature collections, each answered from what the reader may see (an API token as a bearer token reads as its party).",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = server }),
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject { ["apiToken"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
            },
            ["security"] = new JsonArray(new JsonObject(), new JsonObject { ["apiToken"] = new JsonArray() }),
            ["paths"] = paths,
        };
    }

    static string Id(FeatureLayer layer) => layer.Id.Replace('-', '_');

    static JsonObject Limit() => new()
    {
        ["name"] = "limit",
        ["in"] = "query",
        ["description"] = $"At most this many features (default {OgcQuery.DefaultLimit}; more than {OgcQuery.MaxLimit} is served as {OgcQuery.MaxLimit}).",
        ["style"] = "form",
        ["explode"] = false,
        ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = OgcQuery.MaxLimit, ["default"] = OgcQuery.DefaultLimit },
    };

    static JsonObject Array(string of) => new() { ["type"] = "array", ["minItems"] = 4, ["maxItems"] = 4, ["items"] = new JsonObject { ["type"] = of } };

    static JsonObject Schema(string type) => type == "date-time"
        ? new JsonObject { ["type"] = "string", ["format"] = "date-time" }
        : new JsonObject { ["type"] = type };

    static JsonObject Param(string name, string description, JsonObject? schema = null) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["required"] = false,
        ["description"] = description,
        ["style"] = "form",
        ["explode"] = false,
        ["schema"] = schema ?? new JsonObject { ["type"] = "string" },
    };

    static JsonObject Get(string id, string summary, string description, string type, IEnumerable<JsonObject>? parameters = null)
    {
        var op = new JsonObject
        {
            ["operationId"] = id,
            ["summary"] = summary,
            ["description"] = description,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = summary,
                    ["content"] = new JsonObject { [type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
                },
                ["400"] = Problem("A parameter is unknown or bad; the answer names it."),
                ["401"] = Problem("The bearer token is not valid."),
                ["404"] = Problem("No such collection or feature (or not one the reader may see)."),
            },
        };
        if (parameters is not null)
        {
            op["parameters"] = new JsonArray([.. parameters]);
        }
        return new JsonObject { ["get"] = op };
    }

    static JsonObject Problem(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
    };
}
