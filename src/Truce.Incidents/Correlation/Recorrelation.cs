namespace Truce.Incidents.Correlation;

/// <summary>
/// Correlation run again over every report in log order under the settings in force (<c>incident.recorrelate</c>). A
/// monitor's decisions stand: pinned reports, and every report of an incident a monitor has assessed, go back to the
/// incident they were in (which has its status from the start, so that the run takes nothing out of it either);
/// incidents keep their status and history when their id survives, and one whose id does not becomes an alias of the
/// incident that now holds its first report. An incident whose id survives keeps the history it had, not the steps the run
/// wrote (they would date its reports' joins again, at their old times), and its step for the run says which reports
/// joined it from where and which left it for where.
/// </summary>
static class Recorrelation
{
    /// <summary>A new correlator holding every report of <paramref name="old"/>, which is left as it was.</summary>
    public static Correlator Run(Correlator old, Taxonomy.Taxonomy taxonomy, IncidentEvent why)
    {
        var states = old.Reports.Values.OrderBy(s => s.Report.Index).ToList();
        var keptIn = states.Where(s => s.Pinned || old.Incidents.GetValueOrDefault(s.Incident)?.Assessed == true).ToDictionary(s => s.Report.Index, s => s.Incident);
        var fresh = new Correlator(taxonomy) { Settings = old.Settings, Settlements = old.Settlements, Rerun = (why.Entry, old.Incidents) };
        foreach (var s in states)
        {
            if (keptIn.TryGetValue(s.Report.Index, out var target))
            {
                // Its weight in the incident's mean start stays what its last automatic join made it, and a report kept
                // for its incident's assessment keeps the reasons it joined with.
                var state = new ReportState(s.Report)
                {
                    Pinned = s.Pinned,
                    Retracted = s.Retracted,
                    RetractedBy = s.RetractedBy,
                    RetractReason = s.RetractReason,
                    OnsetWeight = s.OnsetWeight,
                    JoinedBy = s.Pinned ? null : s.JoinedBy,
                };
                fresh.Learn(s.Report, s.Retracted);
                fresh.Put(state);
                var before = old.Incidents.GetValueOrDefault(target);
                var inc = fresh.Incidents.GetValueOrDefault(target) ?? fresh.NewIncident(target, before?.Manual ?? false);
                inc.Status = before?.Status ?? inc.Status;
                fresh.Attach(state, inc, why with { What = s.Pinned ? $"report {s.Report.Index} kept where a monitor put it" : $"report {s.Report.Index} kept in I-{target}, which a monitor has assessed" });
                // A settlement it names for its party's first time (Learn) reads the party's earlier statements again, as Add does.
                fresh.Reread(s.Report);
            }
            else
            {
                var state = fresh.Add(s.Report);
                (state.RetractedBy, state.RetractReason) = (s.RetractedBy, s.RetractReason);
                if (s.Retracted)
                {
                    fresh.Retract(state);
                }
            }
        }
        fresh.Rerun = null;
        CarryOver(old, fresh, why);
        fresh.SortChanges();
        return fresh;
    }

    static void CarryOver(Correlator old, Correlator fresh, IncidentEvent why)
    {
        foreach (var i in fresh.Incidents.Values)
        {
            if (old.Incidents.TryGetValue(i.Id, out var before))
            {
                i.Status = before.Status;
                i.History.Clear();
                i.History.AddRange(before.History);
                i.History.Add(Moved(why, before, i, old, fresh));
            }
            else
            {
                i.History.Add(why);
            }
        }
        foreach (var (id, before) in old.Incidents)
        {
            if (!fresh.Incidents.ContainsKey(id) && before.Reports.Count > 0 && fresh.Reports.TryGetValue(before.Reports[0], out var first))
            {
                var alias = fresh.NewIncident(id, before.Manual);
                fresh.Alias(alias, first.Incident);
                alias.Status = before.Status;
                alias.History.AddRange(before.History);
                alias.History.Add(why with { What = $"re-correlation put its reports into I-{first.Incident}" });
            }
        }
    }

    /// <summary>The run's step for an incident whose id survives: the reports it gained and lost, each with the incident it
    /// was in before the run or is in after it (ten of each at most, then how many more).</summary>
    static IncidentEvent Moved(IncidentEvent why, Incident before, Incident now, Correlator old, Correlator fresh)
    {
        // A retracted report counts for nothing wherever it sits: its move is not news.
        List<long> joined = [.. now.Reports.Except(before.Reports).Where(r => !fresh.Reports[r].Retracted)];
        List<long> left = [.. before.Reports.Except(now.Reports).Where(r => !fresh.Reports[r].Retracted)];
        var what = why.What;
        if (joined.Count > 0)
        {
            what += $"; joined: {Listed(joined, r => $"from I-{old.Reports[r].Incident}")}";
        }
        if (left.Count > 0)
        {
            what += $"; left: {Listed(left, r => $"for I-{fresh.Reports[r].Incident}")}";
        }
        return why with { What = what };
    }

    static string Listed(List<long> reports, Func<long, string> where) =>
        string.Join(", ", reports.Take(10).Select(r => $"report {r} {where(r)}")) + (reports.Count > 10 ? $" and {reports.Count - 10} more" : "");
}
