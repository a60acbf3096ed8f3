using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.MineAction.Records;

namespace Truce.MineAction.Kinds;

/// <summary><c>ordnance.found</c>: explosive ordnance found, and what was done with it.</summary>
sealed class OrdnanceKind() : RecordKind<OrdnanceFind>(MineActionKinds.Ordnance, "ordnance find", b => b.Ordnance, o => o.Id,
    Roles.MineActionOfficer, Roles.Reporter, Roles.Verifier)
{
    public override OrdnanceFind Read(EntryContext ctx, JsonElement body) => MineActionParser.Ordnance(ctx.Index, ctx.Envelope, body);

    protected override void CheckReferences(MineActionBook book, OrdnanceFind body)
    {
        if (body.Hazard is { } h)
        {
            Refs.Exists(book.Hazards, h, "body.hazard", "hazard");
        }
        if (body.Activity is { } a)
        {
            Refs.Exists(book.Activities, a, "body.activity", "land release activity");
        }
    }
}

/// <summary><c>mine.accident</c>: an accident with a mine or other explosive ordnance.</summary>
sealed class AccidentKind() : RecordKind<Accident>(MineActionKinds.Accident, "accident", b => b.Accidents, a => a.Id,
    Roles.MineActionOfficer, Roles.Reporter)
{
    public override Accident Read(EntryContext ctx, JsonElement body) => MineActionParser.Accident(ctx.Index, ctx.Envelope, body);

    protected override void CheckReferences(MineActionBook book, Accident body)
    {
        if (body.Hazard is { } h)
        {
            Refs.Exists(book.Hazards, h, "body.hazard", "hazard");
        }
    }
}

/// <summary><c>mine.victim</c>: a person an accident killed or injured, counted; never public (SPEC §3.2).</summary>
sealed class VictimKind() : RecordKind<Victim>(MineActionKinds.Victim, "victim", b => b.Victims, v => v.Id, Roles.MineActionOfficer)
{
    public override void Authorize(CheckContext ctx)
    {
        if (ctx.Envelope.Visibility == Visibility.Public)
        {
            throw new ValidationException("envelope.vis", "a victim record is never public (SPEC §3.2): use mission, party or restricted; public views show counts");
        }
    }

    public override Victim Read(EntryContext ctx, JsonElement body) => MineActionParser.Victim(ctx.Index, ctx.Envelope, body);

    protected override void CheckReferences(MineActionBook book, Victim body) => Refs.Exists(book.Accidents, body.Accident, "body.accident", "accident");
}

/// <summary><c>mine.victim.personal</c>: a victim's name and contact, restricted to the parties named, and erasable.</summary>
sealed class VictimPersonalKind() : MineKind<VictimPersonal>(MineActionKinds.VictimPersonal, Roles.MineActionOfficer)
{
    public override void Authorize(CheckContext ctx)
    {
        if (ctx.Envelope.Visibility != Visibility.Restricted || ctx.Envelope.To.Count == 0)
        {
            throw new ValidationException("envelope.vis", "a victim's personal data is restricted: set visibility \"restricted\" and name the parties in \"to\"");
        }
    }

    public override VictimPersonal Read(EntryContext ctx, JsonElement body) => MineActionParser.VictimPersonal(ctx.Index, ctx.Envelope, body);

    public override void Check(MineActionBook book, CheckContext ctx, VictimPersonal body) =>
        Refs.Exists(book.Victims, body.Victim, "body.victim", "victim");

    protected override void Change(MineActionBook book, EntryContext ctx, VictimPersonal body)
    {
        if (!book.Personal.TryGetValue(body.Victim, out var list))
        {
            book.Personal[body.Victim] = list = [];
        }
        list.Add(body);
    }
}
