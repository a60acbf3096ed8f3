namespace Truce.Core.Modules;

/// <summary>
/// The cells a map at one zoom level groups features into: squares of <see cref="CellPixels"/> screen pixels in Web
/// Mercator (the projection of web maps), so a cluster covers the same area on screen at every zoom. A map of a
/// million features gets one answer per cell in view, never every point.
/// </summary>
public sealed record MapGrid(int Zoom)
{
    public const int MaxZoom = 22;

    /// <summary>The side of a cell in screen pixels (at 256 pixels to a tile).</summary>
    public const int CellPixels = 64;

    /// <summary>The most cells a bbox may span at the zoom asked: a viewport of a few screens, not the world at street level.</summary>
    public const long MaxCells = 40_000;

    double Size => 256.0 * Math.Pow(2, Zoom);

    /// <summary>The cell of a position (longitude, latitude in degrees).</summary>
    public (long X, long Y) Cell(double lon, double lat)
    {
        var (x, y) = Pixels(lon, lat);
        return ((long)Math.Floor(x / CellPixels), (long)Math.Floor(y / CellPixels));
    }

    /// <summary>How many cells a box spans at this zoom.</summary>
    public long CellsIn(BoundingBox box)
    {
        var (x0, y0) = Cell(box.MinLon, box.MaxLat);
        var (x1, y1) = Cell(box.MaxLon, box.MinLat);
        return (Math.Abs(x1 - x0) + 1) * (Math.Abs(y1 - y0) + 1);
    }

    (double X, double Y) Pixels(double lon, double lat)
    {
        // Web Mercator stops at ±85.05°; a pole clamps to the edge of the map.
        var phi = Math.Clamp(lat, -85.05112878, 85.05112878) * Math.PI / 180;
        var x = (lon + 180) / 360 * Size;
        var y = (1 - (Math.Log(Math.Tan(phi) + (1 / Math.Cos(phi))) / Math.PI)) / 2 * Size;
        return (Math.Clamp(x, 0, Size - 1e-9), Math.Clamp(y, 0, Size - 1e-9));
    }
}

/// <summary>Features grouped on a map: a cluster per cell holding two or more, the features of cells holding one, and
/// how many matched in all.</summary>
public sealed record LayerClusters(IReadOnlyList<LayerCluster> Clusters, IReadOnlyList<LayerFeature> Features, long Matched);

/// <summary>A cell's features: how many, where their centres lie on average, and the box around them.</summary>
public sealed record LayerCluster(double Lon, double Lat, long Count, BoundingBox Box);

/// <summary>Adds up a cell's features as they are met.</summary>
internal sealed class CellTally
{
    public long Count;
    public double SumLon, SumLat;
    public BoundingBox? Box;

    /// <summary>The record of the cell's one feature while it holds one (its row is made only if it ends so).</summary>
    public object? Single;

    public void Add(BoundingBox b)
    {
        Count++;
        SumLon += (b.MinLon + b.MaxLon) / 2;
        SumLat += (b.MinLat + b.MaxLat) / 2;
        Box = Box is null ? b : Box.Union(b);
    }

    public LayerCluster Cluster() => new(SumLon / Count, SumLat / Count, Count, Box!);
}
