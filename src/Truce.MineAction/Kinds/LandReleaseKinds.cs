using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.MineAction.Records;

namespace Truce.MineAction.Kinds;

/// <summary><c>mine.task</c>: hazards assigned to an organisation for survey or clearance.</summary>
sealed class TaskKind() : RecordKind<LandTask>(MineActionKinds.Task, "task", b => b.Tasks, t => t.Id, Roles.MineActionOfficer)
{
    public override LandTask Read(EntryContext ctx, JsonElement body) => MineActionParser.Task(ctx.Index, ctx.Envelope, body);

    protected override void CheckReferences(MineActionBook book, LandTask body)
    {
        for (int i = 0; i < body.Hazards.Count; i++)
        {
            Refs.Exists(book.Hazards, body.Hazards[i], $"body.hazards[{i}]", "hazard");
        }
    }
}

/// <summary><c>release.activity</c>: land cancelled, reduced or cleared (IMAS 07.11), measured against what was still
/// hazardous in each book's hazard.</summary>
sealed class ReleaseKind() : MineKind<ReleaseActivity>(MineActionKinds.Release, Roles.MineActionOfficer)
{
    public override ReleaseActivity Read(EntryContext ctx, JsonElement body) => MineActionParser.Release(ctx.Index, ctx.Envelope, body);

    public override void Check(MineActionBook book, CheckContext ctx, ReleaseActivity body)
    {
        Refs.Unique(book.Activities, body.Id, "land release activity");
        var h = Refs.Exists(book.Hazards, body.Hazard, "body.hazard", "hazard");
        if (body.Task is { } t)
        {
            Refs.Exists(book.Tasks, t, "body.task", "task");
        }
        if (body.Requested.Count > 0 && h.Status != "open")
        {
            throw new ValidationException("body.outcomes", $"hazard '{h.Id}' is {h.Status}: there is no hazardous land left to release");
        }
    }

    protected override void Change(MineActionBook book, EntryContext ctx, ReleaseActivity body) => book.Release(body.Copy(), ctx);
}

/// <summary><c>qm.visit</c>: a quality management visit to an activity or a task.</summary>
sealed class QualityVisitKind() : RecordKind<QualityVisit>(MineActionKinds.QualityVisit, "quality visit", b => b.Visits, v => v.Id,
    Roles.MineActionOfficer, Roles.Verifier)
{
    public override QualityVisit Read(EntryContext ctx, JsonElement body) => MineActionParser.Visit(ctx.Index, ctx.Envelope, body);

    protected override void CheckReferences(MineActionBook book, QualityVisit body)
    {
        if (body.Activity is { } a)
        {
            Refs.Exists(book.Activities, a, "body.activity", "land release activity");
        }
        if (body.Task is { } t)
        {
            Refs.Exists(book.Tasks, t, "body.task", "task");
        }
    }
}
