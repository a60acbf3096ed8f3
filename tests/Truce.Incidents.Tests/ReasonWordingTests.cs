using System.Text.Json.Nodes;
using Truce.Places;
using static Truce.Incidents.Tests.Build;
using static Truce.Incidents.Tests.CoarseCases;

namespace Truce.Incidents.Tests;

/// <summary>The exact words of reason branches nothing else pins (Correlation/Reasons.cs): monitors check a decision
/// against the map by these lines, so a changed phrase or a changed figure in one must be a deliberate change, seen
/// in a failing test, not a silent one.</summary>
public class ReasonWordingTests
{
    /// <summary>A party's statement of "shelling in the district that day", centred on a patrol's shelling: place,
    /// time and type agree, yet a district (σ 7.5 km) and a whole day fit an event nobody observed better, so it is only
    /// suggested. The decisive line must blame the report's vagueness, not the incident, and give its σ, its window and
    /// the alternative's share: space 1/(2π·56.5 km²) × time 1/(24 h + 2·6 h) / 1e-4 = odds 0.78, so the alternative
    /// holds 1/1.78 = 0.56 of the posterior.</summary>
    [Fact]
    public void A_vague_statement_below_the_bar_is_decided_by_its_vagueness()
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var seen = log.Add("report", "pk", Report("artillery", T0, 3, "patrol", "patrol-1", Town, "near", 1000));
        var said = log.Add("report", "az", Report("artillery", Day, 0, "party-statement", null, Town, "district", timePrecision: "day"));
        var s = c.Reports[said];
        Assert.Null(s.JoinedBy);
        var suggestion = Assert.Single(s.Suggestions);
        Assert.Equal(c.Reports[seen].Incident, suggestion.Incident);
        Assert.Equal("decided by vagueness: place, time and type agree, but a report this vague (σ 7.5 km, 24 h) fits an event nobody observed about as well (0.56 of the posterior)",
            suggestion.Decided);
    }

    /// <summary>A party says a shelling was "at six o'clock" (06:00–07:00); a patrol saw it at 07:20. The windows do not
    /// overlap but are within reach (four tolerances), so the statement still attaches, and the time line must say by
    /// how much its window falls short and which tolerance its precision allows: 20 min past its end, 15 min for an
    /// hour.</summary>
    [Fact]
    public void A_coarse_window_that_ends_before_the_incident_says_how_far_and_what_tolerance()
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var seen = log.Add("report", "pk", Report("artillery", Day.AddHours(7).AddMinutes(20), 3, "patrol", "patrol-1", Town, "near", 1000));
        var said = log.Add("report", "az", Report("artillery", Day.AddHours(6), 0, "party-statement", null, Town, "settlement", timePrecision: "hour"));
        // Read as it attached: once attached, the statement has taught its kind's lag, and a later reading adds it.
        var joined = c.Reports[said].JoinedBy!;
        Assert.Equal(c.Reports[seen].Incident, joined.Incident);
        Assert.Contains("time window of a hour-precision report (1.0 h) ends 20 min from the incident's (tolerance 15 min for hour precision)", joined.Reasons);
    }

    /// <summary>Two patrols at one spot a minute apart, one counting 3 explosions and the other 30: every other factor
    /// agrees, so the second still scores, and the count line must give both figures and the share of agreeing counts.
    /// Each observer's log count has variance 0.11 plus its rounding ((0.3/3)² and (0.3/30)²), so "same event" allows
    /// variance 0.23; the book has learnt events differ by variance 1.14 (the two counts, with the prior of 1 worth 20),
    /// and a factor of ten (ln 10 = 2.3) is 4.8σ under "same event": about nothing of agreeing counts beyond the
    /// blunder floor, ×0.05.</summary>
    [Fact]
    public void Counts_an_order_apart_are_said_to_differ_with_their_share_of_agreeing_counts()
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var few = log.Add("report", "pk", Counted(Report("artillery", T0, 3, "patrol", "patrol-1", Town, "exact"), 3));
        var many = log.Add("report", "pk", Counted(Report("artillery", T0.AddMinutes(1), 3, "patrol", "patrol-2", Town, "exact"), 30));
        Assert.Equal(c.Reports[few].Incident, c.Reports[many].Incident);
        Assert.Contains("counts differ (30 against 3 explosions: ×0.05 of counts that agree)", c.Reports[many].JoinedBy!.Reasons);
    }

    /// <summary>A statement grouped with another party's statement of the same morning: the incident it joins is no
    /// observation's, and the last line must say so, naming that incident (the first statement's, I-0), where against an
    /// observed incident it says the report may attach without moving it.</summary>
    [Fact]
    public void A_statement_grouped_with_statements_says_no_observation_explains_them()
    {
        var log = new Log();
        var (here, there, grouped) = CoarseCases.TwoStatementsGrouped(log);
        Assert.Equal(0, here);
        Assert.Equal(here, grouped);
        var reasons = log.Book.Correlator.Reports[there].JoinedBy!.Reasons;
        Assert.Equal("I-0 holds only coarse reports, which no observation explains yet", reasons[^1]);
    }

    /// <summary>A camera's "explosion of unknown origin" at the spot and minute of a patrol's artillery fire: the taxonomy
    /// takes an unknown explosion as compatible with any explosive family (×0.5) without making them one family, and the
    /// type line must say "compatible", not "of one family" (which would claim observers confuse the two).</summary>
    [Fact]
    public void An_unknown_explosion_is_said_to_be_compatible_with_artillery_not_of_its_family()
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var fire = log.Add("report", "pk", Report("artillery", T0, 3, "patrol", "patrol-1", Town, "exact"));
        var bang = log.Add("report", "jmc", Report("explosion-unknown", T0.AddMinutes(1), 3, "fixed-camera", "cam-1", Town, "exact"));
        Assert.Equal(c.Reports[fire].Incident, c.Reports[bang].Incident);
        Assert.Contains("explosion-unknown is compatible with artillery", c.Reports[bang].JoinedBy!.Reasons);
    }

    /// <summary>Party az has named the village 6 km east of the town; it now names the town for a shelling a patrol placed
    /// 4 km east of it, 2 km from the village: clearly in the village's cell. The cell line must say the incident is
    /// nearer another settlement the party names, with the factor that weighs the statement down. The patrol's σ 0.5 km
    /// fused with the statement's 5 km (its 6 km widened to 10 among rivals) sits 3.96 km east, 1 km past the boundary:
    /// the cell weighs it 0.076 on average; divided by the statement's own share inside the cell (0.72, the boundary
    /// 0.6σ east of its centre), ×0.106.</summary>
    [Fact]
    public void A_statement_naming_the_town_for_a_shelling_in_the_neighbours_cell_says_it_is_nearer_the_neighbour()
    {
        var log = new Log();
        var neighbour = Offset(Town, 0, 6);
        log.Book.Settlements = new Gazetteer([Village("test:town", Town), Village("test:neighbour", neighbour)], ["az", "am"]);
        var c = log.Book.Correlator;
        var morning = Day.AddHours(6);
        var seen = log.Add("report", "pk", Report("artillery", T0, 3, "patrol", "patrol-1", Offset(Town, 0, 4), "near", 1000));
        log.Add("report", "az", Statement(morning.AddDays(-3), neighbour, "test:neighbour"));
        var said = log.Add("report", "az", Statement(morning, Town, "test:town"));
        var reasons = c.Explain(c.Reports[said].Report, c.Incidents[c.Reports[seen].Incident]);
        Assert.Contains("nearer to another settlement az names than to the one named (×0.106)", reasons);
    }

    static JsonObject Counted(JsonObject body, int explosions)
    {
        body["counts"] = new JsonObject { ["explosions"] = explosions };
        return body;
    }
}
