using System.Globalization;
using NetTopologySuite.Geometries;
using Truce.Core.Modules;
using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;
using Truce.Spatial;

namespace Truce.Mandate;

/// <summary>The mandate module's feature collections: corridors (each period of validity), checkpoints, activities.</summary>
public static class MandateLayers
{
    static readonly QueryableProperty Synthetic = new("synthetic", "boolean", "True for demo or test data.");

    public static IReadOnlyList<FeatureLayer> Of(MandateModule module) => [Corridors(module), Checkpoints(module), Activities(module)];

    static FeatureLayer Corridors(MandateModule module) =>
        new RowLayer<Corridor, Corridor>("corridors", "Corridors", "Each corridor's route in each period of validity, as the mission logged it.", "Geometry",
            [
                new("corridor", "string", "The corridor's id."),
                new("widthKm", "number", "Its width, in km."),
                new("controlledBy", "string", "Who controls it."),
                new("validFrom", "date-time", "When this route took effect."),
                new("validUntil", "date-time", "When it ceased to (empty while in force)."),
                Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Corridors.Values.SelectMany(v => v))),
            RowLayer.Plain<Corridor>(c => $"{c.Id}@{RowLayer.IndexKey(c.Index)}", c => $"{c.Id}@{c.Index}", c => Box(c.Route), c => (c.ValidFrom, c.ValidUntil),
                (c, _) => new LayerFeature($"{c.Id}@{c.Index}", GeoJson.Write(c.Route), new Dictionary<string, object?>
                {
                    ["corridor"] = c.Id,
                    ["widthKm"] = c.WidthKm,
                    ["controlledBy"] = c.ControlledBy,
                    ["validFrom"] = c.ValidFrom,
                    ["validUntil"] = c.ValidUntil,
                    ["approximate"] = c.Approximate,
                    ["entry"] = c.Index,
                    ["synthetic"] = c.Synthetic,
                })) with
            { Versions = c => (c.Index, c.Index) });

    static FeatureLayer Checkpoints(MandateModule module) =>
        new RowLayer<Checkpoint, Checkpoint>("checkpoints", "Checkpoints", "Checkpoints on the corridors, where transits are logged.", "Point",
            [
                new("name", "string", "The checkpoint's name."),
                new("corridor", "string", "The corridor it is on."),
                new("controlledBy", "string", "Who controls it."),
                Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Checkpoints.Values)),
            RowLayer.Plain<Checkpoint>(c => c.Id, c => c.Id, c => BoundingBox.Point(c.Lon, c.Lat), _ => RowLayer.Timeless,
                (c, _) => new LayerFeature(c.Id, GeoJson.WritePoint(c.Lon, c.Lat), new Dictionary<string, object?>
                {
                    ["name"] = c.Name,
                    ["corridor"] = c.Corridor,
                    ["controlledBy"] = c.ControlledBy,
                    ["entry"] = c.Index,
                    ["synthetic"] = c.Synthetic,
                })) with
            { Versions = c => (c.Index, c.Index) });

    static FeatureLayer Activities(MandateModule module) =>
        new RowLayer<Activity, Activity>("activities", "Activities",
            "Patrols, engineering work, deployments and other activities each party logged, where they took place.", "Geometry",
            [
                new("kind", "string", "What kind of activity."),
                new("actor", "string", "Who carried it out."),
                new("party", "string", "The party that logged it."),
                new("start", "date-time", "When it began."),
                new("end", "date-time", "When it ended."),
                new("agreement", "string", "The agreement it was done under, if any."),
                Synthetic,
            ],
            (reader, query) => module.Read(reader, b => query(b.Activities.InOrder)),
            RowLayer.Plain<Activity>(a => RowLayer.IndexKey(a.Index), a => a.Index.ToString(CultureInfo.InvariantCulture), a => Box(a.Where), a => (a.Start, a.End),
                (a, _) => new LayerFeature(a.Index.ToString(CultureInfo.InvariantCulture), GeoJson.Write(a.Where), new Dictionary<string, object?>
                {
                    ["kind"] = a.Kind,
                    ["actor"] = a.Actor,
                    ["party"] = a.Party,
                    ["start"] = a.Start,
                    ["end"] = a.End,
                    ["agreement"] = a.Agreement,
                    ["provision"] = a.Provision,
                    ["synthetic"] = a.Synthetic,
                })) with
            { Versions = a => (a.Index, a.Index), KeyOf = RowLayer.KeyOfIndex });

    static BoundingBox Box(Geometry g)
    {
        var e = g.EnvelopeInternal;
        return e.IsNull ? new BoundingBox(0, 0, 0, 0) : new BoundingBox(e.MinX, e.MinY, e.MaxX, e.MaxY);
    }
}
