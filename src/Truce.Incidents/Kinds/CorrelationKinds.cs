using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Incidents.Correlation;
using Truce.Incidents.Taxonomy;

namespace Truce.Incidents.Kinds;

public sealed record RecorrelateBody(string Reason);

/// <summary><c>incident.recorrelate</c>: correlation runs again over every report, under the settings in force.</summary>
sealed class RecorrelateKind() : MissionKind<RecorrelateBody>(IncidentKinds.Recorrelate, Roles.Verifier, Roles.MissionAdmin)
{
    public override RecorrelateBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var reason = r.Root(body).Str("reason", required: true, max: 2000);
        r.ThrowIfAny();
        return new RecorrelateBody(reason!);
    }

    public override void Apply(IncidentBook book, EntryContext ctx, RecorrelateBody body) =>
        book.Recorrelate(ctx.Step("re-correlated over all reports", body.Reason));
}

/// <summary>The settings a <c>correlation.config</c> entry gives; the others stay as they are in the book.</summary>
/// <param name="Errors">What reading found; whether suggest stays below join depends on the book's settings.</param>
/// <param name="SettlementRadiusKm">Radii by source kind; kinds not named keep theirs.</param>
public sealed record ConfigBody(double? Join, double? Suggest, double? ClockToleranceMinutes, double? EventDensity, double? SameSourceFactor,
    IReadOnlyList<FieldError> Errors, double? Attach = null, double? CoarseEventDensity = null, IReadOnlyDictionary<string, double>? SettlementRadiusKm = null,
    double? PublicGridDegrees = null, double? UnobservedRatio = null)
{
    public CorrelationSettings Over(CorrelationSettings current) => new()
    {
        Join = Join ?? current.Join,
        Suggest = Suggest ?? current.Suggest,
        ClockToleranceMinutes = ClockToleranceMinutes ?? current.ClockToleranceMinutes,
        EventDensity = EventDensity ?? current.EventDensity,
        SameSourceFactor = SameSourceFactor ?? current.SameSourceFactor,
        Attach = Attach ?? current.Attach,
        CoarseEventDensity = CoarseEventDensity ?? current.CoarseEventDensity,
        UnobservedRatio = UnobservedRatio ?? current.UnobservedRatio,
        SettlementRadiusKm = SettlementRadiusKm is null ? current.SettlementRadiusKm : Radii(current.SettlementRadiusKm, SettlementRadiusKm),
        // 0 lifts the grid.
        PublicGridDegrees = PublicGridDegrees is { } grid ? (grid == 0 ? null : grid) : current.PublicGridDegrees,
    };

    static SortedDictionary<string, double> Radii(IReadOnlyDictionary<string, double> current, IReadOnlyDictionary<string, double> given)
    {
        var radii = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (kind, km) in current.Concat(given))
        {
            radii[kind] = km;
        }
        return radii;
    }
}

/// <summary><c>correlation.config</c>: the thresholds correlation runs under, on the record for every party to see.</summary>
sealed class ConfigKind() : MissionKind<ConfigBody>(IncidentKinds.CorrelationConfig, Roles.MissionAdmin)
{
    public override ConfigBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var join = b.Num("join", min: 0.5, max: 1);
        var suggest = b.Num("suggest", min: 0.01, max: 0.99);
        var tolerance = b.Num("clockToleranceMinutes", min: 0, max: 720);
        var density = b.Num("eventDensity", min: 1e-9, max: 10);
        var sameSource = b.Num("sameSourceFactor", min: 0, max: 1);
        var attach = b.Num("attach", min: 0.5, max: 1);
        var coarseDensity = b.Num("coarseEventDensity", min: 1e-9, max: 10);
        var unobserved = b.Num("unobservedRatio", min: 0, max: 10);
        Dictionary<string, double>? radii = null;
        if (b.Obj("settlementRadiusKm") is { } o)
        {
            radii = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in o.Element.EnumerateObject().Take(20))
            {
                if (!Taxonomy.Taxonomy.Shipped.Sources.Contains(p.Name))
                {
                    r.Fail(o.At(p.Name), $"'{p.Name}' is not a source kind ({string.Join(", ", Taxonomy.Taxonomy.Shipped.Sources)})");
                }
                else if (o.Num(p.Name, min: 0.1, max: 100) is { } km)
                {
                    radii[p.Name] = km;
                }
            }
        }
        var grid = b.Num("publicGridDegrees", min: 0, max: 1);
        if (grid is > 0 and < 0.001)
        {
            r.Fail("body.publicGridDegrees", "must be 0 (no grid) or from 0.001 to 1 degree");
        }
        return new ConfigBody(join, suggest, tolerance, density, sameSource, r.Errors, attach, coarseDensity, radii, grid, unobserved);
    }

    public override void Check(IncidentBook book, CheckContext ctx, ConfigBody body)
    {
        var refusal = new Refusal(body.Errors);
        var settings = body.Over(book.Correlator.Settings);
        if (settings.Suggest >= settings.Join)
        {
            refusal.Add(body.Errors.Count, "body.suggest", "must be below join");
        }
        if (settings.Suggest >= settings.Attach)
        {
            refusal.Add(body.Errors.Count, "body.suggest", "must be below attach");
        }
        refusal.ThrowIfAny();
    }

    public override void Apply(IncidentBook book, EntryContext ctx, ConfigBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        book.Correlator.Settings = body.Over(book.Correlator.Settings);
    }
}

/// <summary>A type a <c>taxonomy.extend</c> entry adds, as read (null where the field is bad).</summary>
/// <param name="At">How many of the body's problems come before its id's (an id the book knows already is refused).</param>
public sealed record NewType(string? Id, string? Category, string? Family, string? Label, int At);

public sealed record TaxonomyBody(IReadOnlyList<NewType> Types, IReadOnlyList<FieldError> Errors);

/// <summary><c>taxonomy.extend</c>: report types the deployment adds to the shipped taxonomy.</summary>
sealed class TaxonomyKind() : MissionKind<TaxonomyBody>(IncidentKinds.TaxonomyExtend, Roles.MissionAdmin)
{
    static readonly List<string> Families = [.. Taxonomy.Taxonomy.Shipped.Families];

    public override TaxonomyBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var types = new List<NewType>();
        foreach (var t in b.Arr("types", required: true, max: 100))
        {
            var id = t.Str("id", required: true, max: 64);
            var at = r.Errors.Count;
            types.Add(new NewType(id, t.OneOf("category", Taxonomy.Taxonomy.Shipped.Categories, required: true), t.OneOf("family", Families, required: true),
                t.Str("label", required: true), at));
        }
        return new TaxonomyBody(types, r.Errors);
    }

    public override void Check(IncidentBook book, CheckContext ctx, TaxonomyBody body)
    {
        var refusal = new Refusal(body.Errors);
        for (int i = 0; i < body.Types.Count; i++)
        {
            if (body.Types[i].Id is { } id && book.Taxonomy.FindType(id) is not null)
            {
                refusal.Add(body.Types[i].At, $"body.types[{i}].id", $"type '{id}' already exists");
            }
        }
        refusal.ThrowIfAny();
    }

    public override void Apply(IncidentBook book, EntryContext ctx, TaxonomyBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        foreach (var t in body.Types)
        {
            book.Taxonomy.Add(new ReportType(t.Id!, t.Category!, t.Family!, t.Label!));
        }
    }
}
