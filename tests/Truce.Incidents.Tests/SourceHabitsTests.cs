using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Xunit;
using Truce.Incidents.Correlation;
using Truce.Incidents.Reports;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>How coarse sources speak of what observers saw (issue 17): the types they name and the figures they give,
/// learnt from attachments, weighed against observed incidents, said in the reasons, taken back on retraction.</summary>
public class SourceHabitsTests
{
    static readonly (double Lat, double Lon) Town = (39.90, 46.80);

    [Fact]
    public void Until_a_kind_has_attachments_the_taxonomys_compatibility_stands()
    {
        var n = new SourceHabits();
        Assert.Equal(0.7, n.Factor("party-statement", "artillery", "mortar", 0.7));
        n.Add(new("party-statement", "mortar", "mortar"));
        Assert.Equal(0.7, n.Factor("media", "artillery", "mortar", 0.7)); // another kind learnt nothing
        Assert.Equal(0.7, n.Factor("party-statement", "mortar", "artillery", 0.7)); // nor of artillery
        Assert.Equal(1, n.Factor("party-statement", "mortar", "mortar", 1));
        Assert.Equal(0, n.Factor("party-statement", "sniper", "mortar", 0)); // the taxonomy's refusals stand
    }

    [Fact]
    public void A_factor_is_how_often_the_other_type_was_said_against_the_observed_one()
    {
        var n = new SourceHabits();
        for (var k = 0; k < 6; k++)
        {
            n.Add(new("party-statement", "mortar", "mortar"));
        }
        for (var k = 0; k < 3; k++)
        {
            n.Add(new("party-statement", "mortar", "artillery"));
        }
        var w = SourceHabits.TypePriorWeight;
        Assert.Equal((3 + w * 0.7) / (6 + w), n.Factor("party-statement", "artillery", "mortar", 0.7), 12);
        Assert.Equal(w * 0.7 / (6 + w), n.Factor("party-statement", "grenade-launcher", "mortar", 0.7), 12);
        for (var k = 0; k < 20; k++)
        {
            n.Add(new("party-statement", "mortar", "artillery"));
        }
        Assert.Equal(1, n.Factor("party-statement", "artillery", "mortar", 0.7)); // never above an exact match
    }

    /// <summary>Whatever was taught, taking it all back, in any order, leaves the fixed model: the taxonomy's
    /// compatibility, and a figure read as given (a retraction, a move).</summary>
    [Property(MaxTest = 200)]
    public bool Taking_back_every_attachment_restores_the_prior(byte[] said, byte[] seen, bool reverse)
    {
        string[] types = ["mortar", "artillery", "grenade-launcher", "tank"];
        var n = new SourceHabits();
        var taught = said.Zip(seen, (a, b) => new SourceHabits.Taught("party-statement", types[b % 4], types[a % 4], a % 3 == 0 ? null : (a - b) / 50.0,
            b % 5 == 0 ? null : (a - 20) / 3.0)).ToList();
        taught.ForEach(t => n.Add(t));
        (reverse ? Enumerable.Reverse(taught) : taught).ToList().ForEach(t => n.Add(t, -1));
        var report = new LogCount("explosions", 2.5, 0.5);
        return types.All(a => types.All(b => a == b || n.Factor("party-statement", a, b, 0.7) == 0.7))
            && n.Stated("party-statement", report, new LogCount("explosions", 2, 0.1), 0.04) == report
            && !n.TypeRows().Any() && !n.CountRows().Any() && !n.LagRows().Any() && n.LagFactor("party-statement", 3, 0, 24) == 1
            && Relearnt(n);
    }

    /// <summary>A book that took everything back learns one lesson as a fresh book does: no bin kept a remainder.</summary>
    static bool Relearnt(SourceHabits n)
    {
        var (fresh, lesson) = (new SourceHabits(), new SourceHabits.Taught("party-statement", "mortar", "mortar", LagHours: 5.5));
        fresh.Add(lesson);
        n.Add(lesson);
        return Enumerable.Range(-3, 60).All(h => fresh.LagFactor("party-statement", h, -4, 56) == n.LagFactor("party-statement", h, -4, 56))
            && fresh.LagRows().Single().Bins.SequenceEqual(n.LagRows().Single().Bins);
    }

