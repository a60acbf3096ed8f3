using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Tests;

/// <summary>The randomised profiles of the second generator (issue 17), the statement metric, and the quality floor.</summary>
public class ProfileTests
{
    static readonly DateTimeOffset Start = ProfileEvaluation.Start;

    [Fact]
    public void The_generator_is_deterministic_for_a_seed_and_labels_everything_synthetic()
    {
        var a = new ProfileGenerator(ScenarioProfile.Draw(7)).Generate(Start, TimeSpan.FromDays(2));
        var b = new ProfileGenerator(ScenarioProfile.Draw(7)).Generate(Start, TimeSpan.FromDays(2));
        Assert.Equal(a.Reports.Select(r => (r.Body.ToJsonString(), r.TrueEvent, r.Party, r.Signed)), b.Reports.Select(r => (r.Body.ToJsonString(), r.TrueEvent, r.Party, r.Signed)));
        Assert.NotEqual(a.Reports.Select(r => r.Body.ToJsonString()),
            new ProfileGenerator(ScenarioProfile.Draw(8)).Generate(Start, TimeSpan.FromDays(2)).Reports.Select(r => r.Body.ToJsonString()));
        Assert.All(a.Reports, r => Assert.True((bool)r.Body["synthetic"]!));
        Assert.All(a.Reports, r => Assert.StartsWith("SYNTHETIC", (string)r.Body["description"]!, StringComparison.Ordinal));
        Assert.All(a.Front.Gazetteer.All, p => Assert.Equal("synthetic", p.Source));
        Assert.True(a.Reports.Select(r => r.TrueEvent).Distinct().Count() < a.Reports.Count, "several sources per event");
        Assert.Equal(a.Reports.OrderBy(r => r.Signed).Select(r => r.Signed), a.Reports.Select(r => r.Signed));
        // The taxonomy's newer entries are exercised: flares fired, craters found.
        var craters = new ProfileGenerator(ScenarioProfile.Draw(7) with { CraterShare = 0.3 }).Generate(Start, TimeSpan.FromDays(2));
        Assert.Contains(craters.Reports, r => (string?)r.Body["perceptions"]?[0]?["kind"] == "crater");
        Assert.Contains(craters.Reports, r => (string?)r.Body["type"] == "illumination-flare");
    }

    /// <summary>Every report a profile makes is one the module admits: on profile 105 at ten times the density a post's
    /// distance guess from the far tail of its error once stated a band beyond 100 km, and the whole run was refused.</summary>
    [Fact]
    public void Every_report_of_a_dense_profile_is_admitted()
    {
        var scenario = new ProfileGenerator(ScenarioProfile.Draw(105).Denser(10)).Generate(Start, TimeSpan.FromDays(2));
        var (book, _) = ProfileEvaluation.Correlate(scenario);
        Assert.Equal(scenario.Reports.Count, book.Correlator.Reports.Count);
    }

