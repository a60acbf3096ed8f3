using System.ComponentModel;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Core.Queries;
using Truce.Core.Services;
using Truce.Http;
using Truce.Places;

namespace Truce.Server.Endpoints;

/// <summary>
/// The gazetteer: settlements, districts and regions with each convention's names (shipped data), plus the places the
/// mission defines by entry (posts, checkpoints, and settlements the shipped data lacks, which resolve and list with the
/// shipped ones for a reader who may see their entries). Every name is given in the reader's chosen naming: a party's
/// convention, a language, or "neutral" (both sides' names, in the deployment's order).
/// </summary>
public static class PlaceEndpoints
{
    public static void MapPlaces(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/places").Tagged(new ApiTag("places",
            "The gazetteer: settlements, districts and regions with each side's names, and the places the parties define by entry; every name in the reader's chosen naming."));
        api.MapGet("/", Near)
            .Doc("listPlaces", ApiAccess.Reader, "List or find places",
                "Gazetteer places, with the settlements defined by entries you may see: by id, or nearest first within `radius` of `near` (GET /api/places/defined lists the places defined by entries you may see).")
            .Params([new ApiParameter("near", "string", "Only places within `radius` of this point, nearest first: `lat,lon` in WGS 84 degrees, e.g. `39.76,46.75`."),
                new ApiParameter("radius", "integer", "With `near`: how far to look, in metres (default 20000).", Minimum: 1, Maximum: 500_000),
                new ApiParameter("kind", "string", "Only places of this kind.", Values: [.. Enum.GetNames<PlaceKind>().Select(k => k.ToLowerInvariant())]),
                .. ApiParams.Paging, ApiParams.Naming])
            .Json<Page<PlaceView>>();
        api.MapGet("/defined", Defined)
            .Doc("listDefinedPlaces", ApiAccess.Reader, "List places defined by entries",
                "The places the parties and the mission define by entry (posts, checkpoints, settlements) that the reader may see, by the index of the entry that defined each.")
            .Params([.. ApiParams.Paging, ApiParams.Naming])
            .Json<Page<MissionPlaceView>>();
        api.MapGet("/resolve", Resolve)
            .Doc("resolvePlace", ApiAccess.Public, "Resolve a free-text location",
                "The place a free-text location most likely names (either side's name, a former name, `5 km north of …`), how "
                + "precisely, with the alternatives when it is ambiguous, and the `location` a report body can carry, ready to sign.")
            .Params(new ApiParameter("text", "string", "The free-text location, e.g. `Shusha` or `3 km NE of Aghdam`.", Required: true), ApiParams.Naming)
            .Json<PlaceResolution>().Problems(404);
        api.MapGet("/{id}", Get)
            .Doc("getPlace", ApiAccess.Public, "Read one place", "One gazetteer place with all its current names.")
            .Params(ApiParams.Path("id", "The place's id, e.g. `geonames:587057` or `az-district:aghdam`."), ApiParams.Naming)
            .Json<PlaceView>().Problems(404);
    }

    static PlaceView Describe(Gazetteer g, Place p, string naming, double? distance = null) => new(
        p.Id,
        p.Kind.ToString().ToLowerInvariant(),
        g.DisplayName(p, naming),
        p.Names.Where(n => n.Convention != Conventions.Former && !n.Uncertain).Select(n => new PlaceNameView(n.Convention, n.Language, n.Name)),
        p.Lat,
        p.Lon,
        p.RadiusMetres > 0 ? p.RadiusMetres : null,
        p.Source,
        distance is { } d ? Math.Round(d) : null);

    /// <summary>Gazetteer places by distance (0 without `near`), then by id.</summary>
    static readonly ListOrder<(Place Place, double Distance), (double Number, string Id)> PlaceOrder =
        ListOrders.ByNumberThenId<(Place Place, double Distance)>(p => (p.Distance, p.Place.Id));

    static readonly ListOrder<DefinedPlace, (double Number, string Id)> DefinedOrder = ListOrders.ByNumberThenId<DefinedPlace>(p => (p.DefinedBy, p.Id));

    static IResult Near(HttpContext ctx, Gazetteer g)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var naming = Naming.Of(q);
        var near = q.LatLon("near");
        var kind = q.OneOf("kind", [.. Enum.GetNames<PlaceKind>().Select(k => k.ToLowerInvariant())]);
        var start = q.Page(PlaceOrder);
        var radius = q.Long("radius", 1) ?? 20_000;
        if (radius > 500_000)
        {
            throw new ValidationException("radius", "is at most 500000 metres");
        }
        PlaceKind? k = kind is null ? null : Enum.Parse<PlaceKind>(kind, ignoreCase: true);
        var places = near is null ? g.All.Where(p => k is null || p.Kind == k).Select(p => (Place: p, Distance: 0.0))
            : g.Near(near.Value.Lat, near.Value.Lon, radius, k).Select(n => (n.Place, Distance: n.DistanceMetres));
        return TypedResults.Ok(Paging.Take(places, PlaceOrder, start, _ => true,
            p => Describe(g, p.Place, naming, near is null ? null : p.Distance)));
    }

    static IResult Defined(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var naming = Naming.Of(q);
        var start = q.Page(DefinedOrder);
        return TypedResults.Ok(Paging.Take(l.DefinedPlaces(Requests.ReaderOf(ctx, l)), DefinedOrder, start, _ => true, p => new MissionPlaceView(
            p.Id, p.Kind, p.Names.TryGetValue(naming, out var n) ? n : p.Names.Values.First(), p.Names, p.Geometry, p.ControlledBy, p.DefinedBy, p.Synthetic)));
    }

    static IResult Resolve(HttpContext ctx, Gazetteer g)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var text = q.Str("text", 300) ?? throw new ValidationException("text", "is required: the free-text location to resolve");
        var naming = Naming.Of(q);
        var r = g.Resolve(text);
        if (r is null)
        {
            return TypedResults.Problem(detail: $"no place in the gazetteer matches '{text}'", statusCode: 404);
        }
        var precision = r.Precision.ToString().ToLowerInvariant();
        return TypedResults.Ok(new PlaceResolution(
            text,
            Describe(g, r.Place, naming),
            precision,
            PointGeometry.Of(r.Lon, r.Lat),
            Math.Round(r.RadiusMetres),
            new MatchedName(r.MatchedName, r.Convention, r.Language),
            Math.Round(r.Confidence, 3),
            r.Alternatives.Select(a => Describe(g, a, naming)),
            // What a reporting client puts into a report body's "location", ready to sign.
            new ResolvedLocation(PointGeometry.Of(r.Lon, r.Lat), precision, Math.Round(r.RadiusMetres), r.Place.Id, text)));
    }

    static IResult Get(string id, HttpContext ctx, Gazetteer g)
    {
        var naming = Naming.Of(new QueryArgs(ctx.Request.Query));
        return g.Find(id) is { } p ? TypedResults.Ok(Describe(g, p, naming)) : TypedResults.Problem(detail: $"no place '{id}'", statusCode: 404);
    }
}

