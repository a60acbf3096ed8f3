using System.Text.Json.Nodes;
using Truce.Incidents.Correlation;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Tests;

/// <summary>
/// The two bounds on statement attachment (issue 17): the ceiling under the generator's own model, and the oracle that
/// scores statements with the correlator against perfect observation incidents. Each bounds the correlator from above
/// and falls as events crowd together, which is what makes them a ceiling rather than a second score.
/// </summary>
public class StatementCeilingTests
{
    static readonly TimeSpan Span = TimeSpan.FromDays(4);

    static ProfileScenario Scenario(int seed, double eventsPerDay) =>
        new ProfileGenerator(ScenarioProfile.Draw(seed) with { EventsPerDay = eventsPerDay }).Generate(ProfileEvaluation.Start, Span);

    [Fact]
    public void With_few_events_a_statement_points_to_its_own_event_and_with_many_it_cannot()
    {
        var sparse = StatementCeiling.Of(Scenario(101, 3));
        var crowded = StatementCeiling.Of(Scenario(101, 600));
        Assert.True(sparse.Statements >= 5 && crowded.Statements >= 100, $"{sparse.Statements}, {crowded.Statements} statements");
        var (high, low) = ((double)sparse.Right / sparse.Statements, (double)crowded.Right / crowded.Statements);
        // Events come in episodes, so even three a day leave a few flares or bursts minutes apart in one village's cell.
        // The figures statements give tell most events of one cell and hour apart, so it takes 600 a day to crowd them.
        Assert.True(high >= 0.8, $"sparse ceiling {high:F3}");
        Assert.True(low < high - 0.1, $"crowded ceiling {low:F3} against sparse {high:F3}");
    }

    [Theory]
    [InlineData(101)]
    [InlineData(104)]
    public void Neither_bound_is_below_what_the_correlator_attaches(int seed)
    {
        var scenario = Scenario(seed, ScenarioProfile.DefaultEventsPerDay);
        var settings = new CorrelationSettings();
        var attached = ProfileEvaluation.Score(scenario, settings).Statements;
        var ceiling = StatementCeiling.Of(scenario);
        var oracle = StatementOracle.Of(scenario, settings);
        Assert.Equal(attached.Attachable, ceiling.Statements);
        Assert.Equal(attached.Attachable, oracle.Statements);
        Assert.True(ceiling.Right >= attached.Attached, $"ceiling {ceiling.Right} < attached {attached.Attached}");
        Assert.True(oracle.BestIsOwn >= attached.Attached, $"oracle {oracle.BestIsOwn} < attached {attached.Attached}");
        // Grouped without a fault, the observers' own reports attach more than the book, which groups them itself, and
        // less than perfect incidents; the threshold's bins count what `attach` counts, and only at their edges.
        var grouped = StatementOracle.Of(scenario, settings, fromReports: true);
        Assert.Equal(attached.Attachable, grouped.Statements);
        Assert.True(grouped.AttachedAtBest >= attached.Attached, $"grouped {grouped.AttachedAtBest} < attached {attached.Attached}");
        Assert.True(grouped.AttachedAtBest < oracle.AttachedAtBest, $"grouped {grouped.AttachedAtBest}, perfect {oracle.AttachedAtBest}");
        Assert.Equal((double)grouped.AttachedAtBest / grouped.Statements, grouped.AtBar(settings.Attach).Right, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => grouped.AtBar(0.5));
        // Over every event, observed or not, a higher bar attaches fewer, right and wrong; at no bar more than the
        // observed event most likely, and the observers' figures scored on the same statements.
        var live = StatementCeiling.Of(scenario, observersFigures: true);
        Assert.Equal(ceiling.Statements, live.Statements);
        // Where the observers put the events, read as the generator would, still bounds what the book attaches.
        var placed = StatementCeiling.Of(scenario, observersFigures: true, observersPlaces: true);
        Assert.Equal(ceiling.Statements, placed.Statements);
        Assert.True(placed.AtBar(settings.Attach).Right * placed.Statements >= attached.Attached, $"placed {placed.AtBar(settings.Attach)} < attached {attached.Attached}");
        foreach (var bound in new[] { ceiling, live })
        {
            var (low, high) = (bound.AtBar(0.2), bound.AtBar(0.6));
            Assert.True(high.Right <= low.Right && high.Wrong <= low.Wrong && low.Right > 0.5, $"{low} at 0.2, {high} at 0.6");
            Assert.True(bound.AtBar(0).Right <= (double)bound.Right / bound.Statements + 1e-12, $"{bound.AtBar(0)} against {bound.Right}");
        }
    }

