using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Mandate.Compliance;
using Truce.Mandate.Demo;
using Truce.Spatial;

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

    public override IReadOnlyList<FeatureLayer> Layers =>
    [
        new("corridors", "Corridors", "Each corridor's route in each period of validity, as the mission logged it.",
            (reader, limit) => Read(reader, b => b.Corridors.Values.SelectMany(v => v).OrderBy(c => c.Id, StringComparer.Ordinal).ThenBy(c => c.ValidFrom)
                .Take(limit).Select(c => new LayerFeature($"{c.Id}@{c.Index}", GeoJson.Write(c.Route), new Dictionary<string, object?>
                {
                    ["corridor"] = c.Id,
                    ["widthKm"] = c.WidthKm,
                    ["controlledBy"] = c.ControlledBy,
                    ["validFrom"] = c.ValidFrom,
                    ["validUntil"] = c.ValidUntil,
                    ["approximate"] = c.Approximate,
                    ["entry"] = c.Index,
                    ["synthetic"] = c.Synthetic,
                })).ToList())),
        new("checkpoints", "Checkpoints", "Checkpoints on the corridors, where transits are logged.",
            (reader, limit) => Read(reader, b => b.Checkpoints.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Take(limit)
                .Select(c => new LayerFeature(c.Id, GeoJson.WritePoint(c.Lon, c.Lat), new Dictionary<string, object?>
                {
                    ["name"] = c.Name,
                    ["corridor"] = c.Corridor,
                    ["controlledBy"] = c.ControlledBy,
                    ["entry"] = c.Index,
                    ["synthetic"] = c.Synthetic,
                })).ToList())),
        new("activities", "Activities", "Patrols, engineering work, deployments and other activities each party logged, where they took place.",
            (reader, limit) => Read(reader, b => b.Activities.Values.OrderBy(a => a.Index).Take(limit)
                .Select(a => new LayerFeature(a.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), GeoJson.Write(a.Where), new Dictionary<string, object?>
                {
                    ["kind"] = a.Kind,
                    ["actor"] = a.Actor,
                    ["party"] = a.Party,
                    ["start"] = a.Start,
                    ["end"] = a.End,
                    ["agreement"] = a.Agreement,
                    ["provision"] = a.Provision,
                    ["synthetic"] = a.Synthetic,
                })).ToList())),
    ];

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

    public override Task LoadDemoAsync(IDemoWriter demo) => DemoMandate.LoadAsync(demo, this);
}
