using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>Incidents of more reports than this are not searched for a report that fits better elsewhere.</summary>
    const int RegroupMaxReports = 16;

    /// <summary>
    /// Log order decides a burst of events badly: the first report of an event meets a neighbour's incident with only
    /// "a new event" against it, and joins it. When a later report of that event joins or begins incident
    /// <paramref name="t"/>, a precise report of a neighbouring incident (one the new report was weighed against) moves
    /// to <paramref name="t"/> if, weighed against the rest of its own incident and a new event, <paramref name="t"/>
    /// has <c>join</c> of the posterior. A monitor's placement stands, and so does an incident a monitor has assessed.
    /// </summary>
    void Regroup(Incident t, List<Match> neighbours, Report trigger)
    {
        if (!t.Active || !t.Observed)
        {
            return;
        }
        foreach (var m in neighbours)
        {
            if (m.Incident == t.Id || !Incidents.TryGetValue(m.Incident, out var c) || !c.Active || c.Assessed || c.Reports.Count is < 2 or > RegroupMaxReports)
            {
                continue;
            }
            foreach (var idx in c.Reports.ToList())
            {
                var s = Reports[idx];
                if (s.Pinned || s.Retracted || s.Seen.Coarse || s.Incident != c.Id || t.Sources.Contains(s.Report.SourceKey))
                {
                    continue;
                }
                var to = Odds(s.Seen, s.Report, t, true);
                if (to / (1 + to) < Settings.Join)
                {
                    continue;
                }
                var rest = Without(c, s);
                if (rest.Observations == 0)
                {
                    continue;
                }
                var stay = Odds(s.Seen, s.Report, rest, true);
                var share = to / (1 + to + stay);
                if (share < Settings.Join)
                {
                    continue;
                }
                Move(s, c, t, trigger, share, to, stay);
            }
        }
    }

    /// <summary>What an incident's observations say without one of its reports: an incident of its own, in no index
    /// and under no id, to weigh that report against.</summary>
    Incident Without(Incident i, ReportState left)
    {
        var rest = new Incident(-1);
        foreach (var idx in i.Reports)
        {
            if (Reports[idx] is { Retracted: false } s && s != left && !s.Seen.Coarse)
            {
                Absorb(rest, s);
            }
        }
        return rest;
    }

    /// <summary>Moves a report to <paramref name="t"/>, which had <paramref name="share"/> of a posterior against the
    /// rest of <paramref name="from"/> and a new event: the move and the incident it left (as a suggestion, when it
    /// keeps enough of the posterior) say what decided them, like any join.</summary>
    void Move(ReportState s, Incident from, Incident t, Report trigger, double share, double to, double stay)
    {
        var reason = $"moved from I-{from.Id} after report {trigger.Index}: it fits I-{t.Id} better than the rest of I-{from.Id} (odds {to:0.##} against {stay:0.##})";
        var newEvent = 1 / (1 + to + stay);
        s.JoinedBy = new Match(t.Id, share, to, Reasons.Led(reason, Explain(s.Seen, s.Report, t, share, newEvent, null, share, Settings.Join)));
        TeachOnset(s, t);
        Attach(s, t, new IncidentEvent(trigger.Index, trigger.Party, trigger.Logged, $"report {s.Report.Index} moved from I-{from.Id}", reason, share, s.JoinedBy.Reasons));
        from.History.Add(new IncidentEvent(trigger.Index, trigger.Party, trigger.Logged, $"report {s.Report.Index} moved to I-{t.Id}", reason));
        // Weighed against what is left of it, now that the report is out.
        var left = stay * newEvent;
        Suggest(s, left >= Settings.Suggest ? [new Match(from.Id, left, stay, Explain(s.Seen, s.Report, from, left, newEvent, t, share, Settings.Join))] : []);
    }
}
