using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Tests;

/// <summary>Correlation quality on labelled synthetic scenarios, against the targets of the incidents issue.</summary>
public class QualityTests
{
    [Fact]
    public void Default_noise_profile_reaches_bcubed_f1_of_0_95()
    {
        var r = CorrelationEvaluation.Run(NoiseProfile.Default, seed: 11, TimeSpan.FromDays(7));
        Assert.True(r.Reports > 500, $"a scenario of {r.Reports} reports is too small to say anything");
        Assert.True(r.Score.BCubedF1 >= 0.95, $"B-cubed F1 {r.Score.BCubedF1:F3}");
    }

    /// <summary>Was 0.95 while statements stayed apart. Issue 17: statements now attach to the observed incident that
    /// explains them (settlement radii of several km, day-long windows), which at ten times the density sometimes picks
    /// a neighbour; the target is pairwise precision ≥ 0.90 (docs/BENCHMARKS.md).</summary>
    [Fact]
    public void Ten_times_denser_events_keep_pairwise_precision_of_0_90()
    {
        var r = CorrelationEvaluation.Run(NoiseProfile.Dense, seed: 12, TimeSpan.FromDays(2));
        Assert.True(r.Score.PairPrecision >= 0.90, $"pairwise precision {r.Score.PairPrecision:F3}");
    }

    [Fact]
    public void The_generator_is_deterministic_for_a_seed_and_labels_every_report_synthetic()
    {
        var a = new ScenarioGenerator(NoiseProfile.Default, 5).Generate(Build.T0, TimeSpan.FromDays(1)).ToList();
        var b = new ScenarioGenerator(NoiseProfile.Default, 5).Generate(Build.T0, TimeSpan.FromDays(1)).ToList();
        Assert.Equal(a.Select(x => x.Body.ToJsonString()), b.Select(x => x.Body.ToJsonString()));
        Assert.All(a, x => Assert.True((bool)x.Body["synthetic"]!));
        Assert.True(a.Select(x => x.TrueEvent).Distinct().Count() < a.Count, "several sources per event");
    }
}
