using System.Globalization;
using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Kinds;

/// <summary>
/// A report body as read: the report, or what is wrong with it. Its type is not looked up in reading: a deployment's
/// types grow with <c>taxonomy.extend</c> entries, which some audiences may see and others not, so a type may be known
/// in one book and not in another; <see cref="Resolve"/> looks it up in each book the report reaches.
/// </summary>
/// <param name="Report">Null when <paramref name="Errors"/> names anything.</param>
/// <param name="TypeAt">How many of <paramref name="Errors"/> come before the type's own.</param>
public sealed record ReportBody(Report? Report, string? Category, string? Type, IReadOnlyList<FieldError> Errors, int TypeAt)
{
    /// <summary>The report, if its type is one of <paramref name="taxonomy"/>'s and of the category it gives; otherwise
    /// every bad field, the type's among them.</summary>
    public Report Resolve(Taxonomy.Taxonomy taxonomy)
    {
        var problem = TypeProblem(taxonomy);
        if (problem is null && Report is { } report)
        {
            return report;
        }
        var refusal = new Refusal(Errors);
        if (problem is not null)
        {
            refusal.Add(TypeAt, "body.type", problem);
        }
        throw refusal.Exception();
    }

    string? TypeProblem(Taxonomy.Taxonomy taxonomy)
    {
        if (Type is null)
        {
            return null;
        }
        if (taxonomy.FindType(Type) is not { } known)
        {
            return "is not a report type of this deployment (see GET /api/taxonomy)";
        }
        return Category is not null && known.Category != Category ? $"'{Type}' belongs to category '{known.Category}', not '{Category}'" : null;
    }
}

/// <summary><c>report</c>: one source's observation, correlated in each book it reaches with the incidents there.</summary>
sealed class ReportKind() : EntryKind<IncidentBook, ReportBody>(IncidentKinds.Report, Roles.Reporter, Roles.Verifier)
{
    public override ReportBody Read(EntryContext ctx, JsonElement body) => ReportParser.Read(ctx.Index, ctx.Envelope, body);

    public override void Check(IncidentBook book, CheckContext ctx, ReportBody body)
    {
        var report = body.Resolve(book.Taxonomy);
        if (ctx.Envelope.Visibility == Visibility.Public)
        {
            PublicGrid.Check(report, book.Correlator.Settings, book.Taxonomy);
        }
    }

    public override void Apply(IncidentBook book, EntryContext ctx, ReportBody body) => book.Correlator.Add(body.Resolve(book.Taxonomy));
}

/// <summary>The deployment's grid for public reports (<see cref="Correlation.CorrelationSettings.PublicGridDegrees"/>):
/// checked when a public report is admitted, never on replay, so reports logged before the grid was set stay.</summary>
static class PublicGrid
{
    public static void Check(Report report, Correlation.CorrelationSettings settings, Taxonomy.Taxonomy taxonomy)
    {
        if (settings is not { PublicGridDegrees: { } grid, PublicRadiusM: { } radiusM })
        {
            return;
        }
        var why = $"this deployment places public reports on a {grid.ToString(CultureInfo.InvariantCulture)}° grid (correlation.config publicGridDegrees)";
        var problems = new List<FieldError>();
        if (report.Observer is not null)
        {
            problems.Add(new("body.observer", $"a public report may not give an observer's position: {why}; leave it out, or choose the mission audience"));
        }
        if (report.Location is null)
        {
            problems.Add(new("body.location", $"is required for a public report, as a Point on the grid: {why}"));
        }
        else if (report.Location is not NetTopologySuite.Geometries.Point p || !On(p.X, grid) || !On(p.Y, grid))
        {
            var hint = report.Location is NetTopologySuite.Geometries.Point q
                ? string.Create(CultureInfo.InvariantCulture, $" (the nearest is [{Snap(q.X, grid)}, {Snap(q.Y, grid)}])") : "";
            problems.Add(new("body.location.geometry", $"must be a Point whose longitude and latitude are whole multiples of {grid.ToString(CultureInfo.InvariantCulture)}: {why}{hint}"));
        }
        var radius = report.RadiusM ?? (report.LocationPrecision is { } precision ? taxonomy.Precisions.GetValueOrDefault(precision) : 0);
        if (report.Location is not null && radius < radiusM)
        {
            problems.Add(new("body.location.radius", string.Create(CultureInfo.InvariantCulture, $"must be at least {Math.Ceiling(radiusM)} m for a public report: {why}")));
        }
        if (problems.Count > 0)
        {
            throw new ValidationException(problems);
        }
    }

    static bool On(double v, double grid) => Math.Abs((v / grid) - Math.Round(v / grid)) < 1e-6;

    static double Snap(double v, double grid) => Math.Round(Math.Round(v / grid) * grid, 6);
}

/// <param name="Errors">The reason's problems: a report the author's book lacks is named first (<see cref="Refusal"/>).</param>
public sealed record RetractBody(long Report, string? Reason, IReadOnlyList<FieldError> Errors);

/// <summary><c>report.retract</c>: the report's author party, or the mission, withdraws it from correlation.</summary>
sealed class RetractKind() : EntryKind<IncidentBook, RetractBody>(IncidentKinds.ReportRetract, Roles.Reporter, Roles.Verifier)
{
    public override RetractBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var report = b.Int("report", required: true) ?? throw new ValidationException("body.report", "is required");
        var reason = b.Str("reason", required: true, max: 2000);
        return new RetractBody(report, reason, r.Errors);
    }

    public override void Check(IncidentBook book, CheckContext ctx, RetractBody body)
    {
        var report = Targets.ExistingReport(book, body.Report);
        new Refusal(body.Errors).ThrowIfAny();
        if (report.Report.Party != ctx.Party && !ctx.ByMission)
        {
            throw new RefusedException(RefusalKind.Forbidden, "only the report's author party or the mission may retract it");
        }
        if (report.Retracted)
        {
            throw new ValidationException("body.report", $"report {report.Report.Index} is already retracted");
        }
    }

    public override void Apply(IncidentBook book, EntryContext ctx, RetractBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        var s = Targets.HeldReport(book, body.Report);
        if (s.Retracted)
        {
            throw new ValidationException("body.report", "already retracted");
        }
        s.RetractedBy = ctx.Index;
        s.RetractReason = body.Reason;
        book.Correlator.Retract(s); // marks it retracted, and takes back what it taught
        if (book.Correlator.Incidents.TryGetValue(s.Incident, out var i))
        {
            i.History.Add(ctx.Step($"report {s.Report.Index} retracted", s.RetractReason));
        }
    }
}
