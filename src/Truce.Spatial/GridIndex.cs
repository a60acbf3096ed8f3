namespace Truce.Spatial;

/// <summary>
/// A uniform grid over the plane: which items' boxes meet which cells. Items come and go as hazards are created,
/// shrink and close, so the index updates in place (an STR-tree would have to be rebuilt after every change).
/// </summary>
/// <remarks>Not thread-safe for writes; concurrent queries are safe (each thread dedupes with its own set).</remarks>
public sealed class GridIndex(double cellSize = 1000)
{
    const long MaxCellsPerItem = 40_000;

    readonly Dictionary<long, List<int>> _cells = new(CellKeys.Instance);
    readonly HashSet<int> _oversize = [];

    [ThreadStatic]
    static HashSet<int>? t_seen;

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

    (long X0, long Y0, long X1, long Y1) Cells(double minX, double minY, double maxX, double maxY) =>
        ((long)Math.Floor(minX / cellSize), (long)Math.Floor(minY / cellSize), (long)Math.Floor(maxX / cellSize), (long)Math.Floor(maxY / cellSize));

    public void Insert(int item, double minX, double minY, double maxX, double maxY)
    {
        var (x0, y0, x1, y1) = Cells(minX, minY, maxX, maxY);
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > MaxCellsPerItem)
        {
            _oversize.Add(item); // a huge area: cheaper to test on every query than to list in every cell
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
                list.Add(item);
            }
        }
    }

    public void Remove(int item, double minX, double minY, double maxX, double maxY)
    {
        if (_oversize.Remove(item))
        {
            return;
        }
        var (x0, y0, x1, y1) = Cells(minX, minY, maxX, maxY);
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                if (_cells.TryGetValue(Key(x, y), out var list))
                {
                    list.Remove(item);
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

    /// <summary>Every item whose box may meet the given box, each once, added to <paramref name="into"/>.</summary>
    public void Query(double minX, double minY, double maxX, double maxY, List<int> into)
    {
        var (x0, y0, x1, y1) = Cells(minX, minY, maxX, maxY);
        if (x0 == x1 && y0 == y1)
        {
            if (_cells.TryGetValue(Key(x0, y0), out var only))
            {
                into.AddRange(only);
            }
            into.AddRange(_oversize);
            return;
        }
        var seen = t_seen ??= [];
        seen.Clear();
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                if (_cells.TryGetValue(Key(x, y), out var list))
                {
                    foreach (var i in list)
                    {
                        if (seen.Add(i))
                        {
                            into.Add(i);
                        }
                    }
                }
            }
        }
        foreach (var i in _oversize)
        {
            if (seen.Add(i))
            {
                into.Add(i);
            }
        }
    }
}
