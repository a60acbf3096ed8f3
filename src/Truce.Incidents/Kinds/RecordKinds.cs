using System.Text.Json;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Incidents.Records;

namespace Truce.Incidents.Kinds;

// Records kept as their entries state them: each body reads alone (RecordParser), refers to nothing a book must hold,
// and is shared as it is by every book it reaches.

/// <summary><c>restriction</c>: a restriction of the monitors' freedom of movement.</summary>
sealed class RestrictionKind() : EntryKind<IncidentBook, Restriction>(IncidentKinds.Restriction, Roles.Reporter, Roles.Verifier)
{
    public override Restriction Read(EntryContext ctx, JsonElement body) => RecordParser.Restriction(ctx.Index, ctx.Envelope, body);

    public override void Apply(IncidentBook book, EntryContext ctx, Restriction body) => book.Restrictions[ctx.Index] = body;
}

/// <summary><c>hotline</c>: a message between the parties and the mission, never public.</summary>
sealed class HotlineKind() : EntryKind<IncidentBook, HotlineMessage>(IncidentKinds.Hotline, Roles.Reporter, Roles.Verifier, Roles.PartyAdmin, Roles.MissionAdmin)
{
    public override HotlineMessage Read(EntryContext ctx, JsonElement body) => RecordParser.Hotline(ctx.Index, ctx.Envelope, body);

    public override void Apply(IncidentBook book, EntryContext ctx, HotlineMessage body) => book.Hotline[ctx.Index] = body;
}

/// <summary><c>place</c>: a place the mission defines; a later entry with the same id replaces it. A settlement joins
/// the book's gazetteer.</summary>
sealed class PlaceKind() : MissionKind<MissionPlace>(IncidentKinds.Place, Roles.MissionAdmin, Roles.Verifier)
{
    public override MissionPlace Read(EntryContext ctx, JsonElement body) => RecordParser.Place(ctx.Index, ctx.Envelope, body, IncidentBook.Shipped);

    public override void Apply(IncidentBook book, EntryContext ctx, MissionPlace body) => book.Define(body);
}
