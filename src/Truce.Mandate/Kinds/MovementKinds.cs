using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Mandate.Movements;
using Truce.Spatial;

namespace Truce.Mandate.Kinds;

/// <summary>A movement notice as its entry states it. The book's <see cref="Notice"/> is built from it, since consents
/// and people are then gathered on that object in each book.</summary>
public sealed record NoticeBody(string Id, IReadOnlyList<Headcount> People, int Vehicles, string Purpose, string? Corridor, DateTimeOffset From,
    DateTimeOffset Until, DateTimeOffset? AnswerBy, bool Synthetic, bool OneWay);

/// <summary><c>movement.notice</c>: a party announces who moves, through which corridor, when.</summary>
sealed class NoticeKind() : EntryKind<MandateBook, NoticeBody>(MandateKinds.Notice, Roles.PartyAdmin, Roles.CheckpointOfficer, Roles.Reporter)
{
    public override NoticeBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var people = MandateParser.People(r, b);
        if (people.Count == 0 && !r.Errors.Any())
        {
            r.Fail("body.people", "lists who moves: at least one {category, count}");
        }
        var from = b.Time("from", required: true);
        var until = b.Time("until", required: true);
        if (from is not null && until is not null && until < from)
        {
            r.Fail("body.until", "is before from");
        }
        var n = new NoticeBody(b.Str("id", required: true, max: 64) ?? "", people, (int)(b.Int("vehicles", max: 10_000) ?? 0),
            b.Str("purpose", required: true, max: 2000) ?? "", ctx.Strings.GetOrNull(b.Str("corridor", max: 64)), from ?? default, until ?? default,
            b.Time("answerBy"), b.Bool("synthetic") ?? false, b.Bool("oneWay") ?? false);
        r.ThrowIfAny();
        return n;
    }

    public override void Apply(MandateBook book, EntryContext ctx, NoticeBody body)
    {
        var notice = new Notice(ctx.Index, ctx.Strings.Get(ctx.Party), ctx.Envelope.Visibility, ctx.Envelope.To, body.Id, body.People, body.Vehicles,
            body.Purpose, body.Corridor, body.From, body.Until, body.AnswerBy, body.Synthetic)
        { OneWay = body.OneWay };
        book.Notices[ctx.Index] = notice;
        book.Engine.File(notice);
    }
}

public sealed record ConsentBody(long Notice, bool Given, string? Reason);

/// <summary><c>movement.consent</c>: another party gives or refuses its consent to a notice.</summary>
sealed class ConsentKind() : EntryKind<MandateBook, ConsentBody>(MandateKinds.Consent, Roles.PartyAdmin)
{
    public override ConsentBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var notice = b.Int("notice", required: true);
        var decision = b.OneOf("decision", ["give", "refuse"], required: true);
        var reason = b.Str("reason", max: 10_000);
        r.ThrowIfAny();
        return new ConsentBody(notice!.Value, decision == "give", reason);
    }

    public override void Check(MandateBook book, CheckContext ctx, ConsentBody body)
    {
        var notice = book.Notices.GetValueOrDefault(body.Notice) ?? throw new ValidationException("body.notice", $"{body.Notice} is not a movement notice");
        if (notice.Party == ctx.Party)
        {
            throw new RefusedException(RefusalKind.Forbidden, "a party does not consent to its own movement");
        }
    }

    public override void Apply(MandateBook book, EntryContext ctx, ConsentBody body)
    {
        var n = book.Notices.GetValueOrDefault(body.Notice) ?? throw new ValidationException("body.notice", "not in this book");
        n.Answer(ctx.Strings.Get(ctx.Party), (body.Given, body.Reason, ctx.Index, ctx.Envelope.Time));
    }
}

/// <summary><c>transit</c>: people through a checkpoint, judged against every framework as it arrives.</summary>
sealed class TransitKind() : EntryKind<MandateBook, Transit>(MandateKinds.Transit, Roles.CheckpointOfficer, Roles.Reporter)
{
    static readonly string[] Directions = ["in", "out"];

