using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Incidents.Correlation;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Onsets (issue 17): precise reports of one event start within the minute its clocks agree to; windows that only
/// overlap, in an exchange of fire where one event follows another, are weaker evidence. The book learns its clocks.</summary>
public class OnsetTests
{
    static readonly (double Lat, double Lon) Ridge = (39.85, 46.75);

    /// <summary>Many events each seen by two patrols whose starts agree to within a minute: the book learns that its
    /// clocks agree far better than the configured five minutes.</summary>
    internal static void TeachTightClocks(Log log, int events)
    {
        for (var k = 0; k < events; k++)
        {
            var spot = Spatial.LocalFrame.Move(Ridge.Lat, Ridge.Lon, 30 + k % 10 * 5, k / 10 * 5);
            var t = T0.AddHours(-100 + k);
            log.Add("report", "pk", Report("mortar", t, 20, "patrol", $"patrol-a{k}", spot, "exact"));
            log.Add("report", "jmc", Report("mortar", t.AddMinutes(k % 3 == 0 ? 1 : 0), 12, "patrol", $"patrol-b{k}", spot, "exact"));
        }
    }

    /// <summary>Two shellings of one exchange 2 km apart, the second begun 12 minutes into the first; both go on to the
    /// same minute, so their windows overlap. A third patrol between them logs a start of 12 minutes past: its window
    /// overlaps both and it lies as near one as the other, so only its start tells which. On the clocks the book starts
    /// from (5 minutes) that already favours the second; once the book has learnt that its patrols' clocks agree to the
    /// minute, it is near certain (0.78 of the posterior, then 0.97), and the first is refused by time, in words.</summary>
    [Fact]
    public void The_start_tells_which_of_two_overlapping_shellings_a_report_saw()
    {
        double ShareOfSecond(Log log, out Match rival)
        {
            var c = log.Book.Correlator;
            var first = log.Add("report", "pk", Report("mortar", T0, 30, "patrol", "patrol-1", Ridge, "near", 800));
            var second = log.Add("report", "jmc", Report("mortar", T0.AddMinutes(12), 18, "patrol", "patrol-2",
                Spatial.LocalFrame.Move(Ridge.Lat, Ridge.Lon, 2, 0), "near", 800));
            Assert.NotEqual(c.Reports[first].Incident, c.Reports[second].Incident);
            var third = log.Add("report", "pk", Report("mortar", T0.AddMinutes(12), 18, "patrol", "patrol-3",
                Spatial.LocalFrame.Move(Ridge.Lat, Ridge.Lon, 1, 0), "near", 800));
            Assert.Equal(c.Reports[second].Incident, c.Reports[third].Incident);
            Assert.Contains(c.Reports[third].JoinedBy!.Reasons, r => r.StartsWith("time windows overlap; starts 0.0 min apart, clocks within about", StringComparison.Ordinal));
            rival = c.Candidates(c.Reports[third].Report, explainFrom: 0).Single(m => m.Incident == c.Reports[first].Incident);
            return c.Reports[third].JoinedBy!.Score;
        }

        var untaught = new Log();
        Assert.Equal(5, untaught.Book.Correlator.OnsetSpreadMinutes, 9);
        var before = ShareOfSecond(untaught, out _);

        var taught = new Log();
        TeachTightClocks(taught, 120);
        var spread = taught.Book.Correlator.OnsetSpreadMinutes;
        Assert.InRange(spread, 0.5, 2.5);
        var after = ShareOfSecond(taught, out var rival);
        Assert.True(before < 0.8 && after > 0.95, $"{before} then {after}");
        Assert.Matches(@"^decided by time \(windows overlap; starts 12 min apart, clocks within about \d\.\d+ min in this book\): ×0\.\d+ of a perfect match$", rival.Decided);
        Assert.Equal(taught.Book.Digest(), taught.Replay().Digest());
    }

