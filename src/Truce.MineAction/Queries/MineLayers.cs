using NetTopologySuite.Geometries;
using Truce.Core.Modules;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;

namespace Truce.MineAction.Queries;

/// <summary>The mine action module's feature collections: hazards (their perimeters), minefield records, ordnance finds.</summary>
public static class MineLayers
{
    static readonly QueryableProperty Synthetic = new("synthetic", "boolean", "True for demo or test data.");
    static readonly QueryableProperty Entry = new("entry", "integer", "The log index of the entry that recorded it.");

    public static IReadOnlyList<FeatureLayer> Of(MineActionModule module) => [Hazards(module), Minefields(module), Ordnance(module)];

    static FeatureLayer Hazards(MineActionModule module) =>
        new RowLayer<Hazard, Hazard>("hazards", "Hazards",
            "Each hazard's perimeter as recorded, open and closed, by id, with the area still hazardous once land was released from it.", "Geometry",
            [
                new("type", "string", "SHA (suspected) or CHA (confirmed)."),
                new("name", "string", "The hazard's name."),
                new("status", "string", "open or closed."),
                new("district", "string", "The district it lies in."),
                new("remainingM2", "number", "The area still hazardous, in m²."),
                new("recorded", "date-time", "When its entry was logged."),
                Entry, Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Hazards.Values)),
            RowLayer.Plain<Hazard>(h => h.Id, h => h.Id, h => Box(h.Perimeter), h => (h.Origin.Logged, h.Origin.Logged),
                (h, _) => new LayerFeature(h.Id, GeoJson.Write(h.Perimeter), new Dictionary<string, object?>
                {
                    ["type"] = h.Type,
                    ["name"] = h.Name,
                    ["status"] = h.Status,
                    ["district"] = h.District,
                    ["remainingM2"] = Math.Round(h.RemainingM2),
                    ["estimatedM2"] = Math.Round(h.EstimatedM2),
                    ["devices"] = h.Devices.ToList(),
                    ["benchmarkLon"] = h.BenchmarkLon,
                    ["benchmarkLat"] = h.BenchmarkLat,
                    ["recorded"] = h.Origin.Logged,
                    ["entry"] = h.Origin.Index,
                    ["synthetic"] = h.Synthetic,
                })) with
            { Versions = h => (h.Origin.Index, h.History.Count == 0 ? h.Origin.Index : Math.Max(h.Origin.Index, h.History.Max(e => e.Index))) });

    static FeatureLayer Minefields(MineActionModule module) =>
        new RowLayer<MinefieldRecord, MinefieldRecord>("minefields", "Minefield records",
            "Each minefield record a party handed over (CCW Amended Protocol II), at its recorded perimeter.", "Geometry",
            [
                new("laidBy", "string", "The party that laid the mines."),
                new("district", "string", "The district it lies in."),
                new("pattern", "string", "How the mines were laid."),
                new("totalMines", "integer", "How many mines the record shows."),
                new("laidFrom", "date-time", "When laying began."),
                new("laidUntil", "date-time", "When laying ended."),
                Entry, Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Minefields.Values)),
            RowLayer.Plain<MinefieldRecord>(m => m.Id, m => m.Id, m => Box(m.Perimeter), m => (m.LaidFrom, m.LaidUntil ?? m.LaidFrom),
                (m, _) => new LayerFeature(m.Id, GeoJson.Write(m.Perimeter), new Dictionary<string, object?>
                {
                    ["laidBy"] = m.LaidBy,
                    ["district"] = m.District,
                    ["pattern"] = m.Pattern,
                    ["areaM2"] = Math.Round(m.AreaM2),
                    ["totalMines"] = m.TotalMines,
                    ["laidFrom"] = m.LaidFrom,
                    ["laidUntil"] = m.LaidUntil,
                    ["marking"] = m.Marking,
                    ["handovers"] = m.HandedOverIn.Count,
                    ["accuracy"] = m.Accuracy is { } a ? Math.Round(a, 4) : null,
                    ["entry"] = m.Origin.Index,
                    ["synthetic"] = m.Synthetic,
                })) with
            { Versions = m => (m.Origin.Index, m.HandedOverIn.Count == 0 ? m.Origin.Index : Math.Max(m.Origin.Index, m.HandedOverIn.Max())) });

    static FeatureLayer Ordnance(MineActionModule module) =>
        new RowLayer<OrdnanceFind, OrdnanceFind>("ordnance", "Ordnance finds",
            "Each find of explosive ordnance, where and when it was found and what was done with it.", "Point",
            [
                new("category", "string", "The ordnance category."),
                new("model", "string", "The model, when known."),
                new("quantity", "integer", "How many items."),
                new("condition", "string", "Its condition."),
                new("action", "string", "What was done with it."),
                new("found", "date-time", "When it was found."),
                new("hazard", "string", "The hazard it was found in, if any."),
                Entry, Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Ordnance.Values)),
            RowLayer.Plain<OrdnanceFind>(o => o.Id, o => o.Id, o => BoundingBox.Point(o.Lon, o.Lat), o => (o.Found, o.Found),
                (o, _) => new LayerFeature(o.Id, GeoJson.WritePoint(o.Lon, o.Lat), new Dictionary<string, object?>
                {
                    ["category"] = o.Category,
                    ["model"] = o.Model,
                    ["quantity"] = o.Quantity,
                    ["condition"] = o.Condition,
                    ["fuzeState"] = o.FuzeState,
                    ["action"] = o.Action,
                    ["found"] = o.Found,
                    ["hazard"] = o.Hazard,
                    ["entry"] = o.Origin.Index,
                    ["synthetic"] = o.Synthetic,
                })) with
            { Versions = o => (o.Origin.Index, o.Origin.Index) });

    static BoundingBox Box(Geometry g)
    {
        var e = g.EnvelopeInternal;
        return e.IsNull ? new BoundingBox(0, 0, 0, 0) : new BoundingBox(e.MinX, e.MinY, e.MaxX, e.MaxY);
    }
}
