using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.MineAction.Records;

namespace Truce.MineAction.Kinds;

/// <summary><c>minefield.record</c>: a record as a party hands it over (CCW Amended Protocol II, technical annex).</summary>
sealed class MinefieldKind() : MineKind<MinefieldRecord>(MineActionKinds.Minefield, Roles.PartyAdmin, Roles.MineActionOfficer)
{
    public override MinefieldRecord Read(EntryContext ctx, JsonElement body) => MineActionParser.Minefield(ctx.Index, ctx.Envelope, body);

    public override void Check(MineActionBook book, CheckContext ctx, MinefieldRecord body) => Refs.Unique(book.Minefields, body.Id, "minefield record");

    protected override void Change(MineActionBook book, EntryContext ctx, MinefieldRecord body) => book.AddMinefield(body.Copy());
}

/// <summary><c>minefield.handover</c>: who gave which records to whom, when, and through whom.</summary>
sealed class HandoverKind() : MineKind<Handover>(MineActionKinds.Handover, Roles.PartyAdmin, Roles.MineActionOfficer)
{
    public override Handover Read(EntryContext ctx, JsonElement body) => MineActionParser.Handover(ctx.Index, ctx.Envelope, body);

    public override void Check(MineActionBook book, CheckContext ctx, Handover body)
    {
        Refs.Unique(book.Handovers, body.Id, "handover");
        for (int i = 0; i < body.Records.Count; i++)
        {
            Refs.Exists(book.Minefields, body.Records[i], $"body.records[{i}]", "minefield record");
        }
        if (ctx.Registry.FindParty(body.To) is null)
        {
            throw new ValidationException("body.to", $"'{body.To}' is not a registered party");
        }
    }

    protected override void Change(MineActionBook book, EntryContext ctx, Handover body)
    {
        Refs.New(book.Handovers, body.Id, "handover");
        book.Handovers[body.Id] = body;
        foreach (var id in body.Records)
        {
            // A record this book does not hold (its audience may not see it) is handed over all the same.
            book.Minefields.GetValueOrDefault(id)?.HandedOverIn.Add(ctx.Index);
        }
    }
}

/// <summary><c>minefield.accuracy</c>: what survey or clearance found of a record's mines.</summary>
sealed class AccuracyKind() : MineKind<AccuracyAssessment>(MineActionKinds.Accuracy, Roles.MineActionOfficer, Roles.Verifier)
{
    public override AccuracyAssessment Read(EntryContext ctx, JsonElement body) => MineActionParser.Accuracy(ctx.Index, ctx.Envelope, body);

    public override void Check(MineActionBook book, CheckContext ctx, AccuracyAssessment body)
    {
        Refs.Exists(book.Minefields, body.Record, "body.record", "minefield record");
        if (body.Activity is { } act)
        {
            Refs.Exists(book.Activities, act, "body.activity", "land release activity");
        }
    }

    protected override void Change(MineActionBook book, EntryContext ctx, AccuracyAssessment body) =>
        Refs.Held(book.Minefields, body.Record, "body.record").Assessments.Add(body);
}