    /// <summary>A report whose start is off teaches the clocks' spread; retracted, it no longer does: what it taught is
    /// taken back (here it was the last to join, so the book is as if it had never been logged), on replay and after
    /// re-correlation alike.</summary>
    [Fact]
    public void A_retracted_report_takes_back_what_it_taught_of_the_clocks()
    {
        var log = new Log();
        var without = new Log();
        TeachTightClocks(log, 30);
        TeachTightClocks(without, 30);
        var spot = Spatial.LocalFrame.Move(Ridge.Lat, Ridge.Lon, -20, 0);
        log.Add("report", "pk", Report("mortar", T0, 20, "patrol", "patrol-1", spot, "exact"));
        without.Add("report", "pk", Report("mortar", T0, 20, "patrol", "patrol-1", spot, "exact"));
        var late = log.Add("report", "jmc", Report("mortar", T0.AddMinutes(8), 10, "patrol", "patrol-2", spot, "exact"));
        var c = log.Book.Correlator;
        Assert.Equal(c.Reports[late - 1].Incident, c.Reports[late].Incident);
        Assert.True(c.OnsetSpreadMinutes > without.Book.Correlator.OnsetSpreadMinutes, "a start eight minutes off widens the spread");

        log.Add("report.retract", "jmc", new JsonObject { ["report"] = late, ["reason"] = "the clock was wrong" });
        Assert.Equal(without.Book.Correlator.OnsetSpreadMinutes, c.OnsetSpreadMinutes, 9);
        Assert.Equal(c.OnsetSpreadMinutes, log.Replay().Correlator.OnsetSpreadMinutes, 12);
        log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "after the retraction" });
        Assert.Equal(without.Book.Correlator.OnsetSpreadMinutes, log.Book.Correlator.OnsetSpreadMinutes, 9);
    }

    /// <summary>A monitor who moves a report says its join was wrong: what the join taught the clocks is taken back, so
    /// the live book learns what re-correlation (which puts pinned reports back without scoring them) learns.</summary>
    [Fact]
    public void A_monitors_placement_takes_back_what_the_join_taught()
    {
        var log = new Log();
        TeachTightClocks(log, 30);
        var c = log.Book.Correlator;
        var taught = c.OnsetSpreadMinutes;
        var spot = Spatial.LocalFrame.Move(Ridge.Lat, Ridge.Lon, -20, 0);
        var first = log.Add("report", "pk", Report("mortar", T0, 20, "patrol", "patrol-1", spot, "exact"));
        var other = log.Add("report", "pk", Report("artillery", T0.AddHours(5), 20, "patrol", "patrol-3", Ridge, "exact"));
        var late = log.Add("report", "jmc", Report("mortar", T0.AddMinutes(8), 10, "patrol", "patrol-2", spot, "exact"));
        Assert.Equal(c.Reports[first].Incident, c.Reports[late].Incident);
        Assert.True(c.OnsetSpreadMinutes > taught);

        log.Add("incident.link", "jmc", new JsonObject { ["report"] = late, ["incident"] = c.Reports[other].Incident, ["reason"] = "the monitor's call" });
        Assert.Equal(taught, c.OnsetSpreadMinutes, 9);
        log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "after the link" });
        Assert.Equal(taught, log.Book.Correlator.OnsetSpreadMinutes, 9);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    /// <summary>A patrol that arrived twenty minutes into a shelling joins it on the windows' overlap, but its start was
    /// not the onset: it weighs almost nothing in the incident's mean start, so a third report starting a minute after the
    /// first post's reads as a minute off, not ten.</summary>
    [Fact]
    public void A_late_arrival_does_not_drag_the_incidents_onset()
    {
        var log = new Log();
        TeachTightClocks(log, 60);
        var c = log.Book.Correlator;
        var first = log.Add("report", "jmc", Report("mortar", T0, 40, "patrol", "patrol-1", Ridge, "exact"));
        var late = log.Add("report", "pk", Report("mortar", T0.AddMinutes(20), 20, "patrol", "patrol-2", Ridge, "exact"));
        Assert.Equal(c.Reports[first].Incident, c.Reports[late].Incident);
        var third = log.Add("report", "pk", Report("mortar", T0.AddMinutes(1), 30, "patrol", "patrol-3", Ridge, "exact"));
        Assert.Equal(c.Reports[first].Incident, c.Reports[third].Incident);
        Assert.Contains(c.Reports[third].JoinedBy!.Reasons, r => r.StartsWith("time windows overlap; starts 1.0 min apart", StringComparison.Ordinal));
    }

    /// <summary>A long minute-precision window (a shift's log, 06:00 to 18:00) is a span something happened in: its start
    /// is no onset, so neither it nor an incident made of such windows is scored on starts.</summary>
    [Fact]
    public void A_long_window_is_scored_on_its_overlap_alone()
    {
        var log = new Log();
        var shift = T0.Date.AddHours(6);
        var a = log.Add("report", "pk", Report("mortar", new DateTimeOffset(shift, TimeSpan.Zero), 12 * 60, "patrol", "patrol-1", Ridge, "exact"));
        var b = log.Add("report", "jmc", Report("mortar", new DateTimeOffset(shift, TimeSpan.Zero), 12 * 60, "patrol", "patrol-2", Ridge, "exact"));
        var c = log.Book.Correlator;
        Assert.Equal(c.Reports[a].Incident, c.Reports[b].Incident);
        Assert.Equal("time windows overlap", c.Reports[b].JoinedBy!.Reasons.First(r => r.StartsWith("time", StringComparison.Ordinal)));
        Assert.Equal(5, c.OnsetSpreadMinutes, 9);
    }

    /// <summary>Statements and other coarse reports give no onset: an hour or a part of the day says nothing of the minute,
    /// and attaching one teaches the clocks nothing.</summary>
    [Fact]
    public void Coarse_reports_neither_use_nor_teach_onsets()
    {
        var log = new Log();
        TeachTightClocks(log, 30);
        var c = log.Book.Correlator;
        var taught = c.OnsetSpreadMinutes;
        Assert.True(taught < 5);
        var spot = Spatial.LocalFrame.Move(Ridge.Lat, Ridge.Lon, 0.3, 0);
        var seen = log.Add("report", "pk", Report("artillery", T0.AddMinutes(40), 5, "patrol", "patrol-1", Ridge, "exact"));
        var said = log.Add("report", "az", Report("artillery", T0, 60, "party-statement", null, spot, "near", 1000, timePrecision: "hour"));
        Assert.Equal(c.Reports[seen].Incident, c.Reports[said].Incident);
        Assert.Equal(taught, c.OnsetSpreadMinutes, 12);
        Assert.DoesNotContain(c.Reports[said].JoinedBy!.Reasons, r => r.Contains("starts", StringComparison.Ordinal));
    }

    /// <summary>The mixture never scores below the overlap's share for a report of an event in progress, and the onset
    /// term's share falls as the starts draw apart.</summary>
    [Property(MaxTest = 300)]
    public Property The_time_mixture_keeps_the_overlap_and_weighs_onsets_by_distance() => Prop.ForAll(
        Gen.Choose(-6000, 6000).Select(x => x / 100.0).ToArbitrary(), Gen.Choose(5, 600).Select(x => x / 100.0).ToArbitrary(),
        Gen.Choose(1, 1000).Select(x => x / 100.0).ToArbitrary(), (apart, sigma, overlap) =>
        {
            var (density, share) = Onsets.Mix(overlap, apart, sigma);
            var (further, furtherShare) = Onsets.Mix(overlap, apart + Math.Sign(apart + 0.001), sigma);
            return density >= Onsets.InProgress * overlap && share is >= 0 and <= 1 && furtherShare <= share && further <= density
                && double.IsFinite(density);
        });
}
