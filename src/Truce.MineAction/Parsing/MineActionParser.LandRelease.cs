using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.MineAction.Records;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.MineAction;

/// <summary>Tasks, land release activities (IMAS 07.11) and quality management visits.</summary>
public static partial class MineActionParser
{
    public static LandTask Task(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var t = new LandTask(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.Strs("hazards", required: true, max: 1000, maxLength: 64),
            b.Str("organisation", required: true, max: 200) ?? "", b.OneOf("activity", Vocabulary.ActivityTypes, required: true) ?? "",
            b.Time("assigned", required: true) ?? default, b.Time("due"), b.OneOf("priority", ["high", "medium", "low"]), b.Bool("synthetic") ?? false);
        if (b.Has("hazards") && t.Hazards.Count == 0)
        {
            r.Fail("body.hazards", "lists at least one hazard");
        }
        r.ThrowIfAny();
        return t;
    }

    public static ReleaseActivity Release(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var type = b.OneOf("type", Vocabulary.ActivityTypes, required: true);
        var start = b.Time("start", required: true);
        var end = b.Time("end");
        if (start is not null && end is not null && end < start)
        {
            r.Fail("body.end", "is before the start");
        }
        var status = b.OneOf("status", Vocabulary.ActivityStatuses, required: true);
        var requested = Outcomes(b);
        if (requested.Count > 0 && status != "completed" && status != "ongoing")
        {
            r.Fail("body.status", "land is released only by an ongoing or completed activity");
        }
        if (type == "non-technical-survey" && requested.Any(q => q.Item1 == "cleared"))
        {
            r.Fail("body.outcomes.cleared", "non-technical survey cancels land; it does not clear it");
        }
        if (type == "technical-survey" && requested.Any(q => q.Item1 == "cancelled"))
        {
            r.Fail("body.outcomes.cancelled", "technical survey reduces land; cancellation is by non-technical survey");
        }
        var present = b.Obj("present") is { } p ? new Present((int)(p.Int("women", max: 1_000_000) ?? 0), (int)(p.Int("men", max: 1_000_000) ?? 0),
            (int)(p.Int("girls", max: 1_000_000) ?? 0), (int)(p.Int("boys", max: 1_000_000) ?? 0)) : null;
        var handedTo = b.Str("handedTo", required: type == "handover-certificate", max: 500);
        var a = new ReleaseActivity
        {
            Id = b.Str("id", required: true, max: 64) ?? "",
            Origin = Origin.Of(index, env),
            Type = type ?? "",
            Hazard = b.Str("hazard", required: true, max: 64) ?? "",
            Task = b.Str("task", max: 64),
            Organisation = b.Str("organisation", required: true, max: 200) ?? "",
            Method = b.OneOf("method", Vocabulary.Methods),
            Assets = b.Strs("assets", max: 50, maxLength: 100),
            DepthCm = b.Num("depthCm", min: 0, max: 1000),
            Start = start ?? default,
            End = end,
            Status = status ?? "",
            HandedTo = handedTo,
            Present = present,
            Note = b.Str("note", max: 10_000),
            Synthetic = b.Bool("synthetic") ?? false,
            Requested = requested,
        };
        r.ThrowIfAny();
        return a;
    }

    /// <summary>The land an activity released, by outcome (cancelled, reduced, cleared), as submitted.</summary>
    static List<(string, Geometry)> Outcomes(BodyReader.Scope b)
    {
        var requested = new List<(string, Geometry)>();
        if (b.Obj("outcomes") is { } o)
        {
            foreach (var kind in Vocabulary.Outcomes)
            {
                if (Area(o, kind, false, $"the {kind} land") is { } g)
                {
                    requested.Add((kind, g));
                }
            }
            foreach (var p in o.Element.EnumerateObject().Where(p => !Vocabulary.Outcomes.Contains(p.Name)))
            {
                b.Reader.Fail(o.At(p.Name), $"is not an outcome: use {string.Join(", ", Vocabulary.Outcomes)}");
            }
        }
        return requested;
    }

    public static QualityVisit Visit(long index, Envelope env, JsonElement body)
    {
        var b = Start(body, out var r);
        var v = new QualityVisit(b.Str("id", required: true, max: 64) ?? "", Origin.Of(index, env), b.Str("activity", max: 64), b.Str("task", max: 64),
            b.Str("organisation", required: true, max: 200) ?? "", b.Time("at", required: true) ?? default,
            b.OneOf("result", Vocabulary.VisitResults, required: true) ?? "",
            [.. b.Arr("nonconformities", max: 100).Select(n => new Nonconformity(n.OneOf("category", Vocabulary.Nonconformities, required: true) ?? "",
                n.Str("description", required: true, max: 2000) ?? "", n.Str("correctiveAction", max: 2000)))],
            b.Bool("synthetic") ?? false);
        if (v.Activity is null && v.Task is null && r.Errors.Count == 0)
        {
            r.Fail("body.activity", "a visit is to an activity or a task: give activity or task");
        }
        r.ThrowIfAny();
        return v;
    }
}
