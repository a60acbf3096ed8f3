using System.Diagnostics;
using System.Globalization;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Bench;

/// <summary>
/// Correlation quality across the randomised profiles of <see cref="ProfileGenerator"/> (issue 17): every tuning and
/// held-out profile at the default density and at ten times it, a row each with its knobs, then the held-out median and
/// worst of each score against the issue's targets, and why statements missed their event's incident.
/// </summary>
static class Profiles
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="overrides">Settings to try (as for quality); <paramref name="tuningOnly"/> scores the tuning
    /// profiles alone, so that settings are chosen without looking at the held-out ones.</param>
    public static int Run(double days, IEnumerable<string>? overrides = null, bool tuningOnly = false)
    {
        var clock = Stopwatch.StartNew();
        var span = TimeSpan.FromDays(days);
        var settings = Quality.Settings(overrides ?? []);
        Console.WriteLine($"settings: {settings}");
        if (tuningOnly)
        {
            return Tune(span, settings);
        }
        Console.WriteLine(string.Create(Inv, $"{days:0.#} days a profile; tuning seeds {string.Join(", ", ScenarioProfile.TuningSeeds)}; held-out seeds {string.Join(", ", ScenarioProfile.HeldOutSeeds)}"));
        Console.WriteLine();
        foreach (var density in new[] { 1, 10 })
        {
            var tuning = ScenarioProfile.TuningSeeds.Select(s => ProfileEvaluation.Run(ScenarioProfile.Draw(s).Denser(density), span, settings)).ToList();
            var heldOut = ScenarioProfile.HeldOutSeeds.Select(s => ProfileEvaluation.Run(ScenarioProfile.Draw(s).Denser(density), span, settings, diagnose: true)).ToList();
            Console.WriteLine(string.Create(Inv, $"### Density {density}: {ScenarioProfile.DefaultEventsPerDay * density:0} events a day"));
            Console.WriteLine();
            Table(tuning, heldOut);
            Console.WriteLine();
            Summary(heldOut, density);
            Console.WriteLine();
            var scenarios = ScenarioProfile.HeldOutSeeds.Select(s => new ProfileGenerator(ScenarioProfile.Draw(s).Denser(density)).Generate(ProfileEvaluation.Start, span)).ToList();
            var ceilings = scenarios.Select(s => StatementCeiling.Of(s)).ToList();
            var ceiling = ceilings.Select(c => (double)c.Right / Math.Max(1, c.Statements)).Order().ToList();
            var oracles = scenarios.Select(s => StatementOracle.Of(s, settings)).ToList();
            var oracle = oracles.Select(o => o.BestIsOwnRate).Order().ToList();
            Console.WriteLine(string.Create(Inv, $"Statements attachable at most (perfect observations; the generator's own model): median {Median(ceiling):0.000}, worst {ceiling[0]:0.000}; "
                + $"own event best under the correlator's scoring: median {Median(oracle):0.000}, worst {oracle[0]:0.000}"));
            var live = scenarios.Select(s => StatementCeiling.Of(s, observersFigures: true)).ToList();
            // The events nobody observed known by their rate alone, as a correlator knows them: from other draws of each profile.
            var redraws = ScenarioProfile.HeldOutSeeds.Select(s => Enumerable.Range(1, Redraws)
                .Select(k => new ProfileGenerator(ScenarioProfile.Draw(s).Denser(density), k).Generate(ProfileEvaluation.Start, span)).ToList()).ToList();
            var rated = scenarios.Zip(redraws, (s, r) => StatementCeiling.Of(s, observersFigures: true, redraws: r)).ToList();
            // What the statements' figures are worth to it, read without knowing which party was struck, and not at all.
            var roleless = scenarios.Zip(redraws, (s, r) => StatementCeiling.Of(s, observersFigures: true, redraws: r, figures: StatementFigures.WithoutRole)).ToList();
            var figureless = scenarios.Zip(redraws, (s, r) => StatementCeiling.Of(s, observersFigures: true, redraws: r, figures: StatementFigures.None)).ToList();
            // And the observed events' places as their observers' reports put them, as a live book has them.
            var placed = scenarios.Zip(redraws, (s, r) => StatementCeiling.Of(s, observersFigures: true, redraws: r, observersPlaces: true)).ToList();
            var placedRoleless = scenarios.Zip(redraws, (s, r) => StatementCeiling.Of(s, observersFigures: true, redraws: r, figures: StatementFigures.WithoutRole, observersPlaces: true)).ToList();
            foreach (var (name, set) in new[] { ("every event, observed or not, with true counts", ceilings), ("every event, observed or not, with the observers' figures", live),
                ("the observed events and the rate of the others, with the observers' figures", rated),
                ("the observed events and the rate of the others, with the observers' figures, not knowing which party was struck", roleless),
                ("the observed events and the rate of the others, the statements' figures unread", figureless),
                ("the observed events where their observers put them and the rate of the others, with the observers' figures", placed),
                ("the observed events where their observers put them and the rate of the others, with the observers' figures, not knowing which party was struck", placedRoleless) })
            {
                Console.WriteLine($"The generator's own model over {name}, were statements attached at a share of its posterior (medians): " + string.Join("; ",
                    new[] { 0.2, 0.4, 0.6, 0.8 }.Select(bar => string.Create(Inv,
                        $"{bar:0.0}: {Median([.. set.Select(c => c.AtBar(bar).Right).Order()]):0.000} right, {Median([.. set.Select(c => c.AtBar(bar).Wrong).Order()]):0.000} wrong"))));
            }
            var byEvent = scenarios.Select(s => StatementOracle.Of(s, settings, fromReports: true)).ToList();
            foreach (var (name, set) in new[] { ("perfect observations", oracles), ("the observers' own reports, grouped by event", byEvent) })
            {
                Console.WriteLine($"The correlator's scoring against {name}, were statements attached at a share of the posterior (medians): " + string.Join("; ",
                    new[] { 0.2, 0.4, 0.6, 0.8 }.Select(bar => string.Create(Inv,
                        $"{bar:0.0}: {Median([.. set.Select(o => o.AtBar(bar).Right).Order()]):0.000} right, {Median([.. set.Select(o => o.AtBar(bar).Wrong).Order()]):0.000} wrong"))));
            }
            Console.WriteLine();
            Misses(heldOut);
            Console.WriteLine();
        }
        Console.WriteLine("| seed | knobs |");
        Console.WriteLine("|---|---|");
        foreach (var seed in ScenarioProfile.TuningSeeds.Concat(ScenarioProfile.HeldOutSeeds))
        {
            Console.WriteLine($"| {seed} | {ScenarioProfile.Draw(seed).Knobs()} |");
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv, $"whole run {clock.Elapsed.TotalSeconds:0} s"));
        return 0;
    }

    /// <summary>Other draws of each profile from which the rate of the events nobody observed is read.</summary>
    const int Redraws = 8;

    static void Table(List<ProfileEvaluation.Result> tuning, List<ProfileEvaluation.Result> heldOut)
    {
        Console.WriteLine("| set | seed | reports | statements | events | incidents/event | pairwise P | pairwise R | B³ P | B³ R | B³ F1 | singletons B³ F1 | statements attached | statement pairs together | post–statement pairs together | parse and correlate, s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (set, r) in tuning.Select(r => ("tuning", r)).Concat(heldOut.Select(r => ("held-out", r))))
        {
            var s = r.Score;
            var st = r.Statements;
            Console.WriteLine(string.Create(Inv,
                $"| {set} | {r.Profile.Seed} | {r.Reports} | {st.Statements} ({(double)st.Statements / r.Reports:0.00}) | {r.Events} | {r.IncidentsPerEvent:0.00} | {s.PairPrecision:0.000} | {s.PairRecall:0.000} | {s.BCubedPrecision:0.000} | {s.BCubedRecall:0.000} | {s.BCubedF1:0.000} | {r.SingletonF1:0.000} | {st.AttachmentRate:0.000} ({st.Attached}/{st.Attachable}) | {st.StatementPairRecall:0.000} | {st.MixedPairRecall:0.000} | {r.Elapsed.TotalSeconds:0.00} |"));
        }
    }

    static int Tune(TimeSpan span, Correlation.CorrelationSettings settings)
    {
        foreach (var density in new[] { 1, 10 })
        {
            var tuning = ScenarioProfile.TuningSeeds.Select(s => ProfileEvaluation.Run(ScenarioProfile.Draw(s).Denser(density), span, settings, diagnose: true)).ToList();
            var (f1, p, a) = (tuning.Select(r => r.Score.BCubedF1).Order().ToList(), tuning.Select(r => r.Score.PairPrecision).Order().ToList(),
                tuning.Select(r => r.Statements.AttachmentRate).Order().ToList());
            Console.WriteLine(string.Create(Inv,
                $"tuning, density {density}: B³ F1 median {Median(f1):0.000} worst {f1[0]:0.000}; pairwise P median {Median(p):0.000} worst {p[0]:0.000}; statements attached median {Median(a):0.000} worst {a[0]:0.000}"));
            foreach (var r in tuning)
            {
                var (b, o) = (r.Pairs!, r.Observations!);
                Console.WriteLine(string.Create(Inv,
                    $"seed {r.Profile.Seed}: observations alone B³ F1 {o.BCubedF1:0.000}, pairwise P {o.PairPrecision:0.000} R {o.PairRecall:0.000}; wrong pairs {b.Wrong:0} of {b.Pairs:0}: two observations {b.WrongObservationPairs:0} of {b.ObservationPairs:0}, observation and statement {b.WrongMixedPairs:0} of {b.MixedPairs:0}, two statements {b.WrongStatementPairs:0} of {b.StatementPairs:0}"));
            }
            Oracle(span, settings, density);
            Misses(tuning);
            Splits(tuning);
        }
        return 0;
    }

    /// <summary>Pooled over the tuning profiles: how statements would fare against perfect observation incidents.</summary>
    static void Oracle(TimeSpan span, Correlation.CorrelationSettings settings, int density)
    {
        var all = ScenarioProfile.TuningSeeds.Select(s => StatementOracle.Of(new ProfileGenerator(ScenarioProfile.Draw(s).Denser(density)).Generate(ProfileEvaluation.Start, span), settings)).ToList();
        foreach (var (o, seed) in all.Zip(ScenarioProfile.TuningSeeds))
        {
            Console.WriteLine(string.Create(Inv, $"oracle, seed {seed}: {o.Statements} statements; own event best {o.BestIsOwnRate:0.000}; attached at best {o.AttachedRate:0.000}; own event out of reach {(double)o.OwnOutOfReach / Math.Max(1, o.Statements):0.000}"));
        }
        var ceilings = ScenarioProfile.TuningSeeds.Select(s => StatementCeiling.Of(new ProfileGenerator(ScenarioProfile.Draw(s).Denser(density)).Generate(ProfileEvaluation.Start, span))).ToList();
        Console.WriteLine("ceiling (the generator's own model, perfect observations): " + string.Join("; ", ceilings.Select(c => string.Create(Inv, $"{(double)c.Right / Math.Max(1, c.Statements):0.000}"))));
        var pooled = Enumerable.Range(0, 5).Select(b => (N: all.Sum(o => o.Bins[b].N), Own: all.Sum(o => o.Bins[b].Own)));
        Console.WriteLine("oracle calibration (best share in fifths: statements, own best): " + string.Join("; ",
            pooled.Select((x, b) => string.Create(Inv, $"{b * 0.2:0.0}–{b * 0.2 + 0.2:0.0}: {x.N}, {(double)x.Own / Math.Max(1, x.N):0.00}"))));
    }

    /// <summary>Pooled over profiles: why observation reports ended outside their event's observation incident.</summary>
    static void Splits(List<ProfileEvaluation.Result> results)
    {
        var all = results.Select(r => r.Splits!).ToList();
        var missed = all.Sum(m => m.Missed);
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv, $"Observation reports outside their event's observation incident: {missed}"));
        Console.WriteLine();
        Console.WriteLine("| report: cause (first test failed) | reports | share |");
        Console.WriteLine("|---|---|---|");
        foreach (var (cause, n) in all.SelectMany(m => m.ByCause).GroupBy(kv => kv.Key).Select(g => (g.Key, g.Sum(kv => kv.Value))).OrderByDescending(x => x.Item2))
        {
            Console.WriteLine(string.Create(Inv, $"| {cause} | {n} | {(double)n / Math.Max(1, missed):0.00} |"));
        }
        Console.WriteLine();
        foreach (var (cause, text) in all.SelectMany(m => m.Example).GroupBy(kv => kv.Key).Select(g => (g.Key, g.First().Value)).Take(12))
        {
            Console.WriteLine($"- {cause}: {text}");
        }
        Console.WriteLine();
    }

    /// <summary>Median and worst over the held-out profiles, beside the issue's targets.</summary>
    static void Summary(List<ProfileEvaluation.Result> heldOut, int density)
    {
        (string Name, Func<ProfileEvaluation.Result, double> Of, string Target)[] rows =
        [
            ("B³ F1", r => r.Score.BCubedF1, density == 1 ? "≥ 0.92" : "≥ 0.85"),
            ("pairwise precision", r => r.Score.PairPrecision, "≥ 0.90"),
            ("statements attached", r => r.Statements.AttachmentRate, "≥ 0.80"),
            ("pairwise recall", r => r.Score.PairRecall, ""),
            ("B³ precision", r => r.Score.BCubedPrecision, ""),
            ("B³ recall", r => r.Score.BCubedRecall, ""),
            ("statement pairs together", r => r.Statements.StatementPairRecall, ""),
            ("post–statement pairs together", r => r.Statements.MixedPairRecall, ""),
            ("singletons B³ F1 (reference)", r => r.SingletonF1, ""),
        ];
        Console.WriteLine($"| held-out, density {density} | median | worst | target |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, of, target) in rows)
        {
            var xs = heldOut.Select(of).Order().ToList();
            Console.WriteLine(string.Create(Inv, $"| {name} | {Median(xs):0.000} | {xs[0]:0.000} | {target} |"));
        }
        var ratio = heldOut.Select(r => r.IncidentsPerEvent).Order().ToList();
        Console.WriteLine(string.Create(Inv, $"| incidents per event | {Median(ratio):0.00} | {ratio[^1]:0.00} | |"));
    }

    /// <summary>Pooled over the held-out profiles: the first of the correlator's tests each missed statement fails.</summary>
    static void Misses(List<ProfileEvaluation.Result> heldOut)
    {
        var all = heldOut.Select(r => r.Misses!).ToList();
        var missed = all.Sum(m => m.Missed);
        Console.WriteLine(string.Create(Inv,
            $"Statements missing their event's incident: {missed}; medians over profiles: {Median([.. all.Select(m => m.MedianKmFromEvent).Order()]):0.0} km from the true event, σ {Median([.. all.Select(m => m.MedianSigmaKm).Order()]):0.0} km, window {Median([.. all.Select(m => m.MedianWindowHours).Order()]):0.#} h."));
        Console.WriteLine();
        Console.WriteLine("| cause (first test failed) | statements | share |");
        Console.WriteLine("|---|---|---|");
        foreach (var (cause, n) in all.SelectMany(m => m.ByCause).GroupBy(kv => kv.Key).Select(g => (g.Key, g.Sum(kv => kv.Value))).OrderByDescending(x => x.Item2))
        {
            Console.WriteLine(string.Create(Inv, $"| {cause} | {n} | {(double)n / Math.Max(1, missed):0.00} |"));
        }
        foreach (var (place, n) in all.SelectMany(m => m.Where).GroupBy(kv => kv.Key).Select(g => (g.Key, g.Sum(kv => kv.Value))).OrderByDescending(x => x.Item2))
        {
            Console.WriteLine(string.Create(Inv, $"| (where they are) {place} | {n} | {(double)n / Math.Max(1, missed):0.00} |"));
        }
        Console.WriteLine();
        foreach (var (cause, text) in all.SelectMany(m => m.Example).GroupBy(kv => kv.Key).Select(g => (g.Key, g.First().Value)))
        {
            Console.WriteLine($"- {cause}: {text}");
        }
    }

    static double Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? double.NaN
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
