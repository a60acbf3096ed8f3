namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>An incident the report would join but for the same-source rule.</summary>
    sealed record Conflict(Match Match, Incident Incident, double Odds, double Share);

    /// <summary>The candidate holding a report of the same source whose share, without the same-source factor,
    /// reaches <c>join</c> (the highest such odds; ties by id).</summary>
    Conflict? SameSourceConflict(ReportState state, List<Match> matches, double bar)
    {
        Conflict? best = null;
        foreach (var m in matches)
        {
            var i = Incidents[m.Incident];
            if (!i.Sources.Contains(state.Report.SourceKey) || m.Score <= 0)
            {
                continue;
            }
            var raw = Odds(state.Seen, state.Report, i, false);
            var share = raw / (m.Odds / m.Score - m.Odds + raw);
            if (share >= bar && (best is null || raw > best.Odds))
            {
                best = new Conflict(m, i, raw, share);
            }
        }
        return best;
    }

    /// <summary>
    /// One source reports one event once, so of two reports from it in one incident one is wrong. The one that fits
    /// the incident's other reports better stays; the other is correlated again, away from that incident. A monitor's
    /// placement (pinned) stands, as does an incident a monitor has assessed, and an incident that only this source
    /// observed has nothing to compare against.
    /// </summary>
    Incident? TrySwap(ReportState state, Conflict c, Func<Incident, bool>? allowed, out string? why)
    {
        why = null;
        var r = state.Report;
        var j = c.Incident;
        var holder = Holder(j, r.SourceKey);
        if (holder is null)
        {
            return null;
        }
        var q = holder.Report;
        var rest = Without(j, holder);
        if (holder.Pinned || j.Assessed || holder.Seen.Coarse || rest.ActiveReports == 0)
        {
            why = $"kept apart: the same source ({r.SourceKey}) reported it in report {q.Index}, which "
                + (holder.Pinned ? "a monitor placed there" : j.Assessed ? $"is in an incident a monitor has assessed ({j.Status})"
                    : holder.Seen.Coarse ? "is a coarse report" : "is the incident's only other observation");
            return null;
        }
        // Both at the configured rate of a new event: each report's own rate was read when it came, and the later one's
        // counts the incident itself; the fit alone decides.
        var (fitNew, fitOld) = WithoutLessons(holder, () => (AtSetting(state.Seen, Odds(state.Seen, r, rest, false)), AtSetting(holder.Seen, Odds(holder.Seen, q, rest, false))));
        if (fitNew <= fitOld)
        {
            why = $"kept apart: the same source ({r.SourceKey}) reported it in report {q.Index}, which fits the incident's other reports better (odds {fitOld:0.##} against {fitNew:0.##})";
            return null;
        }
        var joined = Displace(state, holder, c, $"report {r.Index} from the same source ({r.SourceKey}) fits the incident's other reports better (odds {fitNew:0.##} against {fitOld:0.##})",
            $"kept apart: the same source reported it; this report fits better (odds {fitNew:0.##} against {fitOld:0.##}), so report {q.Index} was re-correlated", "joined");
        // The displaced report may start an incident: it takes the new report's index as id, which no incident has.
        AddPrecise(holder, i => i != j && (allowed is null || allowed(i)), r.Index, maySwap: false);
        return joined;
    }

    /// <summary>A report's odds as they would be at the configured rate of a new event (of an event nobody observed, for
    /// a coarse report).</summary>
    double AtSetting(Seen v, double odds) => v.Background is { } b ? odds * b.Density / (v.Coarse ? Settings.CoarseEventDensity : Settings.EventDensity) : odds;

    /// <summary>
    /// A bulletin lists each event once, so two of its statements in one incident cannot both be right. When a new
    /// statement fits an observed incident better than the one of its bulletin already attached there, the new one
    /// attaches and the other is weighed again among the rest: a greedy step towards assigning a bulletin's statements
    /// jointly, which log order alone would leave to whichever statement came first.
    /// </summary>
    bool TrySwapCoarse(ReportState state, Conflict c, Func<Incident, bool>? allowed, out string? why)
    {
        why = null;
        var r = state.Report;
        var x = c.Incident;
        var holder = Holder(x, r.SourceKey);
        if (holder is null || !holder.Seen.Coarse || holder.Pinned)
        {
            return false;
        }
        if (x.Assessed)
        {
            why = $"kept apart: report {holder.Report.Index} of the same source ({r.SourceKey}) is in I-{x.Id}, which a monitor has assessed ({x.Status})";
            return false;
        }
        var q = holder.Report;
        // Each at the configured rate, as for observations: the fit alone decides.
        var (fitNew, fitOld) = WithoutLessons(holder, () => (AtSetting(state.Seen, Odds(state.Seen, r, x, false)), AtSetting(holder.Seen, Odds(holder.Seen, q, x, false))));
        if (fitNew <= fitOld)
        {
            why = $"kept apart: report {q.Index} of the same source ({r.SourceKey}) fits I-{x.Id} better (odds {fitOld:0.##} against {fitNew:0.##})";
            return false;
        }
        Displace(state, holder, c, $"report {r.Index} from the same source ({r.SourceKey}) fits the incident better (odds {fitNew:0.##} against {fitOld:0.##})",
            $"{Weighed.Kind(r)} attached to observed incident I-{x.Id}: report {q.Index} of the same source fitted it less well (odds {fitOld:0.##} against {fitNew:0.##}) and was re-correlated", "attached");
        AddCoarse(holder, i => i != x && (allowed is null || allowed(i)), r.Index, maySwap: false);
        return true;
    }

    /// <summary>Weighs with what the holder's own join taught the book (the clocks' spread, its kind's habits) set aside,
    /// then puts it back: no report is evidence for itself against its rival.</summary>
    (double New, double Old) WithoutLessons(ReportState holder, Func<(double, double)> weigh)
    {
        var (onset, habits) = (holder.OnsetTaught, holder.HabitsTaught);
        _onsetSpread.Add(onset, Settings.ClockToleranceMinutes, -1);
        _habits.Add(habits, -1);
        var fits = weigh();
        _onsetSpread.Add(onset, Settings.ClockToleranceMinutes);
        _habits.Add(habits);
        return fits;
    }

    /// <summary>The report of a source an incident holds (active), if any.</summary>
    ReportState? Holder(Incident i, string sourceKey) => i.Reports.Select(x => Reports[x]).FirstOrDefault(s => !s.Retracted && s.Report.SourceKey == sourceKey);

    /// <summary>Takes <paramref name="holder"/> out of the conflict's incident, with a step saying why, and joins the new
    /// report in its place; the caller correlates the holder again.</summary>
    Incident Displace(ReportState state, ReportState holder, Conflict c, string step, string reason, string verb)
    {
        var (r, j) = (state.Report, c.Incident);
        // Weighed as it was chosen: against the incident with the holder still in it, the same-source rule set aside,
        // at the share it had among the candidates it was scored with.
        var reasons = Explain(state.Seen, r, j, c.Share, c.Share / c.Odds, null, c.Share, state.Seen.Coarse ? Settings.Attach : Settings.Join, sourceRule: false);
        j.Reports.Remove(holder.Report.Index);
        holder.Incident = -1;
        // What it taught while there goes before it is weighed again.
        Unteach(holder);
        Recompute(j);
        j.History.Add(new IncidentEvent(r.Index, r.Party, r.Logged, $"report {holder.Report.Index} re-correlated", step));
        var m = c.Match with { Score = c.Share, Odds = c.Odds, Reasons = Reasons.Led(reason, reasons) };
        return Join(state, m, [], $"report {r.Index} {verb}", r.Index);
    }
}