    /// <summary>Whatever lags were learnt (some before their incident ended, some past the last bin), a window's lag
    /// factor averages 1 across it, its ends anywhere within an hour: the window as a whole weighs as before, so the
    /// learnt lags move odds within it and not against "an event nobody observed". The factor is constant within each
    /// hour (and below 0, and from the last bin on), so it is integrated exactly piece by piece.</summary>
    [Property(MaxTest = 300)]
    public bool A_windows_lag_factors_average_one(byte[] lags, byte from, byte length, byte fraction)
    {
        var n = new SourceHabits();
        foreach (var lag in lags)
        {
            n.Add(new("party-statement", "mortar", "mortar", LagHours: lag / 4.0 - 5));
        }
        var a = from % 70 - 8 + fraction % 16 / 16.0;
        var b = a + 0.05 + length % 40 + fraction / 16 / 16.0;
        var cuts = Enumerable.Range(-10, 130).Select(h => (double)h).Where(h => h > a && h < b).Prepend(a).Append(b).ToList();
        var integral = cuts.Zip(cuts.Skip(1), (x, y) => (y - x) * n.LagFactor("party-statement", (x + y) / 2, a, b)).Sum();
        return Math.Abs(integral / (b - a) - 1) < 1e-9;
    }

    /// <summary>On a dense profile (swaps, regroups, re-attachments, same-bulletin statements): what the book has learnt
    /// is exactly what its reports' current attachments teach, and only coarse reports in observed incidents teach.</summary>
    [Fact]
    public void What_the_book_learnt_is_what_its_current_attachments_teach()
    {
        var scenario = new Synthetic.ProfileGenerator(Synthetic.ScenarioProfile.Draw(101).Denser(10)).Generate(Synthetic.ProfileEvaluation.Start, TimeSpan.FromDays(2));
        var c = Synthetic.ProfileEvaluation.Correlate(scenario).Book.Correlator;
        var again = new SourceHabits();
        var teaching = c.Reports.Values.Where(s => s.HabitsTaught.Kind is not null).ToList();
        Assert.True(teaching.Count > 100, $"{teaching.Count}");
        foreach (var s in teaching)
        {
            Assert.True(s.Report.SourceKind == s.HabitsTaught.Kind && !s.Pinned && !s.Retracted && s.Seen.Coarse, $"report {s.Report.Index}");
            Assert.True(c.Incidents[s.Incident].Observed, $"report {s.Report.Index} teaches from I-{s.Incident}, which no observation anchors");
            again.Add(s.HabitsTaught);
        }
        Assert.Equal(again.TypeRows(), c.Habits.TypeRows());
        var (live, summed) = (c.Habits.CountRows().ToList(), again.CountRows().ToList());
        Assert.Equal(summed.Select(x => (x.Kind, x.Reports)), live.Select(x => (x.Kind, x.Reports)));
        Assert.All(live.Zip(summed), p => Assert.Equal(p.Second.Sum, p.First.Sum, 9));
    }

