using System.Text.Json;
using Truce.Incidents.Correlation;
using Truce.Incidents.Reports;
using static Truce.Incidents.Synthetic.SyntheticBody;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// How well the parties' statements could attach at best under the correlator's scoring: every observed event is given
/// one perfect incident (its true place, to 50 m, its true window, type and count), the book learns its sources' habits
/// (<see cref="SourceHabits"/>) from every statement as if each were attached to its own event's incident, and each
/// statement about an observed event is scored against those alone. <see cref="BestIsOwn"/> is the share whose own
/// event scores highest, what attaching to the best candidate would reach with flawless observations;
/// <see cref="AttachedAtBest"/> also asks for the <c>attach</c> share. What stays out of reach here is ambiguity in the statements themselves (another event in the
/// same window near the same village), not a fault of the observations' grouping.
/// </summary>
/// <param name="Bins">By the best candidate's share of the posterior in fifths: how many statements, and how many of
/// those have their own event best (a calibrated posterior puts each bin's rate inside it).</param>
public sealed record StatementOracle(int Statements, int BestIsOwn, int AttachedAtBest, int OwnOutOfReach, (int N, int Own)[] Bins)
{
    public double BestIsOwnRate => Statements == 0 ? 1 : (double)BestIsOwn / Statements;

    public double AttachedRate => Statements == 0 ? 1 : (double)AttachedAtBest / Statements;

    /// <summary>Were every statement attached to its best candidate once that has <paramref name="bar"/> of the posterior
    /// (a multiple of a fifth, the bins' edges): the shares of all statements attached to their own event's incident and
    /// to another's. With perfect observations, this is what a threshold buys and costs.</summary>
    public (double Right, double Wrong) AtBar(double bar)
    {
        var (right, wrong) = (0, 0);
        for (var b = FirstBin(bar); b < Bins.Length; b++)
        {
            (right, wrong) = (right + Bins[b].Own, wrong + Bins[b].N - Bins[b].Own);
        }
        return Statements == 0 ? (1, 0) : ((double)right / Statements, (double)wrong / Statements);
    }

