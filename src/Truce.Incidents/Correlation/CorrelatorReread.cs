using Truce.Incidents.Reports;
using Truce.Places;

namespace Truce.Incidents.Correlation;

/// <summary>
/// Statements read again when their party names a new settlement near the one they name (docs/INCIDENTS.md, "The
/// settlement named is a cell"). A statement is read with the settlements its party has named so far; early in a log
/// the party has named few, the village's cell is wide or absent, and the statement may fit several observed incidents
/// about equally. Once the party names a settlement within reach of that village, the cell the statement meant is
/// sharper: the statements of that party still in incidents no observation anchors are read again, and attach where
/// they now reach <c>attach</c>. Attached statements stay where they are (a monitor can move them), as they do when a
/// better incident appears later.
/// </summary>
public sealed partial class Correlator
{
    // By party, the coarse reports that name a settlement and were last placed in an incident no observation anchors, by
    // index (so they are read again in log order). Entries that no longer qualify are dropped when next read.
    readonly Dictionary<string, SortedSet<long>> _alone = new(StringComparer.Ordinal);

    // Settlements a party named for the first time in the report being correlated (NoteNamed), to read again by.
    readonly List<(string Party, Place Place)> _newlyNamed = [];

    /// <summary>Keeps track of the reports that may be read again: a statement placed in an incident no observation
    /// anchors.</summary>
    void NoteAlone(ReportState s, Incident i)
    {
        if (s.Seen.Coarse && !i.Observed && Settings.SettlementRadiusKm.ContainsKey(s.Report.SourceKind))
        {
            if (!_alone.TryGetValue(s.Report.Party, out var set))
            {
                _alone[s.Report.Party] = set = [];
            }
            set.Add(s.Report.Index);
        }
    }

    /// <summary>After <paramref name="trigger"/> was correlated: if it named a settlement its party had not named before,
    /// the party's statements in incidents no observation anchors that name a settlement within reach of it are read
    /// again with the cell as it now stands, and attached to the observed incident that now has <c>attach</c> of the
    /// posterior. One in an incident a monitor has assessed stays, and its suggestions say where it would go.</summary>
    void Reread(Report trigger)
    {
        if (_newlyNamed.Count == 0)
        {
            return;
        }
        List<(string Party, Place Place)> named = [.. _newlyNamed];
        _newlyNamed.Clear();
        foreach (var party in named.Select(n => n.Party).Distinct().Order(StringComparer.Ordinal))
        {
            if (!_alone.TryGetValue(party, out var set))
            {
                continue;
            }
            var places = named.Where(n => n.Party == party).Select(n => n.Place).ToList();
            foreach (var idx in set.ToList())
            {
                if (!_reports.TryGetValue(idx, out var s) || s.Pinned || s.Retracted || !_incidents.TryGetValue(s.Incident, out var from) || !from.Active || from.Observed)
                {
                    set.Remove(idx);
                    continue;
                }
                if (idx != trigger.Index && NamedPlace(s.Report) is { } own && places.FirstOrDefault(p => p.Id != own.Id
                    && Geo.Distance(own.Lat, own.Lon, p.Lat, p.Lon) <= NamedSettlement.Reach(own, s.Seen.Where) * 1000) is { } near)
                {
                    Reread(s, from, trigger, near);
                }
            }
        }
    }

    void Reread(ReportState s, Incident from, Report trigger, Place near)
    {
        s.Seen = PlaceOf(s.Report, keep: true) with { Background = s.Seen.Background };
        if (from.Assessed)
        {
            Resuggest(s, from);
            return;
        }
        var m = Score(s.Seen, s.Report, true, null, Math.Min(Settings.Suggest, Settings.Attach));
        if (Takes(m, Settings.Attach, s.Report))
        {
            var party = trigger.Party;
            MoveOut(s, from, m, trigger, $"report {trigger.Index} is the first in which {party} names {near.Id}, near the settlement report {s.Report.Index} names: read again among the settlements {party} now names",
                $"once read again among the settlements {party} now names");
        }
    }
}
