namespace Truce.Http;

/// <summary>Who may call an endpoint, as /openapi/v1.json states it.</summary>
public enum ApiAccess
{
    /// <summary>Anyone: the endpoint never reads an Authorization header.</summary>
    Public,

    /// <summary>Anyone; a token, when sent, makes the answer its party's (what that party may see), and a bad one is a 401.</summary>
    Reader,

    /// <summary>A token is required.</summary>
    Token,
}

/// <summary>An endpoint's <see cref="ApiAccess"/>, as endpoint metadata the server's API description reads.</summary>
public sealed record ApiAccessMetadata(ApiAccess Access);

/// <summary>A tag and what it groups: one per module or area of the API.</summary>
public sealed record ApiTag(string Name, string Description);

/// <summary>
/// A query-string or path parameter as the API description states it. Handlers read query strings through
/// <see cref="QueryArgs"/> rather than by binding (strictly: a parameter given twice is refused, a bad one names
/// itself), so the framework cannot see them; each endpoint declares them here instead.
/// </summary>
/// <param name="Type">A JSON Schema type: string, integer, number or boolean.</param>
/// <param name="Values">The only values allowed, when they are a fixed list.</param>
public sealed record ApiParameter(string Name, string Type, string Description, bool Required = false, bool InPath = false,
    double? Minimum = null, double? Maximum = null, IReadOnlyList<string>? Values = null, bool Repeated = false);

/// <summary>
/// A request body as the API description states it. Not <c>Accepts&lt;T&gt;</c>: that metadata also routes, answering
/// 415 to a request whose Content-Type it does not list, and these endpoints read their bodies whatever the header says.
/// </summary>
/// <param name="Type">The body's type for its schema (string for a text body).</param>
public sealed record ApiBody(Type Type, string Description, IReadOnlyList<string> ContentTypes);

/// <summary>The description of an endpoint, declared beside its mapping: the server's API description turns this
/// metadata into /openapi/v1.json, so module projects need not depend on the OpenAPI generator.</summary>
public static class ApiDocs
{
    /// <summary>Every endpoint of the group carries the tag (and, for the document, its description).</summary>
    public static RouteGroupBuilder Tagged(this RouteGroupBuilder group, ApiTag tag) => group.WithTags(tag.Name).WithMetadata(tag);

    /// <summary>The operation's id (unique and stable: clients generated from the description name their methods after it),
    /// its summary and description, and who may call it. A reader's or a token's endpoint may answer 401.</summary>
    public static RouteHandlerBuilder Doc(this RouteHandlerBuilder b, string operationId, ApiAccess access, string summary, string description)
    {
        b.WithName(operationId).WithSummary(summary).WithDescription(description).WithMetadata(new ApiAccessMetadata(access));
        return access == ApiAccess.Public ? b : b.ProducesProblem(401);
    }

    /// <summary>Query or path parameters. Any query parameter can be refused (given twice, or out of range): 400.</summary>
    public static RouteHandlerBuilder Params(this RouteHandlerBuilder b, params ApiParameter[] parameters)
    {
        foreach (var p in parameters)
        {
            b.WithMetadata(p);
        }
        return parameters.Any(p => !p.InPath) ? b.ProducesProblem(400) : b;
    }

    /// <summary>RFC 9457 problem details (application/problem+json) the endpoint may answer with.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder b, params int[] statuses)
    {
        foreach (var s in statuses)
        {
            b.ProducesProblem(s);
        }
        return b;
    }

    /// <summary>The request body: a <typeparamref name="T"/> as JSON unless <paramref name="contentTypes"/> say otherwise.
    /// Any body can be too large (413, over 1 MiB) or not what was declared (400).</summary>
    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder b, string description, params string[] contentTypes) =>
        b.WithMetadata(new ApiBody(typeof(T), description, contentTypes.Length > 0 ? contentTypes : ["application/json"])).ProducesProblem(400).ProducesProblem(413);

    /// <summary>A JSON answer of type <typeparamref name="T"/>: the type the handler returns, so the schema is what is sent.</summary>
    public static RouteHandlerBuilder Json<T>(this RouteHandlerBuilder b, int status = 200) => b.Produces<T>(status, "application/json");

    /// <summary>A module's endpoint is a 404 on a deployment that does not run the module (<see cref="Requests.Module{T}"/>).</summary>
    public static RouteHandlerBuilder ModuleEndpoint(this RouteHandlerBuilder b) => b.ProducesProblem(404);
}

/// <summary>Parameters many endpoints share, described once.</summary>
public static class ApiParams
{
    public static ApiParameter Limit(int fallback, int max) =>
        new("limit", "integer", $"At most this many items (default {fallback}).", Minimum: 1, Maximum: max);

    /// <summary>The two parameters of every list (<see cref="QueryArgs.Page"/>).</summary>
    public static ApiParameter[] Paging { get; } =
    [
        new("limit", "integer", "At most this many items (default 100).", Minimum: 1, Maximum: 1000),
        new("after", "string", "The `next` of the previous page (an opaque cursor): the items after it. Absent: from the start."),
    ];

    public static ApiParameter Naming { get; } = new("naming", "string",
        "How places are named: `neutral` (both sides' names, in the deployment's order; the default), a party's convention (`az`, `am`) or a language code.");

    public static ApiParameter Time(string name, string what) => new(name, "string",
        $"{what}: an RFC 3339 time or a date, e.g. `2021-06-12` or `2021-06-12T08:30:00Z` (UTC when no offset is given).");

    public static ApiParameter Bbox { get; } = new("bbox", "string",
        "Only what lies in this box: `minLon,minLat,maxLon,maxLat` in WGS 84 degrees (OGC API – Features order).");

    public static ApiParameter Area { get; } = new("area", "string",
        "Only what lies in this area: a GeoJSON Polygon or MultiPolygon, URL-encoded.");

    public static ApiParameter Path(string name, string description) => new(name, "string", description, Required: true, InPath: true);
}
