using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Modules.Shared;
using Truce.Core.Services;
using Truce.Places;

namespace Truce.Http;

/// <summary>
/// The gazetteer one reader sees: what the server resolves, lists and names places with for that reader (the places
/// endpoints, an incident's "near", exports, the OGC collections, situation reports). A settlement a <c>place</c> entry
/// defines is in it only for readers who may see that entry, so no answer names a village its reader could not list.
/// </summary>
public static class ReadersGazetteer
{
    // The shipped gazetteer with the settlements defined by entries, by the entries that define them: a reader gets the
    // one its visible entries make. Built on a miss (a few milliseconds); few distinct sets are asked for (one
    // per audience class, until the next settlement entry). Emptied once an erasure is logged, so an erased entry's names
    // do not stay in memory, and when it holds MaxSets.
    sealed class Extended
    {
        public const int MaxSets = 16;
        public readonly System.Collections.Concurrent.ConcurrentDictionary<string, Gazetteer> Sets = new(StringComparer.Ordinal);
        public long ErasuresFrom;
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Gazetteer, Extended> ExtendedOf = [];

    /// <summary>The gazetteer a reader resolves and names places against: the shipped one, and the settlements the
    /// entries it may see define (as the incidents module's correlation reads them for that reader).</summary>
    public static Gazetteer For(LedgerService l, Reader reader, Gazetteer shipped)
    {
        // Read before the places: a set built from an entry erased meanwhile is answered once, not kept.
        var readAt = l.AppliedSize;
        var settlements = l.DefinedPlaces(reader, "settlement");
        if (settlements.Count == 0)
        {
            return shipped;
        }
        var cache = ExtendedOf.GetValue(shipped, _ => new());
        lock (cache)
        {
            if (l.MayHaveErasuresFrom(cache.ErasuresFrom) || cache.Sets.Count >= Extended.MaxSets)
            {
                cache.Sets.Clear();
                cache.ErasuresFrom = l.AppliedSize;
            }
        }
        var key = string.Join('\n', settlements.Select(p => $"{p.Id}\t{p.DefinedBy}"));
        // The geometry is read back only on a miss: a hit costs the key alone.
        var made = cache.Sets.GetOrAdd(key, _ =>
        {
            var g = shipped.Copy();
            foreach (var p in settlements)
            {
                if (Point(p.Geometry) is { } at)
                {
                    g.Add(Place.DefinedSettlement(p.Id, at.Lat, at.Lon, p.Names, p.DefinedBy, shipped.Find(p.Id)));
                }
            }
            return g;
        });
        if (l.MayHaveErasuresFrom(readAt))
        {
            cache.Sets.TryRemove(key, out _);
        }
        return made;
    }

    // A defined place's geometry was checked when its entry was read: here it is only read back.
    static (double Lat, double Lon)? Point(JsonElement geometry) =>
        Spatial.GeoJson.Read(geometry, "geometry", static (_, _) => { }) is NetTopologySuite.Geometries.Point p ? (p.Y, p.X) : null;
}
