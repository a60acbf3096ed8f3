using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Ledger.Entries;
using Truce.Places;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.Incidents.Records;

/// <summary>Reads the bodies of claims, restrictions, hotline messages and places, naming every bad field.</summary>
public static class RecordParser
{
    public static Claim Claim(long index, Envelope env, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var actor = b.Obj("actor", required: true);
        var source = b.Obj("source", required: true);
        var stance = b.OneOf("stance", Records.Claim.Stances, required: true);
        var incidents = b.Ids("incidents", IncidentIds.Parse, "I-606", max: 100);
        var fact = b.Str("fact", max: 2000);
        if (stance is not null && stance != "states" && incidents.Count == 0)
        {
            r.Fail("body.incidents", $"a claim that {stance} an incident names it (or use stance 'states' with a fact)");
        }
        if (stance == "states" && fact is null)
        {
            r.Fail("body.fact", "a claim that states a general fact says which fact");
        }
        var attributedTo = b.Str("attributedTo", max: 200);
        var attributedToParty = b.Str("attributedToParty", max: 64);
        if (stance == "attributes" && attributedTo is null && attributedToParty is null)
        {
            r.Fail("body.attributedTo", "an attribution says to whom: in the actor's words, or as a registered party in attributedToParty");
        }
        var url = source?.Str("url", max: 2000);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
        {
            r.Fail("body.source.url", "must be an http or https URL");
        }
        var claim = new Claim
        {
            Index = index,
            Party = env.Party,
            Visibility = env.Visibility,
            To = env.To,
            Time = env.Time,
            ActorName = actor?.Str("name", required: true) ?? "",
            ActorKind = actor?.OneOf("kind", Records.Claim.ActorKinds, required: true) ?? "",
            ActorParty = actor?.Str("party", max: 64),
            Stance = stance ?? "",
            AttributedTo = attributedTo,
            AttributedToParty = attributedToParty,
            Fact = fact,
            Quote = b.Str("quote", required: true, max: 10_000) ?? "",
            Language = b.Str("language", max: 16),
            Source = new ClaimSource(source?.Str("title", max: 500), source?.Str("outlet", max: 200), source?.Time("date"), url),
            Synthetic = b.Bool("synthetic") ?? false,
            Incidents = incidents,
        };
        if (source is { } s && !s.Has("title") && !s.Has("outlet") && !s.Has("url"))
        {
            r.Fail("body.source", "says where the statement was made: a title, an outlet or a URL");
        }
        r.ThrowIfAny();
        return claim;
    }

    public static Restriction Restriction(long index, Envelope env, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var kind = b.OneOf("kind", Records.Restriction.Kinds, required: true);
        var time = b.Obj("time", required: true);
        var start = time?.Time("start", required: true);
        var end = time?.Time("end");
        if (start is not null && end is not null && end < start)
        {
            r.Fail("body.time.end", "is before the start");
        }
        var point = ReadPoint(r, b, "location");
        var desc = b.Str("description", required: true, max: 10_000);
        var result = new Restriction
        {
            Index = index,
            Party = env.Party,
            Visibility = env.Visibility,
            To = env.To,
            Time = env.Time,
            Kind = kind ?? "",
            Start = start ?? default,
            End = end,
            Lat = point?.Y ?? 0,
            Lon = point?.X ?? 0,
            By = b.Str("by", max: 200),
            Team = b.Str("team", max: 64),
            Description = desc ?? "",
            Synthetic = b.Bool("synthetic") ?? false,
        };
        r.ThrowIfAny();
        return result;
    }

