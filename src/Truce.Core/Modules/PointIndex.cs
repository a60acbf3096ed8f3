namespace Truce.Core.Modules;

/// <summary>Where and when a record lies (a point), and its properties as a filter reads them (null: the layer has no
/// such properties): what a <see cref="PointIndex{TRecord}"/> keeps of it.</summary>
public readonly record struct IndexedPoint(double Lon, double Lat, DateTimeOffset? Start, DateTimeOffset? End, IReadOnlyDictionary<string, object?>? Properties);

/// <summary>
/// Records whose book keeps their points between reads (<see cref="PointKeeper"/>): a map's pass then reads flat arrays
/// instead of asking a million records where they lie. The index is the book's, up to date with it when handed over.
/// </summary>
public interface IPointIndexed<TRecord>
{
    /// <summary>The records' points, each placed by <paramref name="place"/> (null: the reader is not shown it). The
    /// same layer always passes the same function: the index is made with it once and kept.</summary>
    PointIndex<TRecord> Points(Func<TRecord, IndexedPoint?> place);
}

/// <summary>
/// The points of a book's records in flat arrays, by slot: position, its Web Mercator unit coordinates (so a map's
/// cell is a multiplication, <see cref="UnitCells"/>), time, and properties. A record changed is placed again
/// in its slot; one no longer shown leaves a dead slot, reused by the next record placed.
/// </summary>
public sealed class PointIndex<TRecord>
{
    /// <summary>The tick count that stands for "no time" at a start or an end.</summary>
    const long None = long.MinValue;

    readonly Dictionary<long, int> _slotOf = [];
    readonly Stack<int> _free = new();
    double[] _lon = [], _lat = [], _x = [], _y = [];
    long[] _start = [], _end = [];
    TRecord[] _records = [];
    IReadOnlyDictionary<string, object?>?[] _properties = [];
    bool[] _live = [];

    /// <summary>How many slots are in use, live or dead: a pass reads slots 0 to this.</summary>
    public int Slots { get; private set; }

    /// <summary>How many records are placed.</summary>
    public int Count => _slotOf.Count;

    /// <summary>Places the record of <paramref name="id"/> at <paramref name="at"/>, or takes it out when null.</summary>
    public void Set(long id, TRecord record, IndexedPoint? at)
    {
        if (at is not { } p)
        {
            if (_slotOf.Remove(id, out var gone))
            {
                _live[gone] = false;
                _records[gone] = default!;
                _properties[gone] = null;
                _free.Push(gone);
            }
            return;
        }
        if (!_slotOf.TryGetValue(id, out var slot))
        {
            slot = _free.Count > 0 ? _free.Pop() : Grow();
            _slotOf[id] = slot;
        }
        (_lon[slot], _lat[slot]) = (p.Lon, p.Lat);
        (_x[slot], _y[slot]) = MapGrid.Unit(p.Lon, p.Lat);
        (_start[slot], _end[slot]) = (p.Start?.UtcTicks ?? None, p.End?.UtcTicks ?? None);
        _records[slot] = record;
        _properties[slot] = p.Properties;
        _live[slot] = true;
    }

    int Grow()
    {
        if (Slots == _live.Length)
        {
            var size = Math.Max(1024, _live.Length * 2);
            Array.Resize(ref _lon, size);
            Array.Resize(ref _lat, size);
            Array.Resize(ref _x, size);
            Array.Resize(ref _y, size);
            Array.Resize(ref _start, size);
            Array.Resize(ref _end, size);
            Array.Resize(ref _records, size);
            Array.Resize(ref _properties, size);
            Array.Resize(ref _live, size);
        }
        return Slots++;
    }

    public bool Live(int slot) => _live[slot];

    public double Lon(int slot) => _lon[slot];

    public double Lat(int slot) => _lat[slot];

    public (double X, double Y) Unit(int slot) => (_x[slot], _y[slot]);

    public TRecord Record(int slot) => _records[slot];

    public IReadOnlyDictionary<string, object?>? Properties(int slot) => _properties[slot];

    public (DateTimeOffset? Start, DateTimeOffset? End) Time(int slot) => (Time(_start[slot]), Time(_end[slot]));

    static DateTimeOffset? Time(long ticks) => ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}

/// <summary>
/// Keeps a book's <see cref="PointIndex{TRecord}"/>: made from every record on the first read that asks for it, then
/// brought up to date on each read from the records the book noted as changed (<see cref="Changed"/>) since. Writes
/// note changes under the book's write lock; reads share the read lock, so the first of them to come after a write
/// brings the index up to date under the keeper's own lock, and the rest find it so.
/// </summary>
public sealed class PointKeeper
{
    readonly Lock _gate = new();
    object? _index;
    object? _place;
    HashSet<long>? _changed;

    /// <summary>Notes that the record of <paramref name="id"/> may have moved or changed (nothing before an index is made).</summary>
    public void Changed(long id) => _changed?.Add(id);

    /// <summary>Forgets the index: the book's records were replaced.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            (_index, _place, _changed) = (null, null, null);
        }
    }

    /// <summary>The index of <paramref name="records"/> (by id), each made into a layer's record by
    /// <paramref name="make"/> and placed by <paramref name="place"/>, up to date.</summary>
    public PointIndex<T> Points<TIn, T>(IReadOnlyDictionary<long, TIn> records, Func<TIn, T> make, Func<T, IndexedPoint?> place)
    {
        lock (_gate)
        {
            if (_index is PointIndex<T> kept && ReferenceEquals(_place, place))
            {
                foreach (var id in _changed!)
                {
                    if (records.TryGetValue(id, out var r))
                    {
                        var made = make(r);
                        kept.Set(id, made, place(made));
                    }
                    else
                    {
                        kept.Set(id, default!, null);
                    }
                }
                _changed.Clear();
                return kept;
            }
            var index = new PointIndex<T>();
            foreach (var (id, r) in records)
            {
                var made = make(r);
                index.Set(id, made, place(made));
            }
            (_index, _place, _changed) = (index, place, []);
            return index;
        }
    }
}