    [Fact]
    public void Profiles_vary_across_seeds_and_each_knob_stays_in_its_range()
    {
        var profiles = ScenarioProfile.TuningSeeds.Concat(ScenarioProfile.HeldOutSeeds).Select(ScenarioProfile.Draw).ToList();
        Assert.Empty(ScenarioProfile.TuningSeeds.Intersect(ScenarioProfile.HeldOutSeeds));
        Assert.Equal(20, profiles[0].Drawn.Count);
        foreach (var k in Enumerable.Range(0, profiles[0].Drawn.Count))
        {
            var knob = profiles.Select(p => p.Drawn[k]).ToList();
            Assert.All(knob, x => Assert.True(x.Range.Contains(x.Value), $"{x.Name} {x.Value} outside {x.Range}"));
            // Spread over at least a third of the range across 15 seeds: the family really varies in every knob.
            var (min, max) = (knob.Min(x => x.Value), knob.Max(x => x.Value));
            Assert.True(max - min >= (knob[0].Range.Max - knob[0].Range.Min) / 3, $"{knob[0].Name} only spans {min}–{max}");
        }
        Assert.All(profiles, p => Assert.True(p.PartOfDayShare > 0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(104)]
    public void The_share_of_statements_among_reports_is_the_drawn_one(int seed)
    {
        var s = new ProfileGenerator(ScenarioProfile.Draw(seed)).Generate(Start, TimeSpan.FromDays(4));
        var share = (double)s.Reports.Count(ProfileScenario.IsStatement) / s.Reports.Count;
        Assert.True(ScenarioProfile.StatementShareRange.Contains(share), $"share {share:F3}");
        Assert.InRange(share, s.Profile.StatementShare - 0.01, s.Profile.StatementShare + 0.01);
    }

    [Fact]
    public void A_statement_names_the_speaking_partys_own_village_in_its_own_naming_with_a_coarse_time()
    {
        var s = new ProfileGenerator(ScenarioProfile.Draw(101)).Generate(Start, TimeSpan.FromDays(2));
        var statements = s.Reports.Where(ProfileScenario.IsStatement).ToList();
        Assert.NotEmpty(statements);
        foreach (var r in statements)
        {
            var place = (string)r.Body["location"]!["place"]!;
            var village = s.Front.Settlements.Single(v => v.Id == place);
            Assert.Equal(r.Party, village.Side);
            Assert.Contains(village.NameBy(r.Party), (string)r.Body["location"]!["text"]!, StringComparison.Ordinal);
            Assert.Contains((string)r.Body["time"]!["precision"]!, new[] { "hour", "approximate", "day" });
        }
    }

    [Fact]
    public void Statement_attachment_counts_a_statement_in_its_events_observation_incident()
    {
        // Event 1: observations 0, 1 in incident 10; statement 2 there (attached), statement 3 apart.
        // Event 2: observation 4 in 20; statement 5 in 21 (not attached). Event 3: a statement alone, no observation (not
        // attachable). Event 4: observations split 41 / 40, a tie that goes to 40, where its statement is (attached).
        long[] truth = [1, 1, 1, 1, 2, 2, 3, 4, 4, 4];
        bool[] statement = [false, false, true, true, false, true, true, false, false, true];
        long[] predicted = [10, 10, 10, 11, 20, 21, 30, 41, 40, 40];
        var s = StatementScore.Of(predicted, truth, statement);
        Assert.Equal((5, 4, 2), (s.Statements, s.Attachable, s.Attached));
        Assert.Equal(0.5, s.AttachmentRate, 9);
        Assert.Equal((1L, 0L), (s.StatementPairs, s.StatementPairsTogether)); // event 1's two statements, apart
        // Pairs (observation, statement): event 1: 2 × 2, together 2 × 1; event 2: 1, apart; event 4: 2 × 1, together 1.
        Assert.Equal((7L, 3L), (s.MixedPairs, s.MixedPairsTogether));
        Assert.Equal(40, StatementScore.ObservationIncidents(predicted, truth, statement)[4]);
        var perfect = StatementScore.Of(truth, truth, statement);
        Assert.Equal((1.0, 1.0, 1.0), (perfect.AttachmentRate, perfect.StatementPairRecall, perfect.MixedPairRecall));
    }

    /// <summary>
    /// Two held-out profiles through the real module path, small enough for CI. The floors are this model's figures on
    /// these very runs less a margin, NOT the targets (B³ F1 ≥ 0.92 at the default density and ≥ 0.85 at ten
    /// times it, pairwise precision ≥ 0.90, ≥ 80 % of statements attached), of which the current model meets B³ F1 and
    /// precision at the median over the held-out profiles and not attachment (docs/BENCHMARKS.md, "Randomised
    /// profiles"). They catch a regression of the instrument or the model.
    /// </summary>
    [Theory]
    // Measured on 2026-12-04 before the two-level model: 0.780 / 0.831 / 0.329; 0.910 / 0.893 / 0.435; 0.711 / 0.682 / 0.194.
    // With it (branch correlation): 0.810 / 0.845 / 0.407; 0.922 / 0.926 / 0.370 (17 of 46 statements against 20: on
    // this profile three statements that the old model joined at 0.65 now split their share between fragments of one
    // event); the third still clears its floor.
    // With the settlement named as a cell among its party's others (2026-12-05): 0.807 / 0.834 / 0.412; 0.927 / 0.924 /
    // 0.435; 0.760 / 0.725 / 0.293.
    // With counts as evidence (2026-12-05): 0.831 / 0.846 / 0.495; 0.939 / 0.940 / 0.630; 0.790 / 0.766 / 0.414.
    // With onsets and the book's learnt clocks (2026-12-05): 0.843 / 0.849 / 0.500; 0.942 / 0.941 / 0.630; 0.822 / 0.823 / 0.420.
    // With regrouping (2026-12-05): 0.855 / 0.864 / 0.500; 0.942 / 0.941 / 0.630; 0.830 / 0.838 / 0.417.
    // With type naming learnt (2026-12-05): 0.855 / 0.857 / 0.500; 0.938 / 0.928 / 0.587; 0.830 / 0.835 / 0.423 (102
    // loses two statements at 14 days; the held-out median at ten times the density gains, docs/BENCHMARKS.md).
    // With one posterior for grouping statements (2026-12-05): 0.856 / 0.863 / 0.500; 0.933 / 0.927 / 0.587; 0.834 /
    // 0.849 / 0.423.
    // With the figures' lean and spread learnt per source kind (2026-12-05): 0.863 / 0.866 / 0.542; 0.940 / 0.933 /
    // 0.674; 0.842 / 0.853 / 0.475.
    // With lags learnt and approximate windows as stated (2026-12-06): 0.864 / 0.864 / 0.551; 0.941 / 0.926 / 0.696; 0.847
    // / 0.849 / 0.506. With the circle wider in a cell and offsets by the resolver's radius (2026-12-06): 0.866 / 0.863 /
    // 0.565; 0.942 / 0.923 / 0.696; 0.841 / 0.839 / 0.491 (101 at ten times over two days loses a little; the held-out
    // medians at both densities gain, docs/BENCHMARKS.md). With a new event's rate read off the observed incidents around
    // a precise report (2026-12-06): 0.872 / 0.918 / 0.546; 0.941 / 0.923 / 0.696; 0.844 / 0.891 / 0.481. With an event
    // nobody observed at a share of the observed rate around a statement (2026-12-06): 0.875 / 0.931 / 0.537; 0.943 /
    // 0.920 / 0.674; 0.833 / 0.909 / 0.410 (fewer statements attach at ten times the density, fewer wrongly). With
    // statements read again when their party names a settlement near theirs (2026-12-06): 0.882 / 0.916 / 0.597; 0.943 /
    // 0.901 / 0.739; 0.836 / 0.908 / 0.432 (on 102 three more statements attach, and pairwise precision falls 0.920 → 0.901).
    [InlineData(101, 1, 14, 0.87, 0.91, 0.58)]
    [InlineData(102, 1, 14, 0.93, 0.90, 0.72)]
    [InlineData(101, 10, 2, 0.82, 0.89, 0.42)]
    public void Held_out_profiles_stay_above_the_current_floor(int seed, double density, double days, double f1, double precision, double attached)
    {
        var r = ProfileEvaluation.Run(ScenarioProfile.Draw(seed).Denser(density), TimeSpan.FromDays(days), diagnose: true);
        Assert.True(r.Reports > 200, $"a scenario of {r.Reports} reports is too small to say anything");
        var figures = $"B-cubed F1 {r.Score.BCubedF1:F3}, pairwise precision {r.Score.PairPrecision:F3}, statements attached {r.Statements.AttachmentRate:F3}";
        Assert.True(r.Score.BCubedF1 >= f1, figures);
        Assert.True(r.Score.PairPrecision >= precision, figures);
        Assert.True(r.Statements.AttachmentRate >= attached, figures);
        Assert.True(r.Score.BCubedF1 > r.SingletonF1, "correlation does better than leaving every report alone");
        Assert.Equal(r.Statements.Attachable - r.Statements.Attached, r.Misses!.Missed);
        Assert.Equal(r.Misses.Missed, r.Misses.ByCause.Values.Sum());
    }
}
