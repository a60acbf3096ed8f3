using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Kinds;

// The monitors' decisions about incidents. Each body names a report or incident before its other fields, and one the
// author's book lacks is named among them (Refusal), so these bodies keep what their reading found for Check.

public sealed record LinkBody(long Report, IncidentRef Incident, string? Reason, IReadOnlyList<FieldError> Errors);

/// <summary><c>incident.link</c>: a monitor moves a report into an incident (and pins it there).</summary>
sealed class LinkKind() : MissionKind<LinkBody>(IncidentKinds.Link, Roles.Verifier)
{
    public override LinkBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var report = b.Int("report", required: true) ?? throw new ValidationException("body.report", "is required");
        var incident = IncidentRef.Read(b, "incident");
        var reason = b.Str("reason", required: true, max: 2000);
        return new LinkBody(report, incident, reason, r.Errors);
    }

    public override void Check(IncidentBook book, CheckContext ctx, LinkBody body)
    {
        Targets.ExistingReport(book, body.Report);
        var refusal = new Refusal(body.Errors);
        refusal.Incident(book, body.Incident, "body.incident");
        refusal.ThrowIfAny();
    }

    public override void Apply(IncidentBook book, EntryContext ctx, LinkBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        var s = Targets.HeldReport(book, body.Report);
        var to = Targets.HeldIncident(book, body.Incident, "body.incident");
        book.Correlator.Link(s, to, ctx.Step($"report {s.Report.Index} linked by a monitor", body.Reason));
    }
}

public sealed record MergeBody(IncidentRef Into, IncidentRef From, string? Reason, IReadOnlyList<FieldError> Errors);

/// <summary><c>incident.merge</c>: two incidents are one event; <c>from</c> stays as an alias of <c>into</c>.</summary>
sealed class MergeKind() : MissionKind<MergeBody>(IncidentKinds.Merge, Roles.Verifier)
{
    public override MergeBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var into = IncidentRef.Read(b, "into");
        var from = IncidentRef.Read(b, "from");
        var reason = b.Str("reason", required: true, max: 2000);
        return new MergeBody(into, from, reason, r.Errors);
    }

    public override void Check(IncidentBook book, CheckContext ctx, MergeBody body)
    {
        var refusal = new Refusal(body.Errors);
        var into = refusal.Incident(book, body.Into, "body.into");
        var from = refusal.Incident(book, body.From, "body.from");
        refusal.ThrowIfAny();
        if (into == from)
        {
            throw new ValidationException("body.from", "is the same incident as body.into");
        }
    }

    public override void Apply(IncidentBook book, EntryContext ctx, MergeBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        var c = book.Correlator;
        var into = Targets.HeldIncident(book, body.Into, "body.into");
        var from = Targets.HeldIncident(book, body.From, "body.from");
        if (into == from)
        {
            throw new ValidationException("body.from", "already merged");
        }
        foreach (var r in from.Reports)
        {
            c.Pin(c.Reports[r]);
        }
        foreach (var r in into.Reports)
        {
            c.Pin(c.Reports[r]);
        }
        c.Merge(into, from, ctx.Step($"{from.Key} merged into {into.Key}", body.Reason));
        book.ClaimsMerged(from.Id, into.Id);
    }
}

public sealed record SplitBody(IncidentRef Incident, IReadOnlyList<long> Reports, string? Reason, IReadOnlyList<FieldError> Errors);

/// <summary><c>incident.split</c>: some of an incident's reports form a new incident, named after this entry.</summary>
sealed class SplitKind() : MissionKind<SplitBody>(IncidentKinds.Split, Roles.Verifier)
{
    public override SplitBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var incident = IncidentRef.Read(b, "incident");
        var reports = b.Indexes("reports", required: true, max: 1000);
        var reason = b.Str("reason", required: true, max: 2000);
        return new SplitBody(incident, reports, reason, r.Errors);
    }

    public override void Check(IncidentBook book, CheckContext ctx, SplitBody body)
    {
        var refusal = new Refusal(body.Errors);
        var incident = refusal.Incident(book, body.Incident, "body.incident");
        refusal.ThrowIfAny();
        if (body.Reports.Count == 0)
        {
            throw new ValidationException("body.reports", "names at least one report to split off");
        }
        for (int i = 0; i < body.Reports.Count; i++)
        {
            if (!incident!.Reports.Contains(body.Reports[i]))
            {
                throw new ValidationException($"body.reports[{i}]", $"report {body.Reports[i]} is not in incident {incident.Key}");
            }
        }
        if (body.Reports.Distinct().Count() >= incident!.Reports.Count)
        {
            throw new ValidationException("body.reports", "a split leaves at least one report in the incident");
        }
    }

    public override void Apply(IncidentBook book, EntryContext ctx, SplitBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        var c = book.Correlator;
        var from = Targets.HeldIncident(book, body.Incident, "body.incident");
        var moving = body.Reports.Where(from.Reports.Contains).Distinct().ToList();
        if (moving.Count == 0 || moving.Count >= from.Reports.Count)
        {
            throw new ValidationException("body.reports", "no longer a split of the incident");
        }
        var fresh = c.NewIncident(ctx.Index, manual: true);
        c.Split(from, moving, fresh, ctx.Step($"reports {string.Join(", ", moving)} split from {from.Key} into {fresh.Key}", body.Reason));
    }
}

public sealed record StatusBody(IncidentRef Incident, string? Status, string? Reason, IReadOnlyList<FieldError> Errors);

/// <summary><c>incident.status</c>: a step of the verification workflow (<see cref="Statuses"/>), with its reason.</summary>
sealed class StatusKind() : MissionKind<StatusBody>(IncidentKinds.Status, Roles.Verifier)
{
    public override StatusBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var incident = IncidentRef.Read(b, "incident");
        var status = b.OneOf("status", Statuses.All, required: true);
        var reason = b.Str("reason", required: true, max: 10_000);
        return new StatusBody(incident, status, reason, r.Errors);
    }

    public override void Check(IncidentBook book, CheckContext ctx, StatusBody body)
    {
        var refusal = new Refusal(body.Errors);
        var incident = refusal.Incident(book, body.Incident, "body.incident");
        refusal.ThrowIfAny();
        if (Statuses.CheckTransition(incident!.Status, body.Status!) is { } why)
        {
            throw new ValidationException("body.status", why);
        }
    }

    public override void Apply(IncidentBook book, EntryContext ctx, StatusBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        var i = Targets.HeldIncident(book, body.Incident, "body.incident");
        if (Statuses.CheckTransition(i.Status, body.Status!) is { } why)
        {
            throw new ValidationException("body.status", why);
        }
        i.History.Add(ctx.Step($"status {i.Status} → {body.Status}", body.Reason));
        i.Status = body.Status!;
    }
}
