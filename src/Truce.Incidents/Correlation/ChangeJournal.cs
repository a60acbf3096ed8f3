namespace Truce.Incidents.Correlation;

/// <summary>
/// Which incident each entry changed (a step of its history), by log index: what lets the change feed
/// name what changed since a log size without reading every record of a million (<see cref="Core.Modules.IChangeIndexed{TRecord}"/>).
/// Entries come in log order, so this is an append; re-correlation copies old steps out of order and then sorts it.
/// It also tells the map's kept points (<see cref="Points"/>) which incidents to place again.
/// </summary>
sealed class ChangeJournal
{
    readonly List<(long Entry, long Id)> _changes = [];
    bool _sorted = true;

    /// <summary>The map's kept points of the incidents, told of every incident a step changed, and by the correlator
    /// of every incident it derived again (a report moved out or retracted changes an incident with no step of its own).</summary>
    public Core.Modules.PointKeeper Points { get; } = new();

    public void Add(long entry, long id)
    {
        Points.Changed(id);
        if (_changes.Count > 0 && entry < _changes[^1].Entry)
        {
            _sorted = false;
        }
        _changes.Add((entry, id));
    }

    public void Sort()
    {
        if (!_sorted)
        {
            _changes.Sort((a, b) => a.Entry.CompareTo(b.Entry));
            _sorted = true;
        }
    }

    public void Clear()
    {
        Points.Reset();
        _changes.Clear();
        _sorted = true;
    }

    /// <summary>The ids changed by an entry at or after <paramref name="after"/>, each once; null when the journal is
    /// not in order (the caller then reads every record).</summary>
    public HashSet<long>? Since(long after)
    {
        if (!_sorted)
        {
            return null;
        }
        int lo = 0, hi = _changes.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_changes[mid].Entry >= after)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }
        var ids = new HashSet<long>();
        for (var i = lo; i < _changes.Count; i++)
        {
            ids.Add(_changes[i].Id);
        }
        return ids;
    }
}
