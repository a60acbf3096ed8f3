using System.Diagnostics;
using System.Text.Json;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// Correlation quality on one profile of the <see cref="ProfileGenerator"/> family: its reports go, in log order,
/// through an <see cref="IncidentBook"/> as entries (the same kind dispatch, parsing and correlation a module runs for
/// each audience class), and the incidents are scored against the true events: B-cubed and pairwise scores over all
/// reports (<see cref="GroupingScore"/>), and what became of the parties' statements (<see cref="StatementScore"/>).
/// </summary>
public static class ProfileEvaluation
{
    /// <summary>Midnight on the front's clock: the scenarios start there.</summary>
    public static readonly DateTimeOffset Start = new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero) - SyntheticBody.LocalOffset;

    /// <param name="SingletonF1">B-cubed F1 of leaving every report alone: what correlation must beat to be worth anything.</param>
    /// <param name="Elapsed">Parsing and correlating the reports, not generating them.</param>
    public sealed record Result(ScenarioProfile Profile, int Reports, int Events, GroupingScore Score, StatementScore Statements, double SingletonF1,
        StatementMisses? Misses, TimeSpan Elapsed, ObservationMisses? Splits = null, PairBreakdown? Pairs = null, GroupingScore? Observations = null)
    {
        /// <summary>Incidents per true event that some report is about.</summary>
        public double IncidentsPerEvent => (double)Score.Clusters / Math.Max(1, Score.TrueClusters);
    }

    /// <summary>Generates <paramref name="span"/> of the profile and scores correlation under <paramref name="settings"/>;
    /// with <paramref name="diagnose"/>, also why statements stayed apart from their event's incident.</summary>
    public static Result Run(ScenarioProfile profile, TimeSpan span, CorrelationSettings? settings = null, bool diagnose = false) =>
        Score(new ProfileGenerator(profile).Generate(Start, span), settings, diagnose);

    public static Result Score(ProfileScenario scenario, CorrelationSettings? settings = null, bool diagnose = false)
    {
        var (book, elapsed) = Correlate(scenario, settings);
        var reports = scenario.Reports;
        List<long> predicted = [.. reports.Select((_, i) => book.Correlator.Reports[i].Incident)];
        List<long> truth = [.. reports.Select(r => (long)r.TrueEvent)];
        List<bool> isStatement = [.. reports.Select(ProfileScenario.IsStatement)];
        var singletons = GroupingScore.Of([.. predicted.Select((_, i) => (long)i)], truth);
        var home = StatementScore.ObservationIncidents(predicted, truth, isStatement);
        var misses = diagnose ? StatementMisses.Of(book, scenario, home) : null;
        var splits = diagnose ? ObservationMisses.Of(book, scenario, home) : null;
        var observed = Enumerable.Range(0, reports.Count).Where(i => !isStatement[i]).ToList();
        return new Result(scenario.Profile, reports.Count, truth.Distinct().Count(), GroupingScore.Of(predicted, truth),
            StatementScore.Of(predicted, truth, isStatement), singletons.BCubedF1, misses, elapsed, splits,
            PairBreakdown.Of(predicted, truth, isStatement), GroupingScore.Of([.. observed.Select(i => predicted[i])], [.. observed.Select(i => truth[i])]));
    }

    /// <summary>Applies a scenario's reports, in order, to a fresh book on the scenario's map; with the time correlation took.</summary>
    public static (IncidentBook Book, TimeSpan Elapsed) Correlate(ProfileScenario scenario, CorrelationSettings? settings = null)
    {
        var book = new IncidentBook();
        book.Correlator.Settings = settings ?? new CorrelationSettings();
        book.Settlements = scenario.Front.Gazetteer;
        var reports = scenario.Reports;
        var bodies = reports.Select(r => JsonSerializer.SerializeToElement(r.Body)).ToList();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < reports.Count; i++)
        {
            book.Apply(i, CorrelationEvaluation.EnvelopeOf(reports[i], i), bodies[i]);
        }
        var elapsed = clock.Elapsed;
        if (book.Skipped.Count > 0)
        {
            // A generated body the module refuses is a bug in the generator, not a miss of correlation.
            throw new InvalidOperationException($"report {book.Skipped[0].Index} was refused: {book.Skipped[0].Why}");
        }
        return (book, elapsed);
    }
}
