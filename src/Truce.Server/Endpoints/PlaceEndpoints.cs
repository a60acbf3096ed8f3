using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Core.Services;
using Truce.Http;
using Truce.Places;

namespace Truce.Server.Endpoints;

/// <summary>
/// The gazetteer: settlements, districts and regions with each convention's names (shipped data), plus the places the
/// mission defines by entry (posts, checkpoints). Every name is given in the reader's chosen naming: a party's
/// convention, a language, or "neutral" (both sides' names, in the deployment's order).
/// </summary>
public static class PlaceEndpoints
{
    public static void MapPlaces(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/places");
        api.MapGet("/", Near);
        api.MapGet("/resolve", Resolve);
        api.MapGet("/{id}", Get);
    }

    static object Describe(Gazetteer g, Place p, string naming, double? distance = null) => new
    {
        id = p.Id,
        kind = p.Kind.ToString().ToLowerInvariant(),
        name = g.DisplayName(p, naming),
        names = p.Names.Where(n => n.Convention != Conventions.Former && !n.Uncertain)
            .Select(n => new { convention = n.Convention, language = n.Language, name = n.Name }),
        lat = p.Lat,
        lon = p.Lon,
        radiusMetres = p.RadiusMetres > 0 ? p.RadiusMetres : (double?)null,
        source = p.Source,
        distanceMetres = distance is { } d ? Math.Round(d) : (double?)null,
    };

    static IResult Near(HttpContext ctx, Gazetteer g, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var naming = Naming.Of(q);
        var near = q.LatLon("near");
        var kind = q.OneOf("kind", [.. Enum.GetNames<PlaceKind>().Select(k => k.ToLowerInvariant())]);
        var limit = q.Limit(50, 500);
        var radius = q.Long("radius", 1) ?? 20_000;
        if (radius > 500_000)
        {
            throw new ValidationException("radius", "is at most 500000 metres");
        }
        PlaceKind? k = kind is null ? null : Enum.Parse<PlaceKind>(kind, ignoreCase: true);
        var mission = l.DefinedPlaces(Requests.ReaderOf(ctx, l)).Select(p => new
        {
            id = p.Id,
            kind = p.Kind,
            name = p.Names.TryGetValue(naming, out var n) ? n : p.Names.Values.First(),
            names = p.Names,
            geometry = p.Geometry,
            controlledBy = p.ControlledBy,
            definedBy = p.DefinedBy,
            synthetic = p.Synthetic,
        }).ToList();
        if (near is null)
        {
            var all = g.All.Where(p => k is null || p.Kind == k).OrderBy(p => p.Id, StringComparer.Ordinal).Take(limit).Select(p => Describe(g, p, naming));
            return TypedResults.Ok(new { places = all, missionPlaces = mission });
        }
        var found = g.Near(near.Value.Lat, near.Value.Lon, radius, k).Take(limit).Select(n => Describe(g, n.Place, naming, n.DistanceMetres));
        return TypedResults.Ok(new { places = found, missionPlaces = mission });
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
        return TypedResults.Ok(new
        {
            text,
            place = Describe(g, r.Place, naming),
            precision = r.Precision.ToString().ToLowerInvariant(),
            point = new { type = "Point", coordinates = new[] { Math.Round(r.Lon, 6), Math.Round(r.Lat, 6) } },
            radiusMetres = Math.Round(r.RadiusMetres),
            matched = new { name = r.MatchedName, convention = r.Convention, language = r.Language },
            confidence = Math.Round(r.Confidence, 3),
            alternatives = r.Alternatives.Select(a => Describe(g, a, naming)),
            // What a reporting client puts into a report body's "location", ready to sign.
            location = new
            {
                geometry = new { type = "Point", coordinates = new[] { Math.Round(r.Lon, 6), Math.Round(r.Lat, 6) } },
                precision = r.Precision.ToString().ToLowerInvariant(),
                radius = Math.Round(r.RadiusMetres),
                place = r.Place.Id,
                text,
            },
        });
    }

    static IResult Get(string id, HttpContext ctx, Gazetteer g)
    {
        var naming = Naming.Of(new QueryArgs(ctx.Request.Query));
        return g.Find(id) is { } p ? TypedResults.Ok(Describe(g, p, naming)) : TypedResults.Problem(detail: $"no place '{id}'", statusCode: 404);
    }
}
