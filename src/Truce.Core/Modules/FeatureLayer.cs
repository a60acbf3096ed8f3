using System.Text.Json;
using Truce.Core.Access;

namespace Truce.Core.Modules;

/// <summary>
/// A collection of features a module serves (hazards, corridors, incidents), declared once by its module: what the map
/// (<c>/api/layers</c>), OGC API – Features (<c>/ogc</c>) and exports read, each from the reader's own book. A layer
/// pages in a stable order of its own (<see cref="LayerQuery.After"/> is the cursor a page's <see cref="LayerPage.Next"/>
/// gave), so a client that follows the cursors sees every feature once.
/// </summary>
public abstract class FeatureLayer(string id, string title, string description, string geometryType, IReadOnlyList<QueryableProperty> queryables)
{
    public string Id { get; } = id;
    public string Title { get; } = title;
    public string Description { get; } = description;

    /// <summary>The GeoJSON geometry type of every feature (Point, LineString, Polygon, MultiPolygon) or "Geometry" when they vary.</summary>
    public string GeometryType { get; } = geometryType;

    /// <summary>The properties a client may filter on, each with its type: OGC API – Features Part 3 queryables.</summary>
    public IReadOnlyList<QueryableProperty> Queryables { get; } = queryables;

    /// <summary>One page of the features <paramref name="reader"/> may see that match <paramref name="query"/>.</summary>
    public abstract LayerPage Query(Reader reader, LayerQuery query);

    /// <summary>The feature of this id, if the reader may see it; <paramref name="query"/> gives the naming and the stop.</summary>
    public abstract LayerFeature? Item(Reader reader, string id, LayerQuery query);

    /// <summary>
    /// One page of what changed for <paramref name="reader"/> after the log reached size <paramref name="after"/>: the
    /// features created or changed since (in key order, from <see cref="LayerQuery.After"/>, <see cref="LayerQuery.Limit"/>
    /// a page), those merged away, and on the last page how many features the reader sees now, so a copy that misses a
    /// removal (an erasure) can tell.
    /// </summary>
    public abstract LayerChanges Changes(Reader reader, long after, LayerQuery query);

    /// <summary>
    /// Every feature the reader may see, in the layer's order, <paramref name="pageSize"/> at a time: what an export
    /// reads. By default one <see cref="Query"/> per page; a layer that can order its records once does better.
    /// </summary>
    public virtual IEnumerable<IReadOnlyList<LayerFeature>> Walk(Reader reader, LayerQuery query, int pageSize)
    {
        string? after = null;
        do
        {
            var page = Query(reader, query with { Limit = pageSize, After = after, Count = false });
            yield return page.Features;
            after = page.Next;
        }
        while (after is not null);
    }

    /// <summary>
    /// The features the reader may see that match <paramref name="query"/> (its limit and cursor aside), grouped into
    /// the cells of <paramref name="grid"/>: what a map draws, one answer per cell however many features there are.
    /// </summary>
    public abstract LayerClusters Clusters(Reader reader, LayerQuery query, MapGrid grid);

    /// <summary>Where and when the reader's features lie (null parts when there are none, or they have no time).</summary>
    public abstract LayerExtent Extent(Reader reader, CancellationToken stop);
}

/// <summary>A property a client may filter on. <paramref name="Type"/> is a JSON Schema type (string, number, integer,
/// boolean), or "date-time" for an RFC 3339 time.</summary>
public sealed record QueryableProperty(string Name, string Type, string Description);

/// <summary>A box in WGS 84 degrees, longitude first.</summary>
public sealed record BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public bool Intersects(BoundingBox o) => MinLon <= o.MaxLon && o.MinLon <= MaxLon && MinLat <= o.MaxLat && o.MinLat <= MaxLat;

    /// <summary>Whether a point lies in the box (edges included): <see cref="Intersects"/> of the point's box.</summary>
    public bool Contains(double lon, double lat) => MinLon <= lon && lon <= MaxLon && MinLat <= lat && lat <= MaxLat;

    public BoundingBox Union(BoundingBox o) =>
        new(Math.Min(MinLon, o.MinLon), Math.Min(MinLat, o.MinLat), Math.Max(MaxLon, o.MaxLon), Math.Max(MaxLat, o.MaxLat));

    public static BoundingBox Point(double lon, double lat) => new(lon, lat, lon, lat);
}

/// <summary>What a client asks of a layer; every filter optional. A time filter keeps what overlaps [From, To].</summary>
public sealed record LayerQuery
{
    public BoundingBox? Bbox { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>A test on a feature's properties (a CQL2 filter, property=value arguments), applied after the others.</summary>
    public Func<IReadOnlyDictionary<string, object?>, bool>? Where { get; init; }

    public int Limit { get; init; } = 100;

    /// <summary>The cursor a previous page's <see cref="LayerPage.Next"/> gave: this page starts after it.</summary>
    public string? After { get; init; }

    /// <summary>Whether to count every match (<see cref="LayerPage.Matched"/>); an export that only pages sets it false.</summary>
    public bool Count { get; init; } = true;

    /// <summary>The reader's naming (<c>neutral</c>, a party's convention or a language), for names a feature carries.</summary>
    public string Naming { get; init; } = "neutral";

    /// <summary>The nearest settlement to (lat, lon) in the reader's naming, when the caller has a gazetteer.</summary>
    public Func<double, double, string?>? NearestSettlement { get; init; }

    /// <summary>Fires when the request's budget is spent or its client has gone: the scan stops between rows.</summary>
    public CancellationToken Stop { get; init; }
}

/// <summary>A page: the features, the cursor of the next page (null at the end) and, when counted, how many match in all.</summary>
public sealed record LayerPage(IReadOnlyList<LayerFeature> Features, string? Next, long? Matched);

/// <summary>A layer's spatial and temporal extent as the reader sees it.</summary>
public sealed record LayerExtent(BoundingBox? Bbox, DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>One feature: its id within the layer, a GeoJSON geometry (WGS 84, longitude first), and its properties.</summary>
public sealed record LayerFeature(string Id, JsonElement Geometry, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A feature created (<c>new</c>), changed (<c>changed</c>) or gone from the reader's view (<c>removed</c>,
/// with no feature: merged into another, or no longer shown).</summary>
public sealed record LayerChange(string Id, string Change, LayerFeature? Feature);

/// <summary>A page of changes, the cursor of the next (null at the end), and on the last page the layer's count now.</summary>
public sealed record LayerChanges(IReadOnlyList<LayerChange> Items, string? Next, long? Total);
