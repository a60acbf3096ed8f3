using System.Text.Json.Nodes;
using Truce.Incidents.Correlation;
using Truce.Incidents.Reports;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Counts as evidence (issue 17): a statement's figure, however inflated, tells a salvo from a single round,
/// and correlation weighs it with the place, the time and the type.</summary>
public class CountEvidenceTests
{
    static readonly (double Lat, double Lon) Town = (39.90, 46.80);

    static JsonObject Counted(JsonObject body, JsonNode count)
    {
        body["counts"] = new JsonObject { ["explosions"] = count };
        return body;
    }

    /// <summary>Two shellings the same morning, a kilometre either side of the town a party names: one of three rounds,
    /// one of forty. The party says 35 (the party struck inflates); without a figure it could be either. A party that
    /// counts the bursts of the small arms too ("60 bursts and 35 explosions") is weighed by the explosions, the first
    /// thing it counts that the shellings' incidents count.</summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void A_statement_goes_to_the_shelling_whose_count_it_gives(bool counted, bool bursts)
    {
        var log = new Log();
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        var east = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 1, 0);
        var west = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, -1, 0);
        var few = log.Add("report", "jmc", Counted(Report("mortar", morning.AddHours(1), 5, "patrol", "patrol-1", east, "exact"), 3));
        var many = log.Add("report", "jmc", Counted(Report("mortar", morning.AddHours(2), 5, "patrol", "patrol-2", west, "exact"), 40));
        var statement = Report("mortar", morning, 0, "party-statement", null, Town, "settlement", timePrecision: "part-of-day");
        if (counted)
        {
            Counted(statement, 35);
        }
        if (bursts)
        {
            statement["counts"]!["bursts"] = 60;
        }
        var said = log.Add("report", "az", statement);
        var c = log.Book.Correlator;
        var (fewIncident, manyIncident) = (c.Reports[few].Incident, c.Reports[many].Incident);
        Assert.NotEqual(fewIncident, manyIncident);
        var s = c.Reports[said];
        if (!counted)
        {
            Assert.NotEqual(manyIncident, s.Incident);
            Assert.NotEqual(fewIncident, s.Incident);
            return;
        }
        Assert.Equal(manyIncident, s.Incident);
        Assert.Equal(Math.Log(40), c.Incidents[manyIncident].Counts.Find("explosions")!.Value.Mean, 9); // the statement's 35 shaped nothing
        Assert.Contains("counts agree (35 against 40 explosions)", s.JoinedBy!.Reasons);
        var rival = c.Candidates(s.Report, explainFrom: 0).Single(m => m.Incident == fewIncident);
        Assert.StartsWith("decided by count (35 against 3 explosions)", rival.Decided);
        Assert.Contains(rival.Reasons, r => r.StartsWith("counts differ (35 against 3 explosions: ×", StringComparison.Ordinal));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>A patrol counts the bursts and the explosions of mixed fire: both are fused into its incident. A statement
    /// counting only explosions attaches to it, weighed and taught by the explosions; when the patrol's report is
    /// retracted, its counts leave the incident.</summary>
    [Fact]
    public void Every_count_of_an_observation_is_fused_and_a_statement_meets_the_one_it_shares()
    {
        var log = new Log();
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        var body = Counted(Report("mortar", morning.AddHours(1), 5, "patrol", "patrol-1", Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 1, 0), "exact"), 40);
        body["counts"]!["bursts"] = 60;
        var seen = log.Add("report", "jmc", body);
        var c = log.Book.Correlator;
        var incident = c.Incidents[c.Reports[seen].Incident];
        Assert.Equal(Math.Log(40), incident.Counts.Find("explosions")!.Value.Mean, 9);
        Assert.Equal(Math.Log(60), incident.Counts.Find("bursts")!.Value.Mean, 9);
        var said = log.Add("report", "az", Counted(Report("mortar", morning, 0, "party-statement", null, Town, "settlement", timePrecision: "part-of-day"), 35));
        var s = c.Reports[said];
        Assert.Equal(incident.Id, s.Incident);
        Assert.Contains("counts agree (35 against 40 explosions)", s.JoinedBy!.Reasons);
        Assert.Equal(Math.Log(35) - Math.Log(40), s.HabitsTaught.CountApart!.Value, 9);
        log.Add("report.retract", "jmc", new JsonObject { ["report"] = seen, ["reason"] = "wrong day" });
        // Only the statement is left, and with no observation its own figure is the incident's.
        Assert.Equal(Math.Log(35), incident.Counts.Find("explosions")!.Value.Mean, 9);
        Assert.Null(incident.Counts.Find("bursts"));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>Two patrols count one shelling; one report is retracted: its figure leaves the incident, and what the
    /// book learnt of how events differ is as if it had never been logged, on replay and after re-correlation alike.</summary>
    [Fact]
    public void A_retracted_report_takes_its_figure_back()
    {
        var log = new Log();
        var spot = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 1, 0);
        var first = log.Add("report", "jmc", Counted(Report("mortar", T0, 5, "patrol", "patrol-1", spot, "exact"), 10));
        var wrong = log.Add("report", "jmc", Counted(Report("mortar", T0, 5, "patrol", "patrol-2", spot, "exact"), 400));
        var c = log.Book.Correlator;
        var incident = c.Incidents[c.Reports[first].Incident];
        Assert.Equal(incident.Id, c.Reports[wrong].Incident);
        Assert.Equal("about 64", incident.Counts.Find("explosions")!.Value.Said); // both figures fused, on a log scale
        var without = new Log();
        without.Add("report", "jmc", Counted(Report("mortar", T0, 5, "patrol", "patrol-1", spot, "exact"), 10));

        log.Add("report.retract", "jmc", new JsonObject { ["report"] = wrong, ["reason"] = "400 was a typo" });
        Assert.Equal(Math.Log(10), incident.Counts.Find("explosions")!.Value.Mean, 9);
        Assert.Equal("10", incident.Counts.Find("explosions")!.Value.Said); // one report's figure, as it gave it
        Assert.Equal(without.Book.Correlator.CountSpreadVariance, c.CountSpreadVariance, 9);
        Assert.Equal(c.CountSpreadVariance, log.Replay().Correlator.CountSpreadVariance, 12);
        log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "after the retraction" });
        Assert.Equal(without.Book.Correlator.CountSpreadVariance, log.Book.Correlator.CountSpreadVariance, 9);
    }

    [Theory]
    [InlineData(0.01, null, 0.02)]
    [InlineData(1e-200, 1e-200, 1e-200)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(0, null, 1e6)]
    public void Figures_under_one_or_far_apart_never_make_the_odds_infinite_or_undefined(double low, double? best, double high)
    {
        var estimate = new JsonObject { ["low"] = low, ["high"] = high };
        if (best is { } b)
        {
            estimate["best"] = b;
        }
        var count = CountEvidence.Of(Parse(Counted(Report("mortar", T0, 0, "party-statement", null, Town, "settlement"), estimate)));
        if (high < 1)
        {
            Assert.Null(count); // a figure under one says nothing of how many
            return;
        }
        var c = count!.Value;
        Assert.True(double.IsFinite(c.Mean) && double.IsFinite(c.Variance) && c.Variance > 0, $"{c}");
        foreach (var other in new[] { 1.0, 1e6 })
        {
            var f = CountEvidence.Factor(c, new LogCount("explosions", Math.Log(other), 0.11), coarse: true, events: 1);
            Assert.True(double.IsFinite(f.Factor) && f.Factor > 0 && double.IsFinite(f.OfPerfect), $"{f}");
        }
    }

    /// <summary>A count's name goes into correlation's reasons, so it is a word: a long text is refused, naming it.</summary>
    [Fact]
    public void A_counts_name_is_a_word_not_a_text()
    {
        var log = new Log();
        var body = Report("mortar", T0, 5, "patrol", "p", Town, "exact");
        body["counts"] = new JsonObject { [new string('x', 41)] = 3 };
        var bad = Assert.Throws<Core.Entries.ValidationException>(() => log.Add("report", "jmc", body));
        Assert.Equal($"body.counts.{new string('x', 40)}…", bad.Field);
        Assert.Empty(log.Book.Correlator.Reports); // refused, nothing stored
        body["counts"] = new JsonObject { [new string('x', 40)] = 3 };
        log.Add("report", "jmc", body);
    }

    [Fact]
    public void A_report_is_read_on_a_log_scale_from_its_best_or_the_middle_of_its_range()
    {
        var body = Report("mortar", T0, 5, "patrol", "p", Town, "exact");
        Assert.Null(CountEvidence.Of(Parse(body)));
        var best = CountEvidence.Of(Parse(Counted(body, new JsonObject { ["low"] = 5, ["best"] = 8, ["high"] = 20 })))!.Value;
        Assert.Equal(("explosions", Math.Log(8)), (best.Key, best.Mean));
        var range = CountEvidence.Of(Parse(Counted(body, new JsonObject { ["low"] = 10, ["high"] = 40 })))!.Value;
        Assert.Equal(Math.Log(20), range.Mean, 9);
        var plain = CountEvidence.Of(Parse(Counted(body, 20)))!.Value;
        Assert.True(range.Variance > plain.Variance, "a range of 10 to 40 is less sure than a plain 20");
        var statement = CountEvidence.Of(Parse(Counted(Report("mortar", T0, 0, "party-statement", null, Town, "settlement"), 8)))!.Value;
        var patrol = CountEvidence.Of(Parse(Counted(body, 8)))!.Value;
        Assert.True(statement.Variance > 3 * patrol.Variance, "a party's figure is far less sure than a patrol's");
    }

    [Fact]
    public void Agreeing_counts_favour_a_statements_incident_and_counts_far_apart_weigh_against_any()
    {
        var statement = new LogCount("explosions", Math.Log(10), 0.5);
        LogCount Incident(double n) => new("explosions", Math.Log(n), 0.1);
        Assert.True(CountEvidence.Factor(statement, Incident(10), coarse: true, events: 1).Factor > 1.5);
        // An observation is only ever held back by its count, never pushed in: agreeing counts leave its odds alone.
        Assert.Equal(1, CountEvidence.Factor(statement with { Variance = 0.1 }, Incident(10), coarse: false, events: 1).Factor, 9);
        var far = CountEvidence.Factor(statement, Incident(300), coarse: true, events: 1);
        Assert.InRange(far.Factor, 0.05, 0.1); // never below the one-in-twenty figure that is simply wrong
        // Where events hardly differ in their counts, counts tell nothing either way.
        Assert.InRange(CountEvidence.Factor(statement, Incident(10), coarse: true, events: 0.04).Factor, 1, 1.1);
    }

    [Fact]
    public void How_much_events_differ_is_learnt_from_the_observations_counts()
    {
        var alike = new CountSpread();
        var apart = new CountSpread();
        var rng = new Random(3);
        for (var k = 0; k < 400; k++)
        {
            alike.Note(new LogCount("explosions", Math.Log(2 + rng.Next(4)), 0.11));
            apart.Note(new LogCount("explosions", 6 * rng.NextDouble(), 0.11)); // from 1 to 400, evenly on a log scale
        }
        Assert.Equal(1, new CountSpread().Variance); // nothing learnt yet: σ 1
        Assert.True(alike.Variance < 0.15, $"counts of 2 to 5: {alike.Variance:F3}");
        Assert.True(apart.Variance > 1, $"counts of 1 to 400: {apart.Variance:F3}");
    }

    static Report Parse(JsonObject body)
    {
        var log = new Log();
        return log.Book.Correlator.Reports[log.Add("report", "jmc", body)].Report;
    }
}
