using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Services;
using Truce.Places;

namespace Truce.Server.Endpoints.Ogc;

/// <summary>
/// Every feature collection the deployment serves, by id: each module's layers (<see cref="IModule.Layers"/>) and the
/// gazetteer's settlements, districts and regions. What OGC API – Features and exports list, in this order.
/// </summary>
public static class OgcCatalog
{
    public static IReadOnlyList<FeatureLayer> All(LedgerService l, Gazetteer g) =>
        [.. l.Modules.SelectMany(m => m.Layers), GazetteerLayer(g)];

    /// <summary>The collection of this id; a 404 naming it otherwise.</summary>
    public static FeatureLayer Find(LedgerService l, Gazetteer g, string id) =>
        All(l, g).FirstOrDefault(x => x.Id == id)
        ?? throw new RefusedException(RefusalKind.NotFound, $"no collection '{id}' (GET /ogc/collections lists them)");

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Gazetteer, FeatureLayer> Gazetteers = [];

    /// <summary>The reader's gazetteer as a layer (the shipped one, with the settlements of the <c>place</c> entries the reader
    /// may see: <see cref="Http.ReadersGazetteer"/>), each name in the reader's naming.</summary>
    static FeatureLayer GazetteerLayer(Gazetteer g) => Gazetteers.GetValue(g, _ => new RowLayer<Place, Place>("gazetteer", "Gazetteer",
                    "Settlements, districts and regions with each side's names (GeoNames and the parties' own), named in the reader's naming.", "Point",
                    [
                        new("name", "string", "Its name in the reader's naming."),
                        new("kind", "string", "settlement, district or region."),
                    ],
                    (_, query) => query(g.All),
                    RowLayer.Plain<Place>(p => p.Id, p => p.Id, p => BoundingBox.Point(p.Lon, p.Lat), _ => RowLayer.Timeless,
                        (p, q) => new LayerFeature(p.Id, Spatial.GeoJson.WritePoint(p.Lon, p.Lat), new Dictionary<string, object?>
                        {
                            ["name"] = g.DisplayName(p, q.Naming),
                            ["kind"] = p.Kind.ToString().ToLowerInvariant(),
                            ["radiusM"] = p.RadiusMetres > 0 ? p.RadiusMetres : null,
                            ["source"] = p.Source,
                        })) with
                    {
                        // The build's places never change; a settlement an entry defines (or moves) is new at that entry,
                        // so the change feed keeps a copy of the collection in step.
                        Versions = p => (p.DefinedBy, p.DefinedBy),
                    }));
}
