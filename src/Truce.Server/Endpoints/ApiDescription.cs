using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Truce.Http;

namespace Truce.Server.Endpoints;

/// <summary>
/// /openapi/v1.json: the framework describes each endpoint from its mapping (operation id, tags, the types it accepts
/// and produces); this adds what the mappings declare as <see cref="ApiDocs"/> metadata (query parameters, who may
/// call, tags' descriptions) and what is the deployment's (the token scheme, what each problem status means).
/// tests/Truce.Tests/OpenApiTests.cs lints the result with Redocly and checks it against real answers.
/// </summary>
public static class ApiDescription
{
    const string TokenScheme = "apiToken";

    public static void Configure(OpenApiOptions o)
    {
        o.AddDocumentTransformer((doc, ctx, _) =>
        {
            Describe(doc, ctx);
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer((schema, _, _) =>
        {
            // The web defaults also read numbers written as strings, so the generator allows both; no endpoint binds its
            // body through them (each reads its own, strictly), and every answer writes numbers as numbers.
            if (schema.Type is { } t && (t & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (t & JsonSchemaType.String) != 0)
            {
                schema.Type = t & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
            return Task.CompletedTask;
        });
        o.AddOperationTransformer(async (op, ctx, ct) =>
        {
            var metadata = ctx.Description.ActionDescriptor.EndpointMetadata;
            AddParameters(op, metadata.OfType<ApiParameter>());
            if (metadata.OfType<ApiBody>().LastOrDefault() is { } body)
            {
                op.RequestBody = await RequestBody(body, ctx, ct);
            }
            op.Security = Security(metadata.OfType<ApiAccessMetadata>().LastOrDefault()?.Access ?? ApiAccess.Public, ctx.Document);
            ExplainResponses(op);
        });
    }

    static async Task<OpenApiRequestBody> RequestBody(ApiBody body, OpenApiOperationTransformerContext ctx, CancellationToken ct)
    {
        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var type in body.ContentTypes)
        {
            content[type] = new OpenApiMediaType { Schema = await ctx.GetOrCreateSchemaAsync(body.Type, null, ct) };
        }
        return new OpenApiRequestBody { Required = true, Description = body.Description, Content = content };
    }

    static void Describe(OpenApiDocument doc, OpenApiDocumentTransformerContext ctx)
    {
        doc.Info = new OpenApiInfo
        {
            Title = "Truce",
            Version = "1",
            Description = "One shared, verifiable record for the parties to a ceasefire and the mission that keeps it. Every record is a "
                + "signed entry in a tamper-evident Merkle log (C2SP tlog-tiles under /log/), written only through POST /api/entries "
                + "and signed by its party; API tokens are managed at /api/tokens. Every read answers only what the caller may see "
                + "(an API token, when sent, reads as its party; without one, as the public). Errors are RFC 9457 problem details.",
        };
        // The framework names this server as the request reached it, with a trailing slash that joins paths into "//".
        foreach (var server in doc.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
            server.Description ??= "this deployment";
        }
        doc.Components ??= new OpenApiComponents();
        doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        doc.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token of a registered member (`truce token issue`, or POST /api/tokens): `Authorization: Bearer <token>`.",
        };
        if (doc.Components.Schemas is { } schemas && schemas.TryGetValue("ProblemDetails", out var p) && p is OpenApiSchema problem)
        {
            DescribeProblem(problem);
        }
        var tags = ctx.DescriptionGroups.SelectMany(g => g.Items).SelectMany(i => i.ActionDescriptor.EndpointMetadata.OfType<ApiTag>())
            .DistinctBy(t => t.Name).OrderBy(t => t.Name, StringComparer.Ordinal);
        doc.Tags = new HashSet<OpenApiTag>(tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
    }

    /// <summary>The members ErrorMapping adds to RFC 9457's.</summary>
    static void DescribeProblem(OpenApiSchema problem)
    {
        problem.Description = "RFC 9457 problem details: `detail` says what is wrong, for the caller to read. Problems the framework writes (a route "
            + "that does not exist, some 404s) carry a `traceId` as well.";
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["field"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The parameter or body field at fault, e.g. `limit` or `body.location.geometry`.",
        };
        problem.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "Every field at fault, when there are several.",
            Items = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["field"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["problem"] = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            },
        };
        problem.Properties["existingIndex"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int64",
            Description = "For a 409 replay: the index of the entry already logged with that client id.",
        };
    }

    static void AddParameters(OpenApiOperation op, IEnumerable<ApiParameter> parameters)
    {
        foreach (var p in parameters)
        {
            op.Parameters ??= [];
            if (op.Parameters.OfType<OpenApiParameter>().FirstOrDefault(x => x.Name == p.Name) is { } bound)
            {
                bound.Description = p.Description;
                continue;
            }
            op.Parameters.Add(new OpenApiParameter
            {
                Name = p.Name,
                In = p.InPath ? ParameterLocation.Path : ParameterLocation.Query,
                Description = p.Description,
                Required = p.Required || p.InPath,
                Schema = Schema(p),
            });
        }
    }

    static OpenApiSchema Schema(ApiParameter p)
    {
        var one = new OpenApiSchema
        {
            Type = p.Type switch
            {
                "integer" => JsonSchemaType.Integer,
                "number" => JsonSchemaType.Number,
                "boolean" => JsonSchemaType.Boolean,
                _ => JsonSchemaType.String,
            },
            Minimum = p.Minimum?.ToString(CultureInfo.InvariantCulture),
            Maximum = p.Maximum?.ToString(CultureInfo.InvariantCulture),
            Enum = p.Values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        };
        return p.Repeated ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = one } : one;
    }

    /// <summary>A public endpoint reads no token; a reader's takes one or none; the rest need one.</summary>
    static List<OpenApiSecurityRequirement> Security(ApiAccess access, OpenApiDocument? doc)
    {
        var token = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, doc)] = [] };
        return access switch
        {
            ApiAccess.Public => [],
            ApiAccess.Reader => [new OpenApiSecurityRequirement(), token],
            _ => [token],
        };
    }

    /// <summary>What each problem status means here (ErrorMapping), instead of the bare reason phrase; the answers in
    /// order of status; bytes as bytes (the generator states a byte[] as base64 text, which a tile is not).</summary>
    static void ExplainResponses(OpenApiOperation op)
    {
        if (op.Responses is not { } responses)
        {
            return;
        }
        foreach (var (status, response) in responses)
        {
            if (response is OpenApiResponse r && Problems.TryGetValue(status, out var meaning))
            {
                r.Description = meaning;
            }
            if (response.Content?.TryGetValue("application/octet-stream", out var bytes) == true)
            {
                bytes.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }
        }
        var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in sorted)
        {
            responses[status] = response;
        }
    }

    static readonly Dictionary<string, string> Problems = new()
    {
        ["400"] = "Invalid input: the problem's `field` names the parameter or body field at fault (`errors` lists each, when several are).",
        ["401"] = "No API token where one is needed, or a token that is malformed, unknown, expired or revoked.",
        ["403"] = "The token's member may not do this (its party or roles).",
        ["404"] = "Not found: what does not exist and what the caller may not see answer alike (and a module's endpoints, when this deployment does not run the module).",
        ["409"] = "In conflict with the log: `existingIndex` names the entry already there, when there is one.",
        ["413"] = "The request body is over 1 MiB.",
        ["422"] = "A signature does not verify with the registered key.",
        ["503"] = "The log cannot take writes now: what is derived from it is behind (a module failed, or the disk is full), or the server is stopping. A refused write carries Retry-After.",
        ["507"] = "Storage is full; Retry-After says when to try again.",
    };
}
