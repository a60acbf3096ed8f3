namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>A new incident under <paramref name="id"/>, the index of the entry that began it; should that id be
    /// taken, under a free one (<see cref="FreeId"/>), never over another incident.</summary>
    public Incident NewIncident(long id, bool manual)
    {
        var i = new Incident(_incidents.ContainsKey(id) ? FreeId(id) : id) { Manual = manual };
        Put(i);
        return i;
    }

    /// <summary>Set while re-correlation runs in this correlator: the run's entry, and the incidents before it, whose ids
    /// the run may yet bring back.</summary>
    internal (long Entry, IReadOnlyDictionary<long, Incident> Before)? Rerun { get; set; }

    /// <summary>
    /// An id for an incident whose own is taken (re-correlation put a monitor's pinned reports back into the incident of
    /// a report's id before reaching the report). Ids are entry indexes, and every later entry's is higher, so the id is
    /// the highest index at or below the entry at work (the run's, or <paramref name="atMost"/>) that no report, no
    /// incident and no incident before the run holds: the run's own entry first, then entries that began nothing (a
    /// link, a status). A higher id would be claimed by a later entry, and the incident there overwritten. Should every
    /// index below be held, one from the top of the range, which no entry reaches.
    /// </summary>
    long FreeId(long atMost)
    {
        var before = Rerun?.Before;
        bool Free(long id) => !_reports.ContainsKey(id) && !_incidents.ContainsKey(id) && before?.ContainsKey(id) != true;
        for (var id = Math.Max(atMost, Rerun?.Entry ?? atMost); id >= 0; id--)
        {
            if (Free(id))
            {
                return id;
            }
        }
        var top = long.MaxValue;
        while (!Free(top))
        {
            top--;
        }
        return top;
    }
}