    /// <summary>The first of the five bins at or above <paramref name="bar"/>, which must be one of their edges.</summary>
    internal static int FirstBin(double bar)
    {
        var from = (int)Math.Round(bar * 5);
        if (Math.Abs(bar * 5 - from) > 1e-9 || from is < 0 or > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(bar), bar, "a share of the posterior at a bin's edge: 0, 0.2, 0.4, 0.6, 0.8 or 1");
        }
        return from;
    }

    /// <param name="fromReports">Instead of perfect incidents, the observers' own precise reports, each allowed to join
    /// only its own event's incident: grouping made perfect, and place, time, type and count as the observers gave them
    /// (a crater visit, a coarse report, makes no observed incident). Between this bound and the book lies the
    /// grouping of observations; between it and the perfect one, what the observers' reports do not say.</param>
    public static StatementOracle Of(ProfileScenario scenario, CorrelationSettings settings, bool fromReports = false)
    {
        var taxonomy = Taxonomy.Taxonomy.Default();
        var observed = scenario.ObservedEvents();
        var book = new IncidentBook();
        book.Correlator.Settings = settings;
        book.Settlements = scenario.Front.Gazetteer;
        var perfect = fromReports ? ByEvent(scenario, book, taxonomy) : Perfect(scenario, book, observed, taxonomy);
        // Two events close enough in place and time can share a perfect incident; it stands for the first of them.
        var eventOf = book.Correlator.Reports.Values.GroupBy(s => s.Incident).ToDictionary(g => g.Key, g => perfect[(int)g.Min(s => s.Report.Index)].TrueEvent);
        var statements = scenario.Reports.Select((r, i) => (r, i)).Where(x => ProfileScenario.IsStatement(x.r) && observed.Contains(x.r.TrueEvent)).ToList();
        // Each at an index past the perfect reports': a report at a logged index and client id is read as the logged one,
        // at the rate kept with it.
        var parsed = statements.Select((x, k) => ReportParser.Parse(perfect.Count + k, CorrelationEvaluation.EnvelopeOf(x.r, perfect.Count + k),
            JsonSerializer.SerializeToElement(x.r.Body), taxonomy)).ToList();
        var incidentOf = book.Correlator.Reports.Values.GroupBy(s => perfect[(int)s.Report.Index].TrueEvent).ToDictionary(g => g.Key, g => book.Correlator.Incidents[g.First().Incident]);
        foreach (var ((r, _), report) in statements.Zip(parsed))
        {
            // The settlements each party names, as the correlator learns them from the statements in the log.
            book.Correlator.NoteNamed(report);
            // And how its parties name types and state figures, as attachments to the right incidents would teach it.
            if (incidentOf.TryGetValue(r.TrueEvent, out var own))
            {
                book.Correlator.Habits.Add(SourceHabits.Lesson(report, CountEvidence.All(report), own));
            }
        }
        var (best, attached, outOfReach) = (0, 0, 0);
        var bins = new (int N, int Own)[5];
        foreach (var ((r, _), report) in statements.Zip(parsed))
        {
            var m = book.Correlator.Candidates(report);
            var own = m.Count > 0 && eventOf.GetValueOrDefault(m[0].Incident, -1) == r.TrueEvent;
            best += own ? 1 : 0;
            attached += own && m[0].Score >= settings.Attach ? 1 : 0;
            if (m.Count > 0)
            {
                var b = Math.Min(4, (int)(m[0].Score * 5));
                bins[b] = (bins[b].N + 1, bins[b].Own + (own ? 1 : 0));
            }
            outOfReach += m.Any(x => eventOf.GetValueOrDefault(x.Incident, -1) == r.TrueEvent) ? 0 : 1;
        }
        return new StatementOracle(statements.Count, best, attached, outOfReach, bins);
    }

    /// <summary>One perfect incident per observed event, in the book; the reports that made them, by index.</summary>
    static List<LabelledReport> Perfect(ProfileScenario scenario, IncidentBook book, HashSet<int> observed, Taxonomy.Taxonomy taxonomy)
    {
        var perfect = scenario.Events.Where(e => observed.Contains(e.Id)).OrderBy(e => e.End).Select(e =>
        {
            var body = New(taxonomy, e.Kind.Type, e.Start, e.End, "minute", "drone", $"oracle-{e.Id}", "high", "a perfect observation");
            body["location"] = Location(e.X, e.Y, "exact", 50);
            if (e.Kind.CountName is { } name)
            {
                body["counts"] = new System.Text.Json.Nodes.JsonObject { [name] = e.Count };
            }
            return new LabelledReport(body, e.Id, "jmc", e.End);
        }).ToList();
        for (var i = 0; i < perfect.Count; i++)
        {
            book.Apply(i, CorrelationEvaluation.EnvelopeOf(perfect[i], i), JsonSerializer.SerializeToElement(perfect[i].Body));
        }
        return perfect;
    }

    /// <summary>The observers' precise reports in log order, each let into its own event's incident alone.</summary>
    static List<LabelledReport> ByEvent(ProfileScenario scenario, IncidentBook book, Taxonomy.Taxonomy taxonomy)
    {
        List<LabelledReport> reports = [.. scenario.Reports.Where(r => !ProfileScenario.IsStatement(r) && (string?)r.Body["time"]?["precision"] == "minute")];
        var eventOf = new Dictionary<long, int>();
        for (var i = 0; i < reports.Count; i++)
        {
            var own = reports[i].TrueEvent;
            var report = ReportParser.Parse(i, CorrelationEvaluation.EnvelopeOf(reports[i], i), JsonSerializer.SerializeToElement(reports[i].Body), taxonomy);
            var state = book.Correlator.Add(report, x => eventOf.TryGetValue(x.Id, out var e) && e == own);
            eventOf[state.Incident] = own;
        }
        // Only the new report's incident is recorded: a same-source swap, which would move an earlier report into an
        // incident of its own, cannot happen while each source reports an event once. Checked, not assumed.
        foreach (var s in book.Correlator.Reports.Values)
        {
            if (eventOf[s.Incident] != reports[(int)s.Report.Index].TrueEvent)
            {
                throw new InvalidOperationException($"report {s.Report.Index} is in an incident of another event");
            }
        }
        return reports;
    }
}
