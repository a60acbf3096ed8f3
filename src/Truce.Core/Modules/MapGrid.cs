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

    /// <summary>The cells of positions given as <see cref="Unit"/> coordinates, the scale worked out once: what
    /// <see cref="Cell"/> gives for the same longitude and latitude, to the bit.</summary>
    public UnitCells OfUnits => new(Size);

    /// <summary>A position in Web Mercator as a share of the map's width and height (0 to 1 from the top left), before
    /// any zoom: what a kept index stores so that a cell at any zoom is a multiplication.</summary>
    public static (double X, double Y) Unit(double lon, double lat)
    {
        // Web Mercator stops at ±85.05°; a pole clamps to the edge of the map.
        var phi = Math.Clamp(lat, -85.05112878, 85.05112878) * Math.PI / 180;
        return ((lon + 180) / 360, (1 - (Math.Log(Math.Tan(phi) + (1 / Math.Cos(phi))) / Math.PI)) / 2);
    }

    (double X, double Y) Pixels(double lon, double lat)
    {
        var (x, y) = Unit(lon, lat);
        return (Math.Clamp(x * Size, 0, Size - 1e-9), Math.Clamp(y * Size, 0, Size - 1e-9));
    }
}

/// <summary>The cells of one zoom level for positions in Web Mercator units (<see cref="MapGrid.Unit"/>).</summary>
public readonly struct UnitCells(double size)
{
    public (long X, long Y) Cell(double x, double y) =>
        ((long)Math.Floor(Math.Clamp(x * size, 0, size - 1e-9) / MapGrid.CellPixels), (long)Math.Floor(Math.Clamp(y * size, 0, size - 1e-9) / MapGrid.CellPixels));
}

/// <summary>Features grouped on a map: a cluster per cell holding two or more, the features of cells holding one, and
/// how many matched in all.</summary>
public sealed record LayerClusters(IReadOnlyList<LayerCluster> Clusters, IReadOnlyList<LayerFeature> Features, long Matched);

/// <summary>A cell's features: how many, where their centres lie on average, and the box around them.</summary>
public sealed record LayerCluster(double Lon, double Lat, long Count, BoundingBox Box);

/// <summary>Adds up a cell's features as they are met. Centres are summed in units of 10⁻⁷ degree, whole numbers, so
/// the sum (and the cluster's mean) is the same in whatever order a book hands its records.</summary>
internal sealed class CellTally
{
    const double Scale = 1e7;

    public long Count;
    long _sumLon, _sumLat;
    double _minLon = double.MaxValue, _minLat = double.MaxValue, _maxLon = double.MinValue, _maxLat = double.MinValue;

    /// <summary>The record of the cell's one feature while it holds one (its row is made only if it ends so).</summary>
    public object? Single;

    public void Add(BoundingBox b)
    {
        Add((b.MinLon + b.MaxLon) / 2, (b.MinLat + b.MaxLat) / 2);
        (_minLon, _minLat) = (Math.Min(_minLon, b.MinLon), Math.Min(_minLat, b.MinLat));
        (_maxLon, _maxLat) = (Math.Max(_maxLon, b.MaxLon), Math.Max(_maxLat, b.MaxLat));
    }

    /// <summary>Adds a feature that is a point.</summary>
    public void Add(double lon, double lat)
    {
        Count++;
        _sumLon += (long)Math.Round(lon * Scale);
        _sumLat += (long)Math.Round(lat * Scale);
        (_minLon, _minLat) = (Math.Min(_minLon, lon), Math.Min(_minLat, lat));
        (_maxLon, _maxLat) = (Math.Max(_maxLon, lon), Math.Max(_maxLat, lat));
    }

    public LayerCluster Cluster() =>
        new(_sumLon / Scale / Count, _sumLat / Scale / Count, Count, new BoundingBox(_minLon, _minLat, _maxLon, _maxLat));
}
