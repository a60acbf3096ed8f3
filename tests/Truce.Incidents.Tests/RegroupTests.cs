using System.Text.Json.Nodes;
using Truce.Spatial;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Regrouping (issue 17): in a burst of events the first report of one meets its neighbour's incident with only
/// "a new event" against it and joins it; when the event's own reports arrive, that report moves to them.</summary>
public class RegroupTests
{
    static readonly (double Lat, double Lon) West = (39.85, 46.75);

    /// <summary>Two shellings 2.6 km apart, the second begun six minutes into the first. A patrol between them, vague about
    /// the place, logs the second's start: with only the first seen so far it joins it. The second's own patrol, too
    /// far from the first to join it, begins an incident; the vague report fits that one far better than what is left
    /// of the first (its start agrees to the minute on clocks the book has learnt agree that closely), so it moves, and
    /// both incidents' histories say why.</summary>
    [Fact]
    public void A_report_that_joined_a_neighbour_before_its_own_event_was_seen_moves_to_it()
    {
        var (log, first, vague, second) = Burst(pinVague: false);
        var c = log.Book.Correlator;
        var moved = c.Reports[vague];
        Assert.Equal(c.Reports[second].Incident, moved.Incident);
        Assert.NotEqual(c.Reports[first].Incident, moved.Incident);
        Assert.Equal(new List<long> { first }, c.Incidents[c.Reports[first].Incident].Reports);
        var reason = $"moved from I-{first} after report {second}: it fits I-{second} better than the rest of I-{first}";
        Assert.StartsWith(reason, moved.JoinedBy!.Reasons[0], StringComparison.Ordinal);
        Assert.True(moved.JoinedBy.Score >= c.Settings.Join, $"{moved.JoinedBy.Score}");
        Assert.Contains(c.Incidents[second].History, h => h.What == $"report {vague} moved from I-{first}" && h.Reason!.StartsWith(reason, StringComparison.Ordinal));
        Assert.Contains(c.Incidents[first].History, h => h.What == $"report {vague} moved to I-{second}");
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>The same burst, but a monitor placed the vague report in the first incident before the second's patrol
    /// came in: the monitor's call stands.</summary>
    [Fact]
    public void A_monitors_placement_is_not_regrouped()
    {
        var (log, first, vague, second) = Burst(pinVague: true);
        var c = log.Book.Correlator;
        Assert.Equal(c.Reports[first].Incident, c.Reports[vague].Incident);
        Assert.NotEqual(c.Reports[second].Incident, c.Reports[vague].Incident);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>The same burst, but a monitor put the first incident under review before the second's patrol came in:
    /// what the monitor is weighing does not change under them; the report stays and the move is left undone.</summary>
    [Fact]
    public void An_incident_a_monitor_has_assessed_keeps_its_reports()
    {
        var (log, first, vague, second) = Burst(pinVague: false, assessFirst: true);
        var c = log.Book.Correlator;
        Assert.Equal(c.Reports[first].Incident, c.Reports[vague].Incident);
        Assert.NotEqual(c.Reports[second].Incident, c.Reports[vague].Incident);
        Assert.Equal([first, vague], c.Incidents[c.Reports[first].Incident].Reports);
        Assert.DoesNotContain(c.Incidents[first].History, h => h.What.Contains("moved", StringComparison.Ordinal));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());

        // Re-correlation keeps it there too (run afresh, the second's patrol would move it), with the reasons it joined with.
        var joined = c.Reports[vague].JoinedBy;
        log.Add("incident.recorrelate", "mission", new JsonObject { ["reason"] = "settings reviewed" });
        var fresh = log.Book.Correlator;
        Assert.Equal(first, fresh.Reports[vague].Incident);
        Assert.Equal("under-review", fresh.Incidents[first].Status);
        Assert.Same(joined, fresh.Reports[vague].JoinedBy);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    static (Log Log, long First, long Vague, long Second) Burst(bool pinVague, bool assessFirst = false)
    {
        var log = new Log();
        OnsetTests.TeachTightClocks(log, 120);
        var c = log.Book.Correlator;
        var east = LocalFrame.Move(West.Lat, West.Lon, 2.6, 0);
        var between = LocalFrame.Move(West.Lat, West.Lon, 1.3, 0);
        var first = log.Add("report", "pk", Report("mortar", T0, 30, "patrol", "patrol-1", West, "near", 800));
        var vague = log.Add("report", "jmc", Report("mortar", T0.AddMinutes(6), 20, "patrol", "patrol-9", between, "near", 2000));
        Assert.Equal(c.Reports[first].Incident, c.Reports[vague].Incident);
        if (pinVague)
        {
            log.Add("incident.link", "jmc", new JsonObject { ["report"] = vague, ["incident"] = c.Reports[first].Incident, ["reason"] = "the monitor's call" });
            // Linked where it already was: counted once, not absorbed a second time.
            Assert.Equal((2, 2), (c.Incidents[first].ActiveReports, c.Incidents[first].Observations));
        }
        if (assessFirst)
        {
            log.Add("incident.status", "jmc", Status(c.Reports[first].Incident, "under-review"));
        }
        var second = log.Add("report", "pk", Report("mortar", T0.AddMinutes(6), 20, "patrol", "patrol-2", east, "near", 800));
        Assert.True(second == c.Reports[second].Incident, string.Join("; ", c.Reports[second].JoinedBy?.Reasons ?? []));
        return (log, first, vague, second);
    }
}