    public override Transit Read(EntryContext ctx, JsonElement body)
    {
        var pool = ctx.Strings;
        var r = new BodyReader();
        var b = r.Root(body);
        var where = b.Has("position") ? GeoJson.Read(body.GetProperty("position"), "body.position", r.Fail) : null;
        var pos = where as Point;
        if (where is not null && pos is null)
        {
            r.Fail("body.position.type", "must be Point: where the transit was seen");
        }
        var t = new Transit(ctx.Index, pool.Get(ctx.Party), ctx.Envelope.Visibility, ctx.Envelope.To, pool.Get(b.Str("checkpoint", required: true, max: 64) ?? ""),
            b.OneOf("direction", Directions, required: true) ?? "", b.Time("time", required: true) ?? default, b.Int("notice"),
            pool.GetOrNull(b.Str("mover", max: 64)), MandateParser.People(r, b), (int)(b.Int("vehicles", max: 10_000) ?? 0), pool.GetOrNull(b.Str("cargo", max: 100)),
            pos?.Y, pos?.X, b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return t;
    }

    public override void Check(MandateBook book, CheckContext ctx, Transit body)
    {
        if (!book.Checkpoints.ContainsKey(body.Checkpoint))
        {
            throw new ValidationException("body.checkpoint", $"'{body.Checkpoint}' is not a checkpoint");
        }
        if (body.Notice is { } n && !book.Notices.ContainsKey(n))
        {
            throw new ValidationException("body.notice", $"{n} is not a movement notice");
        }
    }

    public override void Apply(MandateBook book, EntryContext ctx, Transit body)
    {
        var t = book.Engine.Judge(body);
        book.Transits[ctx.Index] = t;
        if (t.Notice is { } under)
        {
            if (!book.TransitsByNotice.TryGetValue(under, out var list))
            {
                book.TransitsByNotice[under] = list = [];
            }
            list.Add(t);
            book.Notices.GetValueOrDefault(under)?.Tally(t);
        }
    }
}

/// <summary><c>activity</c>: what a force or party did where and when, and the provision it claims as authority.</summary>
sealed class ActivityKind() : EntryKind<MandateBook, Activity>(MandateKinds.Activity, Roles.Reporter, Roles.PartyAdmin, Roles.Verifier)
{
    static readonly IReadOnlyDictionary<string, double> NoCounts = new Dictionary<string, double>();

    public override Activity Read(EntryContext ctx, JsonElement body)
    {
        var pool = ctx.Strings;
        var r = new BodyReader();
        var b = r.Root(body);
        var where = b.Has("where") ? GeoJson.Read(body.GetProperty("where"), "body.where", r.Fail) : null;
        if (!b.Has("where"))
        {
            r.Fail("body.where", "is required: where the activity took place (GeoJSON)");
        }
        var start = b.Time("start", required: true);
        var end = b.Time("end") ?? start;
        if (start is not null && end < start)
        {
            r.Fail("body.end", "is before the start");
        }
        var authority = b.Obj("authority");
        var counts = b.Obj("counts") is { } c ? Counts(c) : NoCounts;
        var a = new Activity(ctx.Index, pool.Get(ctx.Party), ctx.Envelope.Visibility, ctx.Envelope.To, b.OneOf("kind", MandateParser.ActivityKinds, required: true) ?? "",
            pool.Get(b.Str("actor", max: 64) ?? ctx.Party), where ?? Point.Empty, start ?? default, end ?? default,
            pool.GetOrNull(authority?.Str("agreement", required: true, max: 64)), pool.GetOrNull(authority?.Str("provision", required: true, max: 16)), counts,
            b.Str("description", max: 10_000), b.Bool("synthetic") ?? false);
        r.ThrowIfAny();
        return a;
    }

    static Dictionary<string, double> Counts(BodyReader.Scope c)
    {
        var given = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var m in MandateParser.Measures)
        {
            if (c.Num(m, min: -100_000, max: 100_000) is { } v)
            {
                given[m] = v;
            }
        }
        return given;
    }

    public override void Apply(MandateBook book, EntryContext ctx, Activity body)
    {
        book.Activities[ctx.Index] = body;
        book.Engine.Judge(body);
    }
}
