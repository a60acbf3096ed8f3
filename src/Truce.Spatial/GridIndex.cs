namespace Truce.Spatial;

/// <summary>
/// A uniform grid over the plane: which items' boxes meet which cells. Items come and go as hazards are created,
/// shrink and close, so the index updates in place (an STR-tree would have to be rebuilt after every change).
/// </summary>
/// <remarks>
/// Each cell keeps its items' boxes beside their ids, so a query tests boxes in contiguous memory instead of chasing
/// each candidate's shape. An item in several cells is reported once, from the cell holding the lower-left corner of
/// where its box meets the query box (the reference-point rule), so queries need no set and are safe to run
/// concurrently. Not thread-safe for writes.
/// </remarks>
public sealed class GridIndex(double cellSize = 1000)
{
    const long MaxCellsPerItem = 40_000;

    readonly record struct Entry(int Item, double MinX, double MinY, double MaxX, double MaxY);

    readonly Dictionary<long, List<Entry>> _cells = new(CellKeys.Instance);
    readonly List<Entry> _oversize = [];

    public double CellSize => cellSize;

    static long Key(long cx, long cy) => (cx << 32) ^ (cy & 0xffffffffL);

    /// <summary>
    /// long's own hash is (low 32 bits) XOR (high 32 bits), which for a key made of two small cell numbers is cx XOR cy:
    /// a 200 × 200 grid would share a few hundred buckets. Fibonacci hashing spreads them.
    /// </summary>
    sealed class CellKeys : IEqualityComparer<long>
    {
        public static readonly CellKeys Instance = new();

        public bool Equals(long a, long b) => a == b;

        public int GetHashCode(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> 32);
    }

    long Cell(double v) => (long)Math.Floor(v / cellSize);

    public void Insert(int item, double minX, double minY, double maxX, double maxY)
    {
        var e = new Entry(item, minX, minY, maxX, maxY);
        long x0 = Cell(minX), y0 = Cell(minY), x1 = Cell(maxX), y1 = Cell(maxY);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > MaxCellsPerItem)
        {
            _oversize.Add(e); // a huge area: cheaper to test on every query than to list in every cell
            return;
        }
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                if (!_cells.TryGetValue(Key(x, y), out var list))
                {
                    _cells[Key(x, y)] = list = [];
                }
                list.Add(e);
            }
        }
    }

    public void Remove(int item, double minX, double minY, double maxX, double maxY)
    {
        if (_oversize.RemoveAll(e => e.Item == item) > 0)
        {
            return;
        }
        long x0 = Cell(minX), y0 = Cell(minY), x1 = Cell(maxX), y1 = Cell(maxY);
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                if (_cells.TryGetValue(Key(x, y), out var list))
                {
                    list.RemoveAll(e => e.Item == item);
                    if (list.Count == 0)
                    {
                        _cells.Remove(Key(x, y));
                    }
                }
            }
        }
    }

    public void Clear()
    {
        _cells.Clear();
        _oversize.Clear();
    }

    /// <summary>Every item whose box meets the given box, each once, added to <paramref name="into"/>.</summary>
    public void Query(double minX, double minY, double maxX, double maxY, List<int> into)
    {
        long x0 = Cell(minX), y0 = Cell(minY), x1 = Cell(maxX), y1 = Cell(maxY);
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                if (!_cells.TryGetValue(Key(x, y), out var list))
                {
                    continue;
                }
                foreach (var e in list)
                {
                    if (e.MinX > maxX || e.MaxX < minX || e.MinY > maxY || e.MaxY < minY)
                    {
                        continue;
                    }
                    // Report from one cell only: the one holding the lower-left corner of box ∩ query.
                    if (Cell(Math.Max(e.MinX, minX)) == x && Cell(Math.Max(e.MinY, minY)) == y)
                    {
                        into.Add(e.Item);
                    }
                }
            }
        }
        foreach (var e in _oversize)
        {
            if (!(e.MinX > maxX || e.MaxX < minX || e.MinY > maxY || e.MaxY < minY))
            {
                into.Add(e.Item);
            }
        }
    }
}