    /// <summary>A statement attached to an incident whose only observation is then retracted: what it taught was taught
    /// against an observation the book no longer holds, and goes with it.</summary>
    [Fact]
    public void A_lesson_goes_when_the_observation_it_was_taught_against_is_retracted()
    {
        var (log, statements) = Book(said: "artillery", 1, figure: 10);
        var c = log.Book.Correlator;
        Assert.NotEmpty(c.Habits.TypeRows());
        var post = c.Incidents[c.Reports[statements[0]].Incident].Reports.Single(i => !c.Reports[i].Seen.Coarse);
        log.Add("report.retract", "jmc", new JsonObject { ["report"] = post, ["reason"] = "wrong day" });
        Assert.False(c.Incidents[c.Reports[statements[0]].Incident].Observed);
        Assert.Empty(c.Habits.TypeRows());
        Assert.Empty(c.Habits.CountRows());
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>Two books alike but for how the party named four days of mortar fire the post saw: as mortar, or as
    /// artillery. A fifth day's "artillery" weighs against that day's mortar incident by exactly what each book learnt,
    /// and its reasons say so; retracting what taught the second book takes the lesson back.</summary>
    [Fact]
    public void A_statement_naming_the_heavier_weapon_weighs_by_what_the_book_learnt_of_its_kind()
    {
        const int Days = 4;
        var (plain, plainTaught) = Book(said: "mortar", Days);
        var (escalating, escalatingTaught) = Book(said: "artillery", Days);
        var probe = Probe(Days);
        var a = Only(plain.Book.Correlator.Candidates(probe));
        var b = Only(escalating.Book.Correlator.Candidates(probe));
        var w = SourceHabits.TypePriorWeight;
        // Book one: never said artillery of mortar fire; book two: always did (capped at an exact match's 1).
        Assert.Equal(w * 0.7 / (Days + w), a.Odds / b.Odds, 9);
        Assert.Contains(a.Reasons, r => r == $"artillery and mortar are of one family (indirect-fire); party-statement reports in this book have called mortar (as observed) artillery ×{w * 0.7 / (Days + w):0.0##} as often as mortar (learnt, the taxonomy's ×0.7 counting as three reports)");
        Assert.Contains(b.Reasons, r => r == "artillery and mortar are of one family (indirect-fire); party-statement reports in this book have called mortar (as observed) artillery at least as often as mortar, so it weighs as the same type");
        Assert.Equal(escalating.Book.Digest(), escalating.Replay().Digest());

        foreach (var idx in escalatingTaught)
        {
            escalating.Add("report.retract", "az", new JsonObject { ["report"] = idx, ["reason"] = "withdrawn" });
        }
        foreach (var idx in plainTaught)
        {
            plain.Add("report.retract", "az", new JsonObject { ["report"] = idx, ["reason"] = "withdrawn" });
        }
        var (a2, b2) = (Only(plain.Book.Correlator.Candidates(probe)), Only(escalating.Book.Correlator.Candidates(probe)));
        Assert.Equal(1, a2.Odds / b2.Odds, 9);
        Assert.Contains(b2.Reasons, r => r == "artillery and mortar are of one family (indirect-fire)");
    }

    [Fact]
    public void A_kinds_figures_are_read_less_its_lean_and_as_spread_as_they_were()
    {
        var h = new SourceHabits();
        var (report, incident) = (new LogCount("explosions", Math.Log(20), 0.5), new LogCount("explosions", Math.Log(10), 0.01));
        Assert.Equal(report, h.Stated("party-statement", report, incident, 0.04)); // nothing learnt: as given
        Assert.Null(h.CountLean("party-statement"));
        double[] apart = [0.5, 0.7, 0.6, 0.8];
        foreach (var d in apart)
        {
            h.Add(new("party-statement", "mortar", "mortar", d));
        }
        var w = SourceHabits.CountPriorWeight;
        var lean = apart.Sum() / (apart.Length + w);
        Assert.Equal((lean, 4.0), h.CountLean("party-statement"));
        Assert.Null(h.CountLean("media"));
        var read = h.Stated("party-statement", report, incident, 0.04);
        var scatter = apart.Sum(d => (d - lean) * (d - lean));
        Assert.Equal(report.Mean - lean, read.Mean, 12);
        Assert.Equal((w * (0.5 + 0.04) + scatter) / (apart.Length + w) - 0.04, read.Variance, 12);
        foreach (var d in apart)
        {
            h.Add(new("party-statement", "mortar", "mortar", d), -1);
        }
        Assert.Equal(report, h.Stated("party-statement", report, incident, 0.04));
    }

    /// <summary>Two books alike but for the figures the party gave of four days of shelling the post counted as 10: 10,
    /// or 20. A fifth day's "20" fits that day's incident better in the book whose party ran high, whose reasons say by
    /// how much its figures run; taking back what taught both books leaves them alike.</summary>
    [Fact]
    public void A_partys_figure_is_read_by_how_its_figures_have_run_against_the_observers()
    {
        const int Days = 4;
        var (agreeing, agreeingTaught) = Book(said: "mortar", Days, figure: 10);
        var (high, highTaught) = Book(said: "mortar", Days, figure: 20);
        var probe = Probe(Days, "mortar", 20);
        var (a, b) = (Only(agreeing.Book.Correlator.Candidates(probe)), Only(high.Book.Correlator.Candidates(probe)));
        // Exactly what each book's habit makes of the figure, all else being equal.
        double Expected(Log log, double apart)
        {
            var h = new SourceHabits();
            for (var k = 0; k < Days; k++)
            {
                h.Add(new("party-statement", "mortar", "mortar", apart));
            }
            var c = log.Book.Correlator;
            var theirs = c.Incidents[a.Incident].Counts.Find("explosions")!.Value;
            var mine = h.Stated("party-statement", CountEvidence.Of(probe)!.Value, theirs, CountEvidence.FloorVariance);
            return CountEvidence.Factor(mine, theirs, coarse: true, c.CountSpreadVariance).Factor;
        }
        Assert.Equal(a.Incident, b.Incident);
        Assert.Equal(Expected(high, Math.Log(2)) / Expected(agreeing, 0), b.Odds / a.Odds, 9);
        Assert.True(b.Odds > 1.1 * a.Odds, $"{b.Odds} against {a.Odds}");
        var lean = Math.Exp(Days * Math.Log(2) / (Days + SourceHabits.CountPriorWeight));
        Assert.Contains(b.Reasons, r => r.EndsWith($"; party-statement figures in this book run ×{lean:0.0##} of the observers' (4 attached), and are read so", StringComparison.Ordinal));
        Assert.Equal(high.Book.Digest(), high.Replay().Digest());
        foreach (var (log, taught) in new[] { (agreeing, agreeingTaught), (high, highTaught) })
        {
            foreach (var idx in taught)
            {
                log.Add("report.retract", "az", new JsonObject { ["report"] = idx, ["reason"] = "withdrawn" });
            }
        }
        var (a2, b2) = (Only(agreeing.Book.Correlator.Candidates(probe)), Only(high.Book.Correlator.Candidates(probe)));
        Assert.Equal(1, a2.Odds / b2.Odds, 9);
        Assert.DoesNotContain(b2.Reasons, r => r.Contains("figures in this book run", StringComparison.Ordinal));
    }

    /// <summary>The party's 11:00 statements spoke of the post's 08:00 fire four days running, three hours after it. A
    /// fifth day's "on that day", signed at 11:00, fits the post's 08:00 incident better than its 00:30 one by exactly
    /// what the four lags taught, and says so; taking the lessons back weighs both alike again.</summary>
    [Fact]
    public void A_statement_weighs_an_incident_by_how_long_after_events_its_kind_signs()
    {
        const int Days = 4;
        var (log, taught) = Book(said: "mortar", Days);
        var c = log.Book.Correlator;
        var shelling = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 0, 1);
        log.Add("report", "jmc", Report("mortar", Day(Days).AddMinutes(30), 3, "observation-post", "OP-1", shelling, "near", 300), Day(Days).AddHours(9.5));
        var probe = ReportParser.Parse(9999, Env("report", "az", Day(Days).AddHours(11)),
            Json(Report("mortar", Day(Days), 0, "party-statement", null, Town, "settlement", timePrecision: "day")), Taxonomy.Taxonomy.Default());
        (Match Morning, Match Night) Pair()
        {
            // The day before's incident is in reach too (a day's tolerance), far outside the window.
            var m = c.Candidates(probe).Where(x => c.Incidents[x.Incident].Start >= Day(Days)).ToList();
            return (m.Single(x => c.Incidents[x.Incident].Start.Hour == 8), m.Single(x => c.Incidents[x.Incident].Start.Hour == 0));
        }
        var (morning, night) = Pair();
        // Four lessons signed 2.95 h after their incidents, spread 1, 2, 3, 2, 1 about hour 2; every bin holds the prior.
        var prior = SourceHabits.LagPriorWeight * 9 / SourceHabits.LagBins;
        Assert.Equal((3 * Days + prior) / prior, morning.Odds / night.Odds, 9);
        // The window runs from midnight to the signing at 11:00, widened by a day-precision report's tolerance, 6 h, each
        // side: lags −6 to 17 h, the six below 0 reading the first bin (only the prior: no lesson was signed early),
        // those from 0 holding all 36 lessons' weight.
        var factor = (3 * Days + prior) / ((9 * Days + 23 * prior) / 23);
        Assert.Contains(morning.Reasons, r => r.EndsWith($"; signed 3.0 h after the incident ended, and half of the party-statement reports attached in this book (4) within 2.5 h of theirs: ×{factor:0.0##} of the window read evenly", StringComparison.Ordinal));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
        Assert.Equal(c.Habits.LagRows().Single().Bins, log.Replay().Correlator.Habits.LagRows().Single().Bins);
        // Fire the post saw from 11:30, after the statement was signed, is weighed as the first bin reads it, and said so.
        log.Add("report", "jmc", Report("mortar", Day(Days).AddHours(11.5), 3, "observation-post", "OP-1", shelling, "near", 300), Day(Days).AddHours(12));
        var late = c.Candidates(probe).Single(x => c.Incidents[x.Incident].Start == Day(Days).AddHours(11.5));
        Assert.Contains(late.Reasons, r => r.Contains("; signed 0.6 h before the incident ended, and half of", StringComparison.Ordinal));
        // An incident that ended after the report was signed reads the first bin: as likely as any lag before learning.
        Assert.Equal(prior / ((9 * Days + 23 * prior) / 23), c.Habits.LagFactor("party-statement", -2, -6, 17), 12);
        foreach (var idx in taught)
        {
            log.Add("report.retract", "az", new JsonObject { ["report"] = idx, ["reason"] = "withdrawn" });
        }
        (morning, night) = Pair();
        Assert.Equal(1, morning.Odds / night.Odds, 9);
        Assert.DoesNotContain(morning.Reasons, r => r.Contains("signed", StringComparison.Ordinal));
    }

