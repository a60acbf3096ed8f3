using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Once a monitor has taken an incident up (under review, or an outcome), correlation no longer takes reports
/// out of it on its own: a statement an observation now explains is suggested there instead of re-attached, and a
/// report of the same source that fits better is kept apart instead of displacing the one the monitor is weighing.
/// The same cases without the assessment are in CoarseReportTests and RegroupTests, where the reports move.</summary>
public class AssessedIncidentTests
{
    static readonly (double Lat, double Lon) Town = CoarseCases.Town;

    [Fact]
    public void A_statement_in_an_assessed_group_is_suggested_to_the_observation_that_explains_it_not_moved()
    {
        var log = new Log();
        var day = CoarseCases.Day;
        var (here, there, grouped) = CoarseCases.TwoStatementsGrouped(log);
        var c = log.Book.Correlator;
        log.Add("incident.status", "jmc", Status(grouped, "under-review"));
        var seen = log.Add("report", "pk", Report("artillery", day.AddHours(6), 3, "patrol", "patrol-1", Offset(Town, 0, 6)));
        var observed = c.Reports[seen].Incident;
        Assert.Equal(grouped, c.Reports[there].Incident);
        Assert.Equal([here, there], c.Incidents[grouped].Reports);
        var suggested = c.Reports[there].Suggestions[0];
        Assert.Equal(observed, suggested.Incident);
        Assert.True(suggested.Score >= c.Settings.Attach, $"{suggested.Score}");
        Assert.StartsWith($"would attach to observed incident I-{observed}, which now explains it", suggested.Reasons[0], StringComparison.Ordinal);
        Assert.EndsWith($"but I-{grouped} stays as it is: a monitor has assessed it (under-review)", suggested.Reasons[0], StringComparison.Ordinal);
        Assert.DoesNotContain(c.Incidents[grouped].History, h => h.What.Contains("re-attached", StringComparison.Ordinal));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());

        // A later observation closer to the village named shares the posterior with the first: the suggestions are
        // weighed again from both (neither now reaches attach), not the old note kept at its old share.
        var closer = log.Add("report", "jmc", Report("artillery", day.AddHours(8), 3, "fixed-camera", "cam-1", Offset(Town, 0.3, 4), "exact"));
        var better = c.Reports[closer].Incident;
        Assert.NotEqual(observed, better);
        var renewed = c.Reports[there].Suggestions;
        Assert.Equal(better, renewed[0].Incident);
        Assert.True(renewed.Single(m => m.Incident == observed).Score < suggested.Score, "the first observation's share is weighed again");
        Assert.DoesNotContain(renewed, m => m.Reasons[0].StartsWith("would attach", StringComparison.Ordinal) && m.Score < c.Settings.Attach);
        Assert.InRange(renewed.Where(m => c.Incidents[m.Incident].Observed).Sum(m => m.Score), 0, 1);
        Assert.Equal(grouped, c.Reports[there].Incident);

        // Re-correlation, which a monitor asks for, keeps the assessed group as it is too, with its status.
        log.Add("incident.recorrelate", "mission", new System.Text.Json.Nodes.JsonObject { ["reason"] = "settings reviewed" });
        var fresh = log.Book.Correlator;
        Assert.Equal([here, there], fresh.Incidents[grouped].Reports);
        Assert.Equal("under-review", fresh.Incidents[grouped].Status);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void A_better_fitting_report_of_the_same_source_does_not_displace_one_in_an_assessed_incident()
    {
        var log = new Log();
        var (_, wrong, first) = CoarseCases.WrongJoin(log);
        var c = log.Book.Correlator;
        log.Add("incident.status", "jmc", Status(first, "under-review"));
        log.Add("incident.status", "jmc", Status(first, "verified"));
        var right = log.Add("report", "pk", Report("mortar", T0.AddMinutes(1), 4, "patrol", "patrol-1", Town));
        Assert.Equal(first, c.Reports[wrong].Incident);
        Assert.NotEqual(first, c.Reports[right].Incident);
        Assert.Contains(c.Incidents[c.Reports[right].Incident].History, h => h.Reason == $"kept apart: the same source (pk/patrol/patrol-1) reported it in report {wrong}, which is in an incident a monitor has assessed (verified)");
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void A_bulletins_better_fitting_statement_does_not_displace_one_in_an_assessed_incident()
    {
        var log = new Log();
        var (n, _, vague) = CoarseCases.BulletinOfTwoShellings(log);
        var c = log.Book.Correlator;
        var northern = c.Reports[n].Incident;
        log.Add("incident.status", "jmc", Status(northern, "under-review"));
        var precise = log.Add("report", "az", CoarseCases.PreciseStatementOfTheNorth());
        Assert.Equal(northern, c.Reports[vague].Incident);
        Assert.NotEqual(northern, c.Reports[precise].Incident);
        Assert.StartsWith($"kept apart: report {vague} of the same source (az/party-statement/bulletin-1) is in I-{northern}, which a monitor has assessed (under-review)",
            c.Incidents[c.Reports[precise].Incident].History[0].Reason, StringComparison.Ordinal);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }
}
