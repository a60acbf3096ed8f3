using Truce.Spatial;

namespace Truce.Incidents.Correlation;

/// <summary>
/// Finds the incidents a report could belong to without looking at the others: incidents are filed by hour and by
/// 0.1° cell (about 11 × 8.5 km here); a query visits the hours of the report's window (plus the clock tolerance)
/// and the cells within reach of its uncertainty. Vague incidents (σ over 3 km) are filed by hour alone, since
/// they reach far and are few.
/// </summary>
public sealed class CandidateIndex
{
    const double CellDeg = 0.1;
    const double FineSigmaKm = 3;
    internal const int MaxHours = 168;

    readonly Dictionary<long, List<Incident>> _fine = [];
    readonly Dictionary<long, List<Incident>> _coarse = [];

    public int Count { get; private set; }

    static long HourOf(DateTimeOffset t) => t.ToUnixTimeSeconds() / 3600;

    static long FineKey(long hour, int cy, int cx) => (hour << 24) | ((long)(cy + 1024) << 12) | (long)(cx + 2048);

    static (int Cy, int Cx) Cell(double lat, double lon) => ((int)Math.Floor(lat / CellDeg), (int)Math.Floor(lon / CellDeg));

    public void Add(Incident i)
    {
        var (h0, h1) = (HourOf(i.Start), Math.Min(HourOf(i.End), HourOf(i.Start) + MaxHours));
        var fine = i.Estimate.MaxSigma <= FineSigmaKm;
        var (cy, cx) = Cell(i.Estimate.Lat, i.Estimate.Lon);
        for (var h = h0; h <= h1; h++)
        {
            var key = fine ? FineKey(h, cy, cx) : h;
            var map = fine ? _fine : _coarse;
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }
            list.Add(i);
            i.IndexKeys.Add(fine ? key : -1 - key);
        }
        Count++;
    }

    public void Remove(Incident i)
    {
        foreach (var k in i.IndexKeys)
        {
            var (map, key) = k >= 0 ? (_fine, k) : (_coarse, -1 - k);
            if (map.TryGetValue(key, out var list))
            {
                list.Remove(i);
                if (list.Count == 0)
                {
                    map.Remove(key);
                }
            }
        }
        i.IndexKeys.Clear();
        Count--;
    }

    public void Clear()
    {
        _fine.Clear();
        _coarse.Clear();
        Count = 0;
    }

    /// <summary>Every incident whose hours overlap [start, end] and whose cell is within reach (km) of the point.</summary>
    public void Query(DateTimeOffset start, DateTimeOffset end, Gaussian where, double reachKm, HashSet<Incident> into)
    {
        var (h0, h1, cy, cx, dy, dx) = Range(start, end, where, reachKm + 5 * FineSigmaKm);
        for (var h = h0; h <= h1; h++)
        {
            for (var y = cy - dy; y <= cy + dy; y++)
            {
                for (var x = cx - dx; x <= cx + dx; x++)
                {
                    if (_fine.TryGetValue(FineKey(h, y, x), out var list))
                    {
                        AddAll(list, into);
                    }
                }
            }
            if (_coarse.TryGetValue(h, out var vague))
            {
                AddAll(vague, into);
            }
        }
    }

    /// <summary>How many of the incidents whose hours overlap [start, end] and whose centres' cells are within reach (km)
    /// of the point pass <paramref name="counts"/>: each once, counted in the first hour of the range it is filed under,
    /// with nothing collected (a reader may ask beside other readers).</summary>
    public int CountNear<TState>(DateTimeOffset start, DateTimeOffset end, Gaussian where, double reachKm, TState state, Func<Incident, TState, bool> counts)
    {
        var (h0, h1, cy, cx, dy, dx) = Range(start, end, where, reachKm);
        var n = 0;
        for (var h = h0; h <= h1; h++)
        {
            for (var y = cy - dy; y <= cy + dy; y++)
            {
                for (var x = cx - dx; x <= cx + dx; x++)
                {
                    if (_fine.TryGetValue(FineKey(h, y, x), out var list))
                    {
                        n += CountFirst(list, h, h0, state, counts);
                    }
                }
            }
            if (_coarse.TryGetValue(h, out var vague))
            {
                n += CountFirst(vague, h, h0, state, counts);
            }
        }
        return n;
    }

    /// <summary>The hours (at most a week from the start) and the cells within reach (km) of the point that a query looks in.</summary>
    static (long H0, long H1, int Cy, int Cx, int Dy, int Dx) Range(DateTimeOffset start, DateTimeOffset end, Gaussian where, double reachKm)
    {
        var (cy, cx) = Cell(where.Lat, where.Lon);
        return (HourOf(start), Math.Min(HourOf(end), HourOf(start) + MaxHours), cy, cx,
            (int)Math.Ceiling(reachKm / LocalFrame.KmPerDegLat / CellDeg),
            (int)Math.Ceiling(reachKm / Math.Max(LocalFrame.KmPerDegLon(where.Lat), 1) / CellDeg));
    }

    static int CountFirst<TState>(List<Incident> list, long h, long h0, TState state, Func<Incident, TState, bool> counts)
    {
        var n = 0;
        foreach (var i in list)
        {
            n += Math.Max(HourOf(i.Start), h0) == h && counts(i, state) ? 1 : 0;
        }
        return n;
    }

    // Not UnionWith: through IEnumerable it boxes the list's enumerator, once for each of the ~70 cells of a query.
    static void AddAll(List<Incident> list, HashSet<Incident> into)
    {
        foreach (var i in list)
        {
            into.Add(i);
        }
    }
}
