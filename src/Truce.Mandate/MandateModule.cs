using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Mandate.Compliance;
using Truce.Mandate.Demo;

namespace Truce.Mandate;

/// <summary>
/// Movements and the mandate as a ledger module (docs/MANDATE.md): agreements and drafts, corridors, checkpoints,
/// notices, consents, transits, activities, and the compliance flags derived from them. In memory, one book per
/// audience class, replayed at start; each entry read once and applied through its kind (<see cref="MandateKinds"/>). The ceasefire rules weigh the violations other modules record
/// (<see cref="ICeasefireEvents"/>), as the reader may see them.
/// </summary>
public sealed class MandateModule() : InMemoryModule<MandateBook>(MandateKinds.Declared, () => new MandateBook())
{
    /// <summary>The compliance view for <paramref name="reader"/>: its own book, and the violations it may see.</summary>
    public Compliance.Compliance Compliance(Reader reader, IModuleHost host, DateTimeOffset asOf, FlagQuery? query = null)
    {
        var violations = host.CeasefireViolations(reader);
        return Read(reader, b => ComplianceView.Evaluate(b, asOf, violations, query));
    }

    IReadOnlyList<FeatureLayer>? _layers;

    public override IReadOnlyList<FeatureLayer> Layers => _layers ??= MandateLayers.Of(this);

    public override ModuleSummary? Summarise(Reader reader, IModuleHost host)
    {
        var view = Compliance(reader, host, host.Time.GetUtcNow());
        var rows = view.Provisions.GroupBy(p => (p.Framework, p.Draft)).Select(g =>
        {
            SummaryCell N(string state) => new(g.Count(p => p.State == state).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (IReadOnlyList<SummaryCell>)[new(g.Key.Framework, g.Key.Draft ? "draft" : null), N("kept"), N("at-risk"), N("breached"), N("unknown")];
        }).ToList();
        return new ModuleSummary("The mandate",
            [$"{view.Parties.Sum(p => p.Open)} open flags ({view.Parties.Sum(p => p.Contested)} contested); each names the rule, the entries and every framework's verdict side by side."],
            [new SummaryLink("Compliance", "/api/compliance")])
        {
            Table = new SummaryTable(["Framework", "Kept", "At risk", "Breached", "Unknown"], rows),
        };
    }

    public override IReadOnlyList<ReportSection> Report(Reader reader, IModuleHost host, ReportPeriod period)
    {
        var violations = host.CeasefireViolations(reader);
        return Read(reader, b => MandateReport.Of(b, period, violations));
    }

    public override Task LoadDemoAsync(IDemoWriter demo) => DemoMandate.LoadAsync(demo, this);
}
