using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Mandate.Agreements;
using Truce.Spatial;

namespace Truce.Mandate.Kinds;

/// <summary>The mission's corridors and checkpoints: refused to anyone else before their bodies are read.</summary>
abstract class MissionPlaceKind<TBody>(string name) : EntryKind<MandateBook, TBody>(name, Roles.MissionAdmin) where TBody : class
{
    public override void Authorize(CheckContext ctx)
    {
        if (!ctx.ByMission)
        {
            throw new RefusedException(RefusalKind.Forbidden, $"{Name} entries are the mission's");
        }
    }
}

/// <summary><c>corridor</c>: a route and width from a date; a new route is a new entry with the same id.</summary>
sealed class CorridorKind() : MissionPlaceKind<Corridor>(MandateKinds.Corridor)
{
    public override Corridor Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var route = b.Has("route") ? GeoJson.Read(body.GetProperty("route"), "body.route", r.Fail) : null;
        if (!b.Has("route"))
        {
            r.Fail("body.route", "is required: the corridor's route as a LineString");
        }
        else if (route is not null and not (LineString or MultiLineString))
        {
            r.Fail("body.route.type", "must be LineString or MultiLineString");
        }
        var c = new Corridor(b.Str("id", required: true, max: 64) ?? "", ctx.Index, route ?? LineString.Empty, b.Num("widthKm", required: true, min: 0.01, max: 100) ?? 0,
            b.Str("controlledBy", max: 64), b.Time("validFrom", required: true) ?? default, b.Time("validUntil"), b.Bool("approximate") ?? false,
            b.Bool("synthetic") ?? false);
        b.Str("note", max: 2000); // kept in the signed entry, for its readers
        r.ThrowIfAny();
        return c;
    }

    public override void Apply(MandateBook book, EntryContext ctx, Corridor body)
    {
        if (!book.Corridors.TryGetValue(body.Id, out var routes))
        {
            book.Corridors[body.Id] = routes = [];
        }
        routes.Add(body);
    }
}

/// <summary><c>checkpoint</c>: a named point, on a corridor or not.</summary>
sealed class CheckpointKind() : MissionPlaceKind<Checkpoint>(MandateKinds.Checkpoint)
{
    public override Checkpoint Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var at = b.Has("position") ? GeoJson.Read(body.GetProperty("position"), "body.position", r.Fail) : null;
        if (at is not null and not Point)
        {
            r.Fail("body.position.type", "must be a Point");
        }
        else if (!b.Has("position"))
        {
            r.Fail("body.position", "is required (a GeoJSON Point)");
        }
        var c = new Checkpoint(b.Str("id", required: true, max: 64) ?? "", ctx.Index, (at as Point)?.Y ?? 0, (at as Point)?.X ?? 0,
            b.Str("corridor", max: 64), b.Str("controlledBy", max: 64), b.Str("name", required: true, max: 200) ?? "", b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return c;
    }

    public override void Apply(MandateBook book, EntryContext ctx, Checkpoint body) => book.Checkpoints[body.Id] = body;
}
