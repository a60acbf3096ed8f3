using System.Globalization;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Incidents.Correlation;
using Truce.Incidents.Records;
using Truce.Spatial;

namespace Truce.Incidents.Queries;

/// <summary>The incidents module's feature collections: incidents (events), reports (observations), places defined by entry.</summary>
public static class IncidentLayers
{
    static readonly QueryableProperty Synthetic = new("synthetic", "boolean", "True for demo or test data.");

    public static IReadOnlyList<FeatureLayer> Of(IncidentsModule module) => [Incidents(module), Reports(module), Places(module)];

    static FeatureLayer Incidents(IncidentsModule module) =>
        new RowLayer<(IncidentBook Book, Incident Incident), IncidentView>("incidents", "Incidents",
            "Each incident (one event, however many reports) at its estimated location, from the reports the reader may see.", "Point",
            [
                new("status", "string", "reported, verified, disputed, unverifiable or retracted."),
                new("type", "string", "The event type (docs/INCIDENTS.md taxonomy)."),
                new("category", "string", "The type's category, e.g. ceasefire-violation."),
                new("start", "date-time", "When the event began at the earliest."),
                new("end", "date-time", "When the event ended at the latest."),
                new("reports", "integer", "How many reports (observations) the incident has."),
                new("independentSources", "integer", "How many independent sources reported it."),
                new("parties", "string", "The parties whose reports it rests on (a list): `parties=am` keeps the incidents am reported."),
                new("sources", "string", "The kinds of source of those reports (a list): `sources=patrol` keeps the incidents a patrol reported."),
                Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Correlator.IncidentsInOrder(i => (b, i)))),
            new(r => RowLayer.IndexKey(r.Incident.Id), r => r.Incident.Key, r => IncidentQueries.ViewOf(r.Book, r.Incident),
                v => BoundingBox.Point(v.Location.Lon, v.Location.Lat), v => (v.Time.Start, v.Time.End),
                (v, q) => new LayerFeature(v.Id, GeoJson.WritePoint(v.Location.Lon, v.Location.Lat),
                    IncidentProperties(v, q.NearestSettlement?.Invoke(v.Location.Lat, v.Location.Lon))))
            {
                Properties = v => IncidentProperties(v, null),
                RecordProperties = r => IncidentQueries.Filterable(r.Book, r.Incident),
                Locate = r => IncidentQueries.Placed(r.Book, r.Incident) is { } p ? (BoundingBox.Point(p.Lon, p.Lat), (p.Start, p.End)) : null,
                Versions = r => (r.Incident.Id, r.Incident.LastChanged),
                Shown = r => r.Incident.MergedInto is null && r.Incident.Reports.Count > 0,
                KeyOf = id => id.StartsWith(IncidentIds.Prefix, StringComparison.Ordinal) ? RowLayer.KeyOfIndex(id[IncidentIds.Prefix.Length..]) : null,
            });

    static Dictionary<string, object?> IncidentProperties(IncidentView v, string? near) => new()
    {
        ["status"] = v.Status,
        ["type"] = v.Type,
        ["category"] = v.Category,
        ["start"] = v.Time.Start,
        ["end"] = v.Time.End,
        ["reports"] = v.Reports,
        ["independentSources"] = v.IndependentSources,
        ["sigmaKm"] = v.Location.SigmaKm,
        ["near"] = near,
        ["synthetic"] = v.Synthetic,
        ["parties"] = v.Parties,
        ["sources"] = v.SourceKinds,
    };

    static FeatureLayer Reports(IncidentsModule module) =>
        new RowLayer<(IncidentBook Book, ReportState State), ReportState>("reports", "Reports",
            "Each report (one observation) the reader may see, at correlation's estimate of where it happened.", "Point",
            [
                new("party", "string", "The party that logged the report."),
                new("category", "string", "The reported category."),
                new("type", "string", "The reported type."),
                new("start", "date-time", "When the event began at the earliest, as reported."),
                new("end", "date-time", "When the event ended at the latest, as reported."),
                new("source", "string", "The kind of source: patrol, sensor, hotline, …"),
                new("confidence", "string", "The reporter's confidence."),
                new("incident", "string", "The incident the report is part of."),
                new("retracted", "boolean", "True once its author retracted it."),
                Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Correlator.ReportsInOrder(s => (b, s)))),
            new(r => RowLayer.IndexKey(r.State.Report.Index), r => r.State.Report.Index.ToString(CultureInfo.InvariantCulture), r => r.State,
                s => BoundingBox.Point(s.Report.Estimate.Lon, s.Report.Estimate.Lat), s => (s.Report.Start, s.Report.End), Report)
            {
                // A report shows its incident: it changes when the incident does (a merge moves it to another).
                Versions = r => (r.State.Report.Index, Math.Max(Math.Max(r.State.Report.Index, r.State.RetractedBy ?? 0),
                    r.Book.Correlator.Incidents.TryGetValue(r.State.Incident, out var i) ? i.LastChanged : 0)),
                Shown = _ => true,
                KeyOf = RowLayer.KeyOfIndex,
                Properties = s => ReportProperties(s, null),
            });

    static FeatureLayer Places(IncidentsModule module) =>
        new RowLayer<MissionPlace, MissionPlace>("places", "Places defined by entries",
            "Observation posts, checkpoints and other places the parties define by entry.", "Geometry",
            [
                new("kind", "string", "What the place is: post, checkpoint, …"),
                new("name", "string", "Its name in the reader's naming."),
                new("controlledBy", "string", "The party that controls it, if any."),
                new("definedBy", "integer", "The log index of the entry that defined it."),
                Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Places.Values)),
            RowLayer.Plain<MissionPlace>(p => p.Id, p => p.Id, p => Box(p.Geometry), _ => RowLayer.Timeless,
                (p, q) => new LayerFeature(p.Id, GeoJson.Write(p.Geometry), new Dictionary<string, object?>
                {
                    ["kind"] = p.Kind,
                    ["name"] = p.Names.TryGetValue(q.Naming, out var n) ? n : p.Names.Values.FirstOrDefault(),
                    ["names"] = p.Names,
                    ["controlledBy"] = p.ControlledBy,
                    ["definedBy"] = p.Index,
                    ["synthetic"] = p.Synthetic,
                })) with
            { Versions = p => (p.Index, p.Index) });

    static LayerFeature Report(ReportState s, LayerQuery q) =>
        new(s.Report.Index.ToString(CultureInfo.InvariantCulture), GeoJson.WritePoint(s.Report.Estimate.Lon, s.Report.Estimate.Lat),
            ReportProperties(s, q.NearestSettlement?.Invoke(s.Report.Estimate.Lat, s.Report.Estimate.Lon)));

    static Dictionary<string, object?> ReportProperties(ReportState s, string? near)
    {
        var r = s.Report;
        return new Dictionary<string, object?>
        {
            ["party"] = r.Party,
            ["logged"] = r.Logged,
            ["category"] = r.Category,
            ["type"] = r.Type,
            ["start"] = r.Start,
            ["end"] = r.End,
            ["timePrecision"] = r.TimePrecision,
            ["locationPrecision"] = r.LocationPrecision,
            ["radiusM"] = r.RadiusM,
            ["place"] = r.Place,
            ["source"] = r.SourceKind,
            ["confidence"] = r.Confidence,
            ["sigmaKm"] = Math.Round(r.Estimate.MeanSigma, 3),
            ["incident"] = IncidentIds.Format(s.Incident),
            ["retracted"] = s.Retracted,
            ["near"] = near,
            ["synthetic"] = r.Synthetic,
        };
    }

    static BoundingBox Box(NetTopologySuite.Geometries.Geometry g)
    {
        var e = g.EnvelopeInternal;
        return new BoundingBox(e.MinX, e.MinY, e.MaxX, e.MaxY);
    }
}