    [Fact]
    public void A_redraw_keeps_the_front_and_draws_other_events_on_it()
    {
        var profile = ScenarioProfile.Draw(102) with { EventsPerDay = 48 };
        var (own, again, other) = (new ProfileGenerator(profile), new ProfileGenerator(profile, redraw: 0), new ProfileGenerator(profile, redraw: 1));
        Assert.Equal(own.Front.Settlements, other.Front.Settlements);
        Assert.Equal(own.Front.Posts, other.Front.Posts);
        var (a, b, c) = (own.Generate(ProfileEvaluation.Start, Span), again.Generate(ProfileEvaluation.Start, Span), other.Generate(ProfileEvaluation.Start, Span));
        Assert.Equal(a.Events.Select(e => (e.Start, e.X, e.Y)), b.Events.Select(e => (e.Start, e.X, e.Y)));
        Assert.Equal(a.Events.Count, c.Events.Count);
        Assert.Empty(a.Events.Select(e => (e.Start, e.X)).Intersect(c.Events.Select(e => (e.Start, e.X))));
    }

    [Fact]
    public void The_events_nobody_observed_known_by_their_rate_weigh_as_much_as_the_redraws_hold()
    {
        var scenario = Scenario(104, 10 * ScenarioProfile.DefaultEventsPerDay);
        var known = StatementCeiling.Of(scenario, observersFigures: true);
        // No event left unobserved in the redraws: only the observed events compete, so more attach at every bar.
        var none = StatementCeiling.Of(scenario, observersFigures: true, redraws: [scenario with { Events = [], Reports = [] }]);
        // The scenario itself as its one redraw: its own unobserved events, now one rival that never attaches, weigh
        // together where each stood alone, so fewer attach at a low bar.
        var itself = StatementCeiling.Of(scenario, observersFigures: true, redraws: [scenario]);
        Assert.Equal(known.Statements, none.Statements);
        Assert.Equal(known.Right, none.Right);
        static double Attached((double Right, double Wrong) x) => x.Right + x.Wrong;
        foreach (var bar in new[] { 0.2, 0.4, 0.6, 0.8 })
        {
            var (k, n, i) = (known.AtBar(bar), none.AtBar(bar), itself.AtBar(bar));
            Assert.True(Attached(n) >= Attached(k) && Attached(k) >= Attached(i), $"at {bar}: none {n}, known {k}, itself {i}");
        }
        Assert.True(Attached(none.AtBar(0.6)) > Attached(known.AtBar(0.6)), $"{none.AtBar(0.6)} against {known.AtBar(0.6)}");
        // Above half of the posterior the event most likely beats all the others together, however they are grouped.
        Assert.True(Attached(known.AtBar(0.2)) > Attached(itself.AtBar(0.2)), $"{known.AtBar(0.2)} against {itself.AtBar(0.2)}");
        Assert.Equal(known.AtBar(0.6), itself.AtBar(0.6));
    }

    /// <summary>A party's figure tells events apart when it is read as made: inflated by the party struck, deflated by the
    /// party blamed. Not knowing which the speaker was blurs it; not reading it at all leaves events of one village and
    /// hour alike.</summary>
    [Fact]
    public void Statements_figures_tell_events_apart_best_read_by_who_was_struck()
    {
        var scenario = Scenario(104, 10 * ScenarioProfile.DefaultEventsPerDay);
        var byRole = StatementCeiling.Of(scenario, observersFigures: true);
        var named = StatementCeiling.Of(scenario, observersFigures: true, figures: StatementFigures.ByRole);
        Assert.Equal((byRole.Right, byRole.Bins), (named.Right, named.Bins), (x, y) => x.Right == y.Right && x.Bins.SequenceEqual(y.Bins));
        var roleless = StatementCeiling.Of(scenario, observersFigures: true, figures: StatementFigures.WithoutRole);
        var figureless = StatementCeiling.Of(scenario, observersFigures: true, figures: StatementFigures.None);
        Assert.Equal(byRole.Statements, figureless.Statements);
        var (a, b, c) = (byRole.AtBar(0.6).Right, roleless.AtBar(0.6).Right, figureless.AtBar(0.6).Right);
        Assert.True(a > b && b > c + 0.05, $"attached at 0.6: by role {a:F3}, without it {b:F3}, figures unread {c:F3}");
        Assert.True(byRole.Right > figureless.Right, $"most likely own: {byRole.Right} against {figureless.Right}");
    }

    [Fact]
    public void Observers_figures_narrow_the_true_count_to_what_each_way_of_counting_allows()
    {
        var mortar = EventKind.Mix.Single(k => k.Type == "mortar");
        static LabelledReport Seen(string kind, double figure) => new(new JsonObject
        {
            ["source"] = new JsonObject { ["kind"] = kind, ["id"] = "x" },
            ["counts"] = new JsonObject { ["explosions"] = figure },
        }, 1, "jmc", ProfileEvaluation.Start);
        // Nothing seen: the generator's prior, 1 + a geometric number of mean 5.
        Assert.Equal(1.0 / 6, StatementCeiling.CountPosterior(mortar, [])[1], 6);
        // A UAV counts every round.
        Assert.Equal(1, StatementCeiling.CountPosterior(mortar, [Seen("drone", 7)])[7], 9);
        // A post's 5 is 0.5–1 of a count from 5 to 10, a patrol's 6 is 0.6–1.1 of one from 6 to 10.
        var post = StatementCeiling.CountPosterior(mortar, [Seen("observation-post", 5)]);
        var patrol = StatementCeiling.CountPosterior(mortar, [Seen("patrol", 6)]);
        var both = StatementCeiling.CountPosterior(mortar, [Seen("observation-post", 5), Seen("patrol", 8)]);
        Assert.Equal([5, 6, 7, 8, 9, 10], Enumerable.Range(0, post.Length).Where(c => post[c] > 0));
        Assert.Equal([6, 7, 8, 9, 10], Enumerable.Range(0, patrol.Length).Where(c => patrol[c] > 0));
        // Together, a count both allow: the patrol's 8 is of 7 to 14.
        Assert.Equal([7, 8, 9, 10], Enumerable.Range(0, both.Length).Where(c => both[c] > 0));
        Assert.Equal(1, both.Sum(), 9);
        Assert.True(both[7] > both[10], "the prior favours the smaller count");
    }