/// <summary>A gazetteer place, named in the reader's naming.</summary>
public sealed record PlaceView(string Id, string Kind, string Name, IEnumerable<PlaceNameView> Names, double Lat, double Lon,
    [property: Description("The radius of the circle a district or region is approximated by; null for a point.")] double? RadiusMetres,
    string? Source,
    [property: Description("With `near`: how far the place is, in metres; null otherwise.")] double? DistanceMetres);

public sealed record PlaceNameView(string Convention, string Language, string Name);

/// <summary>A place defined by an entry.</summary>
public sealed record MissionPlaceView(string Id, string Kind, string Name, IReadOnlyDictionary<string, string> Names,
    [property: Description("GeoJSON geometry.")] JsonElement Geometry, string? ControlledBy,
    [property: Description("The index of the entry that defined it.")] long DefinedBy, bool Synthetic);

public sealed record PlaceResolution(string Text, PlaceView Place, string Precision, PointGeometry Point, double RadiusMetres, MatchedName Matched,
    [property: Description("From 0 to 1.")] double Confidence, IEnumerable<PlaceView> Alternatives,
    [property: Description("What a report body's `location` holds for this text, ready to sign.")] ResolvedLocation Location);

public sealed record MatchedName(string Name, string Convention, string Language);

public sealed record ResolvedLocation(PointGeometry Geometry, string Precision, double Radius, string Place, string Text);

/// <summary>A GeoJSON Point.</summary>
public sealed record PointGeometry(string Type, double[] Coordinates)
{
    /// <summary>Rounded to 6 decimals (about 0.1 m): more would claim a precision no resolution has.</summary>
    public static PointGeometry Of(double lon, double lat) => new("Point", [Math.Round(lon, 6), Math.Round(lat, 6)]);
}