    public static HotlineMessage Hotline(long index, Envelope env, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        if (env.Visibility == Visibility.Public)
        {
            r.Fail("envelope.vis", "hotline messages are not public: use restricted (with 'to') or mission");
        }
        var replyTo = b.Int("replyTo", max: index - 1);
        var msg = new HotlineMessage
        {
            Index = index,
            Party = env.Party,
            Visibility = env.Visibility,
            To = env.To,
            Time = env.Time,
            Subject = b.Str("subject", required: true, max: 300) ?? "",
            Text = b.Str("text", required: true, max: 10_000) ?? "",
            Urgency = b.OneOf("urgency", HotlineMessage.Urgencies) ?? "routine",
            ReplyTo = replyTo,
            Incidents = b.Ids("incidents", IncidentIds.Parse, "I-606", max: 100),
            Synthetic = b.Bool("synthetic") ?? false,
        };
        r.ThrowIfAny();
        return msg;
    }

    /// <summary>A <c>place</c> body; a settlement is checked against the <paramref name="shipped"/> gazetteer too (its
    /// names' conventions, and an id that names a shipped district or region).</summary>
    public static MissionPlace Place(long index, Envelope env, JsonElement body, Gazetteer? shipped = null)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var id = b.Str("id", required: true, max: 64);
        if (id is not null && !id.All(EnvelopeParser.IsIdChar))
        {
            r.Fail("body.id", "may hold only A–Z, a–z, 0–9 and . _ : / -");
        }
        Geometry? g = null;
        if (b.Has("geometry"))
        {
            g = GeoJson.Read(body.GetProperty("geometry"), "body.geometry", r.Fail);
        }
        else
        {
            r.Fail("body.geometry", "is required");
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (b.Obj("names", required: true) is { } n)
        {
            foreach (var p in n.Element.EnumerateObject().Take(50))
            {
                if (n.Str(p.Name, max: 200) is { } name)
                {
                    names[p.Name] = name;
                }
            }
            if (names.Count == 0)
            {
                r.Fail("body.names", "maps a convention or language to the place's name, at least one");
            }
        }
        var place = new MissionPlace
        {
            Index = index,
            Party = env.Party,
            Visibility = env.Visibility,
            To = env.To,
            Time = env.Time,
            Id = id ?? "",
            Kind = b.OneOf("kind", MissionPlace.Kinds, required: true) ?? "",
            Geometry = g ?? Point.Empty,
            Names = names,
            ControlledBy = b.Str("controlledBy", max: 64),
            Synthetic = b.Bool("synthetic") ?? false,
        };
        if (place.Kind == MissionPlace.Settlement)
        {
            CheckSettlement(r, place, shipped);
        }
        r.ThrowIfAny();
        return place;
    }

    /// <summary>A settlement joins the gazetteer: a point, its names keyed by naming convention (a place of another kind
    /// keeps the looser rule its entries were logged under), and not in place of a shipped district or region.</summary>
    static void CheckSettlement(BodyReader r, MissionPlace place, Gazetteer? shipped)
    {
        if (place.Geometry is not Point && !place.Geometry.IsEmpty)
        {
            r.Fail("body.geometry.type", "must be a Point for a settlement: statements name it as the nearest village to an event");
        }
        foreach (var key in place.Names.Keys.Where(k => k.Length is 0 or > 64 || !k.All(EnvelopeParser.IsIdChar) || shipped?.IsReservedNaming(k) == true))
        {
            r.Fail("body.names", $"'{key}' is not a naming convention: a settlement's names are keyed by convention (az, am, former, a mission's own; 1–64 id characters; not a language such as hy or ru, nor neutral)");
        }
        if (place.Id.Length > 0 && shipped?.Find(place.Id) is { Kind: not PlaceKind.Settlement } other)
        {
            r.Fail("body.id", $"is the shipped {other.Kind.ToString().ToLowerInvariant()} '{place.Id}': a settlement takes an id of its own, or a shipped settlement's to move it");
        }
    }

    static Point? ReadPoint(BodyReader r, BodyReader.Scope b, string name)
    {
        if (!b.Has(name))
        {
            r.Fail(b.At(name), "is required (a GeoJSON Point)");
            return null;
        }
        var g = GeoJson.Read(b.Element.GetProperty(name), b.At(name), r.Fail);
        if (g is not null and not Point)
        {
            r.Fail(b.At(name) + ".type", "must be a Point");
        }
        return g as Point;
    }
}