    static Match Only(List<Match> m) => Assert.Single(m);

    static DateTimeOffset Day(int k) => new DateTimeOffset(T0.Date, TimeSpan.Zero).AddDays(k);

    /// <summary>Days 0..days-1: a post sees mortar fire a kilometre from the town at 08:00, and the party's morning
    /// statement names the town and <paramref name="said"/>; then day <paramref name="days"/>'s post report.</summary>
    static (Log Log, List<long> Statements) Book(string said, int days, int? figure = null)
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var shelling = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 0, 1);
        var statements = new List<long>();
        for (var k = 0; k <= days; k++)
        {
            var op = log.Add("report", "jmc", Counted(Report("mortar", Day(k).AddHours(8), 3, "observation-post", "OP-1", shelling, "near", 300), figure is null ? null : 10), Day(k).AddHours(9));
            if (k == days)
            {
                break;
            }
            var s = log.Add("report", "az", Counted(Statement(said, k), figure), Day(k).AddHours(11));
            Assert.Equal(c.Reports[op].Incident, c.Reports[s].Incident);
            statements.Add(s);
        }
        return (log, statements);
    }

    static JsonObject Counted(JsonObject body, int? explosions)
    {
        if (explosions is { } n)
        {
            body["counts"] = new JsonObject { ["explosions"] = n };
        }
        return body;
    }

    static JsonObject Statement(string type, int day) =>
        Report(type, Day(day).AddHours(6), 0, "party-statement", null, Town, "settlement", timePrecision: "part-of-day");

    static Report Probe(int day, string type = "artillery", int? figure = null) =>
        ReportParser.Parse(9999, Env("report", "az", Day(day).AddHours(11)), Json(Counted(Statement(type, day), figure)), Taxonomy.Taxonomy.Default());
}
