using System.Text.Json.Nodes;
using Truce.Incidents.Synthetic;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>A suggestion names an incident a report could also belong to. When that incident stops being itself (a
/// monitor merged it into another, a link took its last report, its reports were retracted), the suggestion follows: it
/// names the incident that now holds those reports, or goes; and the suggesting report's incident is sent again.</summary>
public class SuggestionFollowTests
{
    static readonly (double Lat, double Lon) Town = CoarseCases.Town;

    /// <summary>Two shellings 6 km apart, each seen twice, and a day-long statement of the town between them, logged
    /// after both, that joins neither and is suggested to both.</summary>
    static (Log Log, long Statement, long North, long South, long[] SouthReports) TwoShellingsAndAStatementBetween()
    {
        var log = new Log();
        var day = new DateTimeOffset(T0.Date, TimeSpan.Zero);
        var (north, south) = (Offset(Town, 3, 0), Offset(Town, -3, 0));
        var a1 = log.Add("report", "pk", Report("artillery", T0, 3, "patrol", "patrol-1", Offset(north, 0.2, 0)));
        var b1 = log.Add("report", "jmc", Report("mortar", T0.AddMinutes(1), 3, "fixed-camera", "cam-1", south, "exact"));
        log.Add("report", "jmc", Report("artillery", T0.AddMinutes(1), 3, "fixed-camera", "cam-2", north, "exact"));
        var b2 = log.Add("report", "pk", Report("mortar", T0, 3, "patrol", "patrol-2", Offset(south, -0.2, 0.1)));
        var statement = log.Add("report", "am", Report("artillery", day, 0, "party-statement", null, Town, "settlement", timePrecision: "day"));
        var c = log.Book.Correlator;
        var (n, s) = (c.Reports[a1].Incident, c.Reports[b1].Incident);
        Assert.Equal(s, c.Reports[b2].Incident);
        Assert.Equal([n, s], c.Reports[statement].Suggestions.Select(m => m.Incident).Order());
        return (log, statement, n, s, [b1, b2]);
    }

    /// <summary>Over two days of a dense held-out profile, where statement-only incidents empty into observed ones as
    /// observations explain them (each then an alias), every suggestion left names an incident a report could still go
    /// to: not an alias, not one with nothing that counts, not the report's own.</summary>
    [Fact]
    public void Every_suggestion_names_a_live_incident_other_than_the_reports_own()
    {
        var scenario = new ProfileGenerator(ScenarioProfile.Draw(101).Denser(10)).Generate(ProfileEvaluation.Start, TimeSpan.FromDays(2));
        var c = ProfileEvaluation.Correlate(scenario).Book.Correlator;
        var suggestions = c.Reports.Values.SelectMany(s => s.Suggestions.Select(m => (s, m))).ToList();
        Assert.True(suggestions.Count > 100, $"{suggestions.Count} suggestions are too few to say anything");
        Assert.True(c.Incidents.Values.Count(i => i.MergedInto is not null) > 10, $"{c.Incidents.Values.Count(i => i.MergedInto is not null)} aliases, {suggestions.Count} suggestions");
        Assert.All(suggestions, x =>
        {
            var named = c.Incidents[x.m.Incident];
            Assert.True(named.MergedInto is null && named.ActiveReports > 0, $"report {x.s.Report.Index} suggests I-{named.Id}, which is no longer itself");
            Assert.NotEqual(x.s.Incident, named.Id);
        });
    }

    [Fact]
    public void A_suggestion_of_an_incident_merged_away_names_the_incident_it_became_part_of()
    {
        var (log, statement, north, south, _) = TwoShellingsAndAStatementBetween();
        var c = log.Book.Correlator;
        var before = c.Reports[statement].Suggestions.ToDictionary(m => m.Incident);
        var merge = log.Add("incident.merge", "jmc", new JsonObject { ["into"] = north, ["from"] = south, ["reason"] = "one salvo walked south" });

        // One incident is left to suggest, at the higher share it was weighed with, led by what happened when that was south's.
        var only = Assert.Single(c.Reports[statement].Suggestions);
        Assert.Equal(north, only.Incident);
        Assert.Equal(Math.Max(before[north].Score, before[south].Score), only.Score);
        if (before[south].Score > before[north].Score)
        {
            Assert.Equal($"weighed as I-{south}, which has since become part of I-{north} (entry {merge})", only.Reasons[0]);
            Assert.Equal(before[south].Reasons, only.Reasons.Skip(1));
        }
        else
        {
            Assert.Equal(before[north].Reasons, only.Reasons);
        }
        Assert.Equal(merge, c.Find(c.Reports[statement].Incident)!.LastChanged); // the change feed sends it again
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void A_suggestion_of_an_incident_whose_reports_were_all_retracted_goes()
    {
        var (log, statement, north, _, south) = TwoShellingsAndAStatementBetween();
        var c = log.Book.Correlator;
        log.Add("report.retract", "jmc", new JsonObject { ["report"] = south[0], ["reason"] = "the camera's clock was a day out" });
        Assert.Equal(2, c.Reports[statement].Suggestions.Count); // the patrol's report still counts
        var last = log.Add("report.retract", "pk", new JsonObject { ["report"] = south[1], ["reason"] = "a training range" });
        Assert.Equal(north, Assert.Single(c.Reports[statement].Suggestions).Incident);
        Assert.Equal(last, c.Find(c.Reports[statement].Incident)!.LastChanged);

        // A retracted report counts for nothing wherever it sits: it is suggested nowhere.
        log.Add("report.retract", "am", new JsonObject { ["report"] = statement, ["reason"] = "withdrawn" });
        Assert.Empty(c.Reports[statement].Suggestions);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>A split that leaves an incident its retracted reports alone: nothing there counts, so it is suggested no
    /// more (the suggestion does not follow the reports split off: they are an incident of the monitor's making).</summary>
    [Fact]
    public void A_split_that_leaves_only_retracted_reports_takes_the_incidents_suggestions()
    {
        var (log, statement, north, south, reports) = TwoShellingsAndAStatementBetween();
        var c = log.Book.Correlator;
        log.Add("report.retract", "jmc", new JsonObject { ["report"] = reports[0], ["reason"] = "the camera's clock was a day out" });
        var split = log.Add("incident.split", "jmc", new JsonObject { ["incident"] = south, ["reports"] = new JsonArray(reports[1]), ["reason"] = "the patrol saw another salvo" });
        Assert.Equal(0, c.Incidents[south].ActiveReports);
        Assert.Equal(north, Assert.Single(c.Reports[statement].Suggestions).Incident);
        Assert.Equal(split, c.Find(c.Reports[statement].Incident)!.LastChanged);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>Two parties' statements grouped, one since retracted, and a third statement 10 km off suggested to the
    /// group. A patrol's report explains the statement that counts, which leaves for its incident: the group holds a
    /// retracted statement alone, and the third statement is suggested to it no more.</summary>
    [Fact]
    public void A_group_left_with_a_retracted_statement_alone_is_suggested_no_more()
    {
        var log = new Log();
        var (here, there, grouped) = CoarseCases.TwoStatementsGrouped(log);
        var c = log.Book.Correlator;
        var third = log.Add("report", "am", Report("artillery", CoarseCases.Day, 720, "party-statement", null, Offset(Town, 0, 10), "settlement", timePrecision: "part-of-day"));
        Assert.Equal(grouped, Assert.Single(c.Reports[third].Suggestions).Incident);
        log.Add("report.retract", "az", new JsonObject { ["report"] = here, ["reason"] = "withdrawn" });
        var seen = log.Add("report", "pk", Report("artillery", CoarseCases.Day.AddHours(6), 3, "patrol", "patrol-1", Town));
        Assert.Equal(c.Reports[seen].Incident, c.Reports[there].Incident);
        Assert.Equal([here], c.Incidents[grouped].Reports);
        Assert.Empty(c.Reports[third].Suggestions);
        Assert.Equal(seen, c.Incidents[c.Reports[third].Incident].LastChanged);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void A_link_that_takes_an_incidents_last_report_takes_its_suggestions_and_the_linked_report_keeps_none()
    {
        var (log, statement, north, _, south) = TwoShellingsAndAStatementBetween();
        var c = log.Book.Correlator;
        log.Add("incident.link", "jmc", new JsonObject { ["report"] = south[0], ["incident"] = north, ["reason"] = "the camera faced north" });
        Assert.Equal(2, c.Reports[statement].Suggestions.Count);
        var last = log.Add("incident.link", "jmc", new JsonObject { ["report"] = south[1], ["incident"] = north, ["reason"] = "so did the patrol" });
        Assert.Equal(north, Assert.Single(c.Reports[statement].Suggestions).Incident);
        Assert.Equal(last, c.Find(c.Reports[statement].Incident)!.LastChanged);

        // A report a monitor placed shows no suggestions: the monitor weighed where else it could go, and re-correlation,
        // which puts it back unscored, would show none either.
        log.Add("incident.link", "jmc", new JsonObject { ["report"] = statement, ["incident"] = north, ["reason"] = "the statement's shelling" });
        Assert.Empty(c.Reports[statement].Suggestions);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }
}
