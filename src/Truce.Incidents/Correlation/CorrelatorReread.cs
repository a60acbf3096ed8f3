using Truce.Incidents.Reports;
using Truce.Places;

namespace Truce.Incidents.Correlation;

/// <summary>
/// Statements read again when their party names a new settlement near the one they name (docs/INCIDENTS.md, "Read again
/// when its party names a settlement near it"). A statement is read with the settlements its party has named so far;
/// early in a log the party has named few, the village's cell is wide or absent, and the statement may fit several
/// observed incidents about equally. Once the party names a settlement within reach of that village, the cell the
/// statement meant is sharper: the statements of that party in incidents no observation anchors are read again, and
/// attach where they now reach <c>attach</c>. Attached statements stay where they are (a monitor can move them), as they
/// do when a better incident appears later.
/// </summary>
public sealed partial class Correlator
{
    // By party, the reports that name a settlement (all coarse: only statement kinds name one), in log order (NoteNamed):
    // where each is now is read when they are read again, so a statement whose incident lost its observations later is
    // among them too.
    readonly Dictionary<string, List<long>> _naming = new(StringComparer.Ordinal);

    // Settlements a party named for the first time in the report being correlated (NoteNamed), to read again by.
    readonly List<(string Party, Place Place)> _newlyNamed = [];

    /// <summary>After <paramref name="trigger"/> was placed: if it named a settlement its party had not named before, the
    /// party's statements in incidents no observation anchors that name a settlement within reach of it are read again
    /// with the cell as it now stands, and attached to the observed incident that now has <c>attach</c> of the posterior
    /// (among those <paramref name="allowed"/>). One in an incident a monitor has assessed stays, and its suggestions say
    /// where it would go; a pinned or retracted one stays too.</summary>
    internal void Reread(Report trigger, Func<Incident, bool>? allowed = null)
    {
        if (_newlyNamed.Count == 0)
        {
            return;
        }
        List<(string Party, Place Place)> named = [.. _newlyNamed];
        _newlyNamed.Clear();
        foreach (var party in named.Select(n => n.Party).Distinct().Order(StringComparer.Ordinal))
        {
            var places = named.Where(n => n.Party == party).Select(n => n.Place).ToList();
            // By incident, in id order, so that an incident its statements all leave follows its first report.
            var byIncident = Recent(_naming.GetValueOrDefault(party) ?? [], trigger)
                .Where(s => !s.Pinned && !s.Retracted && _incidents.TryGetValue(s.Incident, out var i) && i.Active && !i.Observed)
                .Select(s => (State: s, Near: NearNewlyNamed(s.Report, places)))
                .Where(x => x.Near is not null)
                .GroupBy(x => x.State.Incident).OrderBy(g => g.Key).ToList();
            foreach (var group in byIncident)
            {
                var from = _incidents[group.Key];
                var first = from.Reports[0];
                foreach (var (s, near) in group.OrderBy(x => x.State.Report.Index))
                {
                    Reread(s, from, first, trigger, party, near!, allowed);
                }
            }
        }
    }

    /// <summary>How far back a first naming reads a party's reports again: a week, so that the work a report can cause is
    /// bounded by the reports of a week, however long the book. Older statements keep their reading (re-correlation reads
    /// every report again).</summary>
    static readonly TimeSpan RereadBack = TimeSpan.FromDays(7);

    /// <summary>The party's naming reports logged within <see cref="RereadBack"/> before <paramref name="trigger"/>, other
    /// than it, from the newest back (the list is in log order, so the walk stops at the first older one).</summary>
    IEnumerable<ReportState> Recent(List<long> naming, Report trigger)
    {
        var from = trigger.Logged - RereadBack;
        for (var k = naming.Count - 1; k >= 0; k--)
        {
            if (_reports.GetValueOrDefault(naming[k]) is not { } s)
            {
                continue;
            }
            if (s.Report.Logged < from)
            {
                yield break;
            }
            if (s.Report.Index != trigger.Index)
            {
                yield return s;
            }
        }
    }

    /// <summary>The first of <paramref name="places"/>, newly named, that is a rival of the settlement the report names
    /// (within the reach its cell is built from), or null.</summary>
    Place? NearNewlyNamed(Report r, List<Place> places)
    {
        if (NamedPlace(r) is not { } own)
        {
            return null;
        }
        var reachM = NamedSettlement.Reach(own, InCell(r, own).Where) * 1000;
        return places.FirstOrDefault(p => p.Id != own.Id && Geo.Distance(own.Lat, own.Lon, p.Lat, p.Lon) <= reachM);
    }

    void Reread(ReportState s, Incident from, long first, Report trigger, string party, Place near, Func<Incident, bool>? allowed)
    {
        // Kept only if it moves: one that stays keeps the reading its incident was fused from.
        var seen = PlaceOf(s.Report, keep: true) with { Background = s.Seen.Background };
        var why = $"report {trigger.Index} is the first in which {party} names {near.Id}, near the settlement report {s.Report.Index} names: read again among the settlements {party} now names";
        var was = s.Suggestions;
        string stays;
        if (from.Assessed)
        {
            Resuggest(s, from, seen);
            stays = StaysAssessed(from);
        }
        else
        {
            var m = Score(seen, s.Report, true, allowed, Math.Min(Settings.Suggest, Settings.Attach));
            if (Takes(m, Settings.Attach, s.Report))
            {
                s.Seen = seen;
                MoveOut(s, from, first, m, trigger, why, $"once read again among the settlements {party} now names");
                return;
            }
            // It stays, and its incident keeps the reading it was fused from; the observed incidents it is suggested to
            // are weighed as it is read now, so a monitor is not shown reasons from a reading the book has left.
            stays = NotJoined(m, Settings.Attach, "attach");
            Renew(s, m, $"read again among the settlements {party} now names: {stays}");
        }
        // What a reader is shown of the report changed: a step in its incident sends the incident, its reports with it,
        // down the change feed again. None when nothing shown moved, so a busy party's namings do not fill histories.
        if (!ShownAlike(was, s.Suggestions))
        {
            from.History.Add(new IncidentEvent(trigger.Index, trigger.Party, trigger.Logged, $"report {s.Report.Index} read again, stays: {stays}", why));
        }
    }
}
