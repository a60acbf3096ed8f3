using System.Text.Json;
using Truce.Incidents.Correlation;
using Truce.Incidents.Reports;
using Truce.Ledger.Entries;

namespace Truce.Incidents.Synthetic;

/// <summary>Runs incremental correlation over a labelled scenario and scores the incidents against the true events.</summary>
public static class CorrelationEvaluation
{
    /// <param name="StatementsAttached">Of the statements whose event some precise source reported, the share in an
    /// incident holding a precise report of that event (1 when there are none).</param>
    public sealed record Result(NoiseProfile Profile, int Reports, int Events, GroupingScore Score, TimeSpan Elapsed, double StatementsAttached = 1);

    public static IReadOnlyList<Report> Parse(IEnumerable<LabelledReport> scenario, Taxonomy.Taxonomy taxonomy, List<int>? truth = null)
    {
        var reports = new List<Report>();
        foreach (var (r, i) in scenario.Select((r, i) => (r, i)))
        {
            reports.Add(ReportParser.Parse(i, EnvelopeOf(r, i), JsonSerializer.SerializeToElement(r.Body), taxonomy));
            truth?.Add(r.TrueEvent);
        }
        return reports;
    }

    /// <summary>The envelope a labelled report would be logged in at index <paramref name="i"/> (unsigned: no check reads it).</summary>
    public static Envelope EnvelopeOf(LabelledReport r, long i) => new()
    {
        Log = "synthetic.invalid/eval",
        Kind = IncidentKinds.Report,
        Party = r.Party,
        Key = "k0000000000000000",
        Time = r.Signed,
        Cid = $"eval-{i}",
        Body = new string('0', 64),
    };

    public static Result Run(NoiseProfile profile, int seed, TimeSpan span, CorrelationSettings? settings = null)
    {
        var taxonomy = Taxonomy.Taxonomy.Default();
        var truth = new List<int>();
        var scenario = new ScenarioGenerator(profile, seed).Generate(new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero), span);
        var reports = Parse(scenario, taxonomy, truth);
        var correlator = new Correlator(taxonomy) { Settings = settings ?? new CorrelationSettings() };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var r in reports)
        {
            correlator.Add(r);
        }
        var elapsed = clock.Elapsed;
        var predicted = reports.Select(r => correlator.Reports[r.Index].Incident).ToList();
        return new Result(profile, reports.Count, truth.Distinct().Count(), GroupingScore.Of(predicted, [.. truth.Select(t => (long)t)]), elapsed,
            StatementsAttached(reports, truth, predicted));
    }

    public static double StatementsAttached(IReadOnlyList<Report> reports, IReadOnlyList<int> truth, IReadOnlyList<long> predicted)
    {
        var observedIn = new HashSet<(long Incident, int Event)>();
        var observedEvents = new HashSet<int>();
        for (var k = 0; k < reports.Count; k++)
        {
            if (!Coarseness.IsStatement(reports[k]) && !Coarseness.Of(reports[k], new CorrelationSettings()).Coarse)
            {
                observedIn.Add((predicted[k], truth[k]));
                observedEvents.Add(truth[k]);
            }
        }
        var (statements, attached) = (0, 0);
        for (var k = 0; k < reports.Count; k++)
        {
            if (Coarseness.IsStatement(reports[k]) && observedEvents.Contains(truth[k]))
            {
                statements++;
                attached += observedIn.Contains((predicted[k], truth[k])) ? 1 : 0;
            }
        }
        return statements == 0 ? 1 : attached / (double)statements;
    }
}
