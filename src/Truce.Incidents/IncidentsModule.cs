using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Incidents.Demo;
using Truce.Incidents.Queries;
using Truce.Spatial;

namespace Truce.Incidents;

/// <summary>
/// The incidents capability as a ledger module: reports, correlation, verification, claims, restrictions of
/// movement, hotline, mission places. State lives in memory, one book per audience class (rebuilt from the log at
/// start-up); each entry is read once and applied through its kind (<see cref="IncidentKinds"/>). It records ceasefire violations and defines places for the rest of the deployment through the shared
/// contracts (<see cref="ICeasefireEvents"/>, <see cref="IDefinedPlaces"/>).
/// </summary>
public sealed class IncidentsModule() : InMemoryModule<IncidentBook>(IncidentKinds.Declared, () => new IncidentBook()),
    ICeasefireEvents, IDefinedPlaces
{
    /// <summary>At most this many incidents are weighed for a summary or a ceasefire rule: a bound on a request's work.</summary>
    const int MaxWeighed = 100_000;

    public IReadOnlyList<CeasefireEvent> CeasefireViolations(Reader reader) => Read(reader, b =>
        IncidentQueries.Incidents(b, new IncidentFilter { Category = "ceasefire-violation", Limit = MaxWeighed }).Items
            .Select(i => new CeasefireEvent(i.Id, i.Time.Start, i.Status, i.Type, i.Reports, i.IndependentSources)).ToList());

    public IReadOnlyList<DefinedPlace> DefinedPlaces(Reader reader, string? kind = null) => Read(reader, b => b.Places.Values
        .Where(p => kind is null || p.Kind == kind)
        .OrderBy(p => p.Id, StringComparer.Ordinal)
        .Select(p => new DefinedPlace(p.Id, p.Kind, p.Names, GeoJson.Write(p.Geometry), p.ControlledBy, p.Index, p.Synthetic)).ToList());

    IReadOnlyList<FeatureLayer>? _layers;

    public override IReadOnlyList<FeatureLayer> Layers => _layers ??= IncidentLayers.Of(this);

    public override ModuleSummary? Summarise(Reader reader, IModuleHost host) => Read(reader, b =>
    {
        var page = IncidentQueries.Incidents(b, new IncidentFilter { Limit = MaxWeighed });
        var byStatus = page.Items.GroupBy(i => i.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
        return new ModuleSummary("Incidents",
            [$"{page.Total} incidents (events, each counted once) from {page.Items.Sum(i => i.Reports)} reports (observations) you may see: {string.Join(", ", byStatus)}."],
            [new SummaryLink("List", "/api/incidents"), new SummaryLink("daily counts", "/api/stats/daily")]);
    });

    public override IReadOnlyList<ReportSection> Report(Reader reader, IModuleHost host, ReportPeriod period) =>
        Read(reader, b => IncidentReport.Of(b, period));

    public override Task LoadDemoAsync(IDemoWriter demo) => DemoIncidents.LoadAsync(demo, this);
}
