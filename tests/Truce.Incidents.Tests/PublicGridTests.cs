using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>
/// A deployment's grid for public reports (<c>correlation.config publicGridDegrees</c>): once set, a public report is
/// admitted only on the grid, with a radius of half a cell or more and no observer's position, each refusal naming its
/// field; reports for the mission are as precise as their authors make them; reports logged before stay, and a replay
/// gives the same book.
/// </summary>
public class PublicGridTests
{
    static readonly DateTimeOffset Morning = T0;

    static Log Gridded(double degrees)
    {
        var log = new Log();
        log.Add("correlation.config", "mission", new JsonObject { ["publicGridDegrees"] = degrees });
        return log;
    }

    static ValidationException Refused(Log log, JsonObject body, Visibility vis = Visibility.Public) =>
        Assert.Throws<ValidationException>(() => log.Add("report", "az", body, vis: vis));

    [Fact]
    public void A_public_report_off_the_grid_is_refused_with_the_nearest_point()
    {
        var log = Gridded(0.05);
        var e = Refused(log, Report("artillery", Morning, 5, "party-statement", null, (39.912, 46.781), radiusM: 3000));
        var error = Assert.Single(e.Errors);
        Assert.Equal("body.location.geometry", error.Field);
        Assert.Contains("whole multiples of 0.05", error.Problem, StringComparison.Ordinal);
        Assert.Contains("the nearest is [46.8, 39.9]", error.Problem, StringComparison.Ordinal);
        Assert.Empty(log.Book.Correlator.Reports);
    }

    [Fact]
    public void On_the_grid_a_public_report_needs_half_a_cell_of_radius()
    {
        var log = Gridded(0.05);
        // Half of 0.05° north to south is 2,783 m: a settlement (2,500 m) is too precise, a district (15 km) is not.
        var e = Refused(log, Report("artillery", Morning, 5, "party-statement", null, (39.9, 46.8), "settlement"));
        Assert.Equal("body.location.radius", Assert.Single(e.Errors).Field);
        Assert.Contains("at least 2783 m", e.Errors[0].Problem, StringComparison.Ordinal);
        var district = log.Add("report", "az", Report("artillery", Morning, 5, "party-statement", null, (39.9, 46.8), "district"));
        var radius = log.Add("report", "am", Report("artillery", Morning, 5, "party-statement", null, (39.95, 46.75), radiusM: 2783));
        Assert.Equal(2, log.Book.Correlator.Reports.Keys.Count(k => k == district || k == radius));
    }

    [Fact]
    public void A_public_report_may_not_give_an_observers_position_but_a_mission_report_may()
    {
        var log = Gridded(0.05);
        var seen = Report("artillery", Morning, 5, "observation-post", "OP-1", observer: ("OP-1", 39.8731, 46.7122, 40, 2, 5));
        var e = Refused(log, seen);
        Assert.Equal(["body.observer", "body.location"], e.Errors.Select(x => x.Field));
        Assert.Contains("choose the mission audience", e.Errors[0].Problem, StringComparison.Ordinal);
        Assert.StartsWith("is required for a public report", e.Errors[1].Problem, StringComparison.Ordinal);
        var mission = log.Add("report", "az", seen, vis: Visibility.Mission);
        var exact = log.Add("report", "az", Report("mortar", Morning, 5, "patrol", "p-1", (39.8731, 46.7122), "exact"), vis: Visibility.Mission);
        Assert.True(log.Book.Correlator.Reports.ContainsKey(mission));
        Assert.True(log.Book.Correlator.Reports.ContainsKey(exact));
    }

    [Fact]
    public void Reports_before_the_grid_stay_and_zero_lifts_it()
    {
        var log = new Log();
        var before = log.Add("report", "az", Report("artillery", Morning, 5, "patrol", "p-1", (39.8731, 46.7122), "exact"));
        log.Add("correlation.config", "mission", new JsonObject { ["publicGridDegrees"] = 0.1 });
        Assert.Equal(0.1, log.Book.Correlator.Settings.PublicGridDegrees);
        Refused(log, Report("artillery", Morning, 5, "patrol", "p-2", (39.8731, 46.7122), "exact"));
        log.Add("correlation.config", "mission", new JsonObject { ["publicGridDegrees"] = 0 });
        Assert.Null(log.Book.Correlator.Settings.PublicGridDegrees);
        var after = log.Add("report", "az", Report("artillery", Morning, 5, "patrol", "p-2", (39.8731, 46.7122), "exact"));
        Assert.True(log.Book.Correlator.Reports.ContainsKey(before));
        Assert.True(log.Book.Correlator.Reports.ContainsKey(after));
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Theory]
    [InlineData(0.0005, "must be 0 (no grid) or from 0.001 to 1 degree")]
    [InlineData(2.0, "1")]
    [InlineData(-1.0, "0")]
    public void A_grid_out_of_range_is_refused_by_name(double degrees, string says)
    {
        var log = new Log();
        var e = Assert.Throws<ValidationException>(() => log.Add("correlation.config", "mission", new JsonObject { ["publicGridDegrees"] = degrees }));
        var error = Assert.Single(e.Errors);
        Assert.Equal("body.publicGridDegrees", error.Field);
        Assert.Contains(says, error.Problem, StringComparison.Ordinal);
        Assert.Null(log.Book.Correlator.Settings.PublicGridDegrees);
    }
}