    /// <summary>Where an observed event may be, read off its observers' reports by the generator's own model of them:
    /// a UAV's point within its 70 m, one post's bearing and band kilometres long, two posts' crossing tighter, and an
    /// event of a kind that falls at the line kept near the line.</summary>
    [Fact]
    public void Observers_places_narrow_an_event_to_where_their_reports_cross()
    {
        var scenario = Scenario(104, ScenarioProfile.DefaultEventsPerDay);
        var (front, profile) = (scenario.Front, scenario.Profile);
        var posts = front.Posts.ToDictionary(p => p.Id);
        var byEvent = scenario.Reports.Where(r => !ProfileScenario.IsStatement(r)).ToLookup(r => r.TrueEvent);
        static bool From(LabelledReport r, string kind) => (string?)r.Body["source"]?["kind"] == kind && r.Body["perceptions"]?[0]?["kind"]?.GetValue<string>() != "crater";
        static (double X, double Y, double Sd) Spread(StatementCeiling.PlacePoint[] p)
        {
            var (x, y) = (p.Sum(q => q.W * q.X), p.Sum(q => q.W * q.Y));
            return (x, y, Math.Sqrt(p.Sum(q => q.W * ((q.X - x) * (q.X - x) + (q.Y - y) * (q.Y - y)))));
        }
        StatementCeiling.PlacePoint[] Posterior(SyntheticEvent e, IEnumerable<LabelledReport> seen) => StatementCeiling.PlacePosterior(e, seen, profile, front, posts);

        var flown = scenario.Events.First(e => byEvent[e.Id].Any(r => From(r, "drone")));
        var uav = Posterior(flown, byEvent[flown.Id].Where(r => From(r, "drone")));
        var (ux, uy, usd) = Spread(uav);
        Assert.Equal(1, uav.Sum(q => q.W), 9);
        Assert.True(Math.Sqrt((ux - flown.X) * (ux - flown.X) + (uy - flown.Y) * (uy - flown.Y)) < 0.3 && usd < 0.15, $"UAV: {ux - flown.X:F3}, {uy - flown.Y:F3} off, sd {usd:F3}");

        var crossed = scenario.Events.First(e => e.Kind.Placement == Placement.Shelling && byEvent[e.Id].Count(r => From(r, "observation-post")) >= 2);
        var seenByPosts = byEvent[crossed.Id].Where(r => From(r, "observation-post")).Take(2).ToList();
        var (one, two) = (Spread(Posterior(crossed, seenByPosts.Take(1))), Spread(Posterior(crossed, seenByPosts)));
        Assert.True(one.Sd > 1 && two.Sd < 0.8 * one.Sd && two.Sd < 1.5, $"one post sd {one.Sd:F2} km, two {two.Sd:F2}");
        Assert.True(Math.Sqrt((two.X - crossed.X) * (two.X - crossed.X) + (two.Y - crossed.Y) * (two.Y - crossed.Y)) < 3 * two.Sd + 0.5, $"two posts: {two} against the event at {crossed.X:F2}, {crossed.Y:F2}");

        var atTheLine = scenario.Events.First(e => e.Kind.Placement == Placement.AtTheLine && byEvent[e.Id].Count(r => From(r, "observation-post")) == 1);
        var line = Posterior(atTheLine, byEvent[atTheLine.Id].Where(r => From(r, "observation-post")));
        var near = line.Where(q => Math.Abs(q.X - front.LineX(q.Y)) < 1.5).Sum(q => q.W);
        Assert.True(near > 0.9, $"{near:F3} of the mass within 1.5 km of the line");
        // A drone strike lands 1–8 km behind the line: no point of its posterior lies elsewhere, where the post's band does.
        var deep = scenario.Events.First(e => e.Kind.Placement == Placement.Deep && byEvent[e.Id].Count(r => From(r, "observation-post")) == 1);
        Assert.All(Posterior(deep, byEvent[deep.Id].Where(r => From(r, "observation-post"))),
            q => Assert.InRange(Math.Abs(q.X - front.LineX(q.Y)), 1, 8));
        // Each point names, for each party, the village that party would name for an event there.
        Assert.All(line, q => Assert.Equal((front.NearestOn(SyntheticFront.PartyA, q.X, q.Y).Id, front.NearestOn(SyntheticFront.PartyB, q.X, q.Y).Id), (q.NearA, q.NearB)));
    }
}
