using Truce.Incidents.Correlation;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>The matching on constructed cases, each the situation a monitor would recognise at once.</summary>
public class CorrelationCaseTests
{
    static readonly (double Lat, double Lon) Village = (39.90, 46.80);

    [Fact]
    public void The_same_event_from_two_patrols_and_a_camera_is_one_incident()
    {
        var log = new Log();
        var a = log.Add("report", "pk", Report("mortar", T0, 5, "patrol", "patrol-1", Offset(Village, 0.3, -0.2)));
        var b = log.Add("report", "pk", Report("mortar", T0.AddMinutes(1), 4, "patrol", "patrol-2", Offset(Village, -0.4, 0.3)));
        var c = log.Add("report", "jmc", Report("artillery", T0.AddMinutes(2), 1, "fixed-camera", "cam-3", Village, "exact", 200));
        var reports = log.Book.Correlator.Reports;
        Assert.Equal(reports[a].Incident, reports[b].Incident);
        Assert.Equal(reports[a].Incident, reports[c].Incident);
        var incident = log.Book.Correlator.Incidents[reports[a].Incident];
        Assert.Equal(3, incident.ActiveReports);
        Assert.Equal("mortar", incident.Type); // two say mortar, one artillery: the same family, the majority wins
        Assert.InRange(incident.Estimate.DistanceKm(Gaussian.Round(Village.Lat, Village.Lon, 0)), 0, 0.3); // the camera's exact fix dominates
        Assert.Contains(reports[c].JoinedBy!.Reasons, r => r.Contains("one family", StringComparison.Ordinal));
        Assert.Contains(reports[b].JoinedBy!.Reasons, r => r.Contains("independent source", StringComparison.Ordinal));
        Assert.Equal("decided by the factors together (1.00 of the posterior, join at 0.65); the weakest, type (artillery against mortar), ×0.7 of a perfect match", reports[c].JoinedBy!.Reasons[0]);
    }

    [Fact]
    public void Two_shellings_20_km_apart_within_the_same_hour_are_two_incidents()
    {
        var log = new Log();
        var a = log.Add("report", "pk", Report("artillery", T0, 10, "patrol", "patrol-1", Village));
        var b = log.Add("report", "jmc", Report("artillery", T0.AddMinutes(20), 10, "fixed-camera", "cam-1", Offset(Village, -20, 0), "exact"));
        var c = log.Add("report", "pk", Report("artillery", T0.AddMinutes(21), 10, "patrol", "patrol-2", Offset(Village, -20.5, 0.2)));
        var reports = log.Book.Correlator.Reports;
        Assert.NotEqual(reports[a].Incident, reports[b].Incident);
        Assert.Equal(reports[b].Incident, reports[c].Incident);
        Assert.Empty(reports[b].Suggestions);
    }

    [Fact]
    public void A_report_with_a_10_km_radius_does_not_swallow_the_incidents_in_its_circle()
    {
        var log = new Log();
        var incidents = new List<long>();
        foreach (var (n, e) in new[] { (3.0, 0.0), (-3.0, 2.0), (0.0, -4.0), (2.0, 5.0) })
        {
            var first = log.Add("report", "jmc", Report("mortar", T0, 15, "fixed-camera", $"cam-{n}{e}", Offset(Village, n, e), "exact"));
            log.Add("report", "pk", Report("mortar", T0.AddMinutes(2), 10, "patrol", $"patrol-{n}{e}", Offset(Village, n + 0.2, e - 0.1)));
            incidents.Add(log.Book.Correlator.Reports[first].Incident);
        }
        Assert.Equal(4, incidents.Distinct().Count());

        var vague = log.Add("report", "public", Report("explosion-unknown", T0, 60, "media", null, Village, "district", radiusM: 10_000));
        var state = log.Book.Correlator.Reports[vague];
        Assert.DoesNotContain(state.Incident, incidents); // joined none of the four: it starts its own, to be reviewed
        Assert.Null(state.JoinedBy);
        Assert.All(incidents, i => Assert.Equal(2, log.Book.Correlator.Incidents[i].ActiveReports)); // none grew
        Assert.NotEmpty(state.Suggestions); // but a monitor sees where it might belong
        Assert.All(state.Suggestions, m => Assert.True(m.Score < log.Book.Correlator.Settings.Join));
        // What held it back, first among each candidate's reasons: the four share it, none is better by much.
        Assert.StartsWith("decided by rivals: other incidents share", state.Suggestions[0].Reasons[1], StringComparison.Ordinal);
        Assert.All(state.Suggestions.Skip(1), m => Assert.StartsWith($"decided by a better candidate: I-{state.Suggestions[0].Incident}", m.Reasons[0], StringComparison.Ordinal));
    }

    /// <summary>A patrol's shelling 1.8 km from a camera's, in the same minutes: the place alone keeps them apart (at the
    /// configured rate of a new event too, so the camera's incident counted in the rate around it is not what decides),
    /// and the suggestion says so.</summary>
    [Fact]
    public void A_suggestion_names_the_factor_that_kept_it_apart()
    {
        var log = new Log();
        var a = log.Add("report", "jmc", Report("mortar", T0, 5, "fixed-camera", "cam-1", Village, "near", 600));
        var b = log.Add("report", "pk", Report("mortar", T0.AddMinutes(1), 5, "patrol", "patrol-1", Offset(Village, 1.8, 0), "near", 600));
        var r = log.Book.Correlator.Reports;
        Assert.NotEqual(r[a].Incident, r[b].Incident);
        var m = Assert.Single(r[b].Suggestions);
        Assert.StartsWith("not joined: the best candidate", m.Reasons[0], StringComparison.Ordinal);
        Assert.Matches(@"^decided by place \(\d\.\dσ apart\): ×0\.\d+ of a perfect match$", m.Reasons[1]);

        // Twelve minutes later on the camera's spot: joined all the same, and the weakest factor is named, with the
        // starts (17 min apart) against the clocks' spread the book starts from (the configured tolerance).
        var c = log.Add("report", "pk", Report("mortar", T0.AddMinutes(17), 5, "patrol", "patrol-2", Village, "near", 600));
        Assert.Equal(r[a].Incident, r[c].Incident);
        Assert.EndsWith("the weakest, time (windows 12 min apart, tolerance 5.0 min; starts 17 min apart, clocks within about 5.0 min in this book), ×0.056 of a perfect match", r[c].JoinedBy!.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Crossing_bearings_from_two_posts_give_a_located_estimate_and_one_incident()
    {
        var log = new Log();
        var target = Offset(Village, 0, 0);
        var op1 = Offset(Village, -4, -3); // 5 km away, the target bears 036.87°
        var op2 = Offset(Village, -4, 3); // the target bears 323.13°
        var a = log.Add("report", "jmc", Report("artillery", T0, 3, "observation-post", "OP-1",
            observer: ("OP-1", op1.Lat, op1.Lon, 36.87, 3, 7)));
        var b = log.Add("report", "jmc", Report("artillery", T0.AddMinutes(1), 3, "observation-post", "OP-2",
            observer: ("OP-2", op2.Lat, op2.Lon, 323.13, 3, 7)));
        var reports = log.Book.Correlator.Reports;
        Assert.Equal(reports[a].Incident, reports[b].Incident);
        var incident = log.Book.Correlator.Incidents[reports[a].Incident];
        var alone = reports[a].Report.Estimate;
        Assert.True(alone.MaxSigma > 1, "one bearing with a 3–7 km band is a long ellipse");
        Assert.True(incident.Estimate.MaxSigma < alone.MaxSigma / 3, $"the fix ({incident.Estimate.MaxSigma:F2} km) is much tighter than one bearing");
        Assert.InRange(incident.Estimate.DistanceKm(Gaussian.Round(target.Lat, target.Lon, 0)), 0, 0.5);
    }

    /// <summary>Readers ask for a report's candidates side by side under the module's read lock: each gets the answer
    /// it would get alone (the scoring keeps no shared scratch state).</summary>
    [Fact]
    public void Candidates_asked_side_by_side_are_each_as_if_asked_alone()
    {
        var log = new Log();
        for (var k = 0; k < 120; k++)
        {
            log.Add("report", "pk", Report("mortar", T0.AddMinutes(k % 7), 5, "patrol", $"patrol-{k}", Offset(Village, 0.9 * (k % 11), 0.8 * (k / 11)), "near", 2000));
        }
        var c = log.Book.Correlator;
        var reports = c.Reports.Values.Select(s => s.Report).ToList();
        string Answer(Reports.Report r) => string.Join(";", c.Candidates(r, explainFrom: 0).Select(m => $"{m.Incident}:{m.Score:R}:{m.Reasons.Count}"));
        var alone = reports.Select(Answer).ToList();
        Assert.Contains(alone, a => a.Split(';').Length > 3);
        var together = new string[reports.Count * 20];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k => together[k] = Answer(reports[k % reports.Count]));
        for (var k = 0; k < together.Length; k++)
        {
            Assert.Equal(alone[k % reports.Count], together[k]);
        }
    }

    [Fact]
    public void Incompatible_types_and_distant_times_never_match()
    {
        var log = new Log();
        var a = log.Add("report", "pk", Report("small-arms", T0, 5, "patrol", "p1", Village));
        var b = log.Add("report", "jmc", Report("drone-overflight", T0, 5, "fixed-camera", "c1", Village, "exact", category: "airspace"));
        var c = log.Add("report", "jmc", Report("small-arms", T0.AddHours(3), 5, "fixed-camera", "c2", Village, "exact"));
        var r = log.Book.Correlator.Reports;
        Assert.Equal(3, new[] { r[a].Incident, r[b].Incident, r[c].Incident }.Distinct().Count());
    }

    [Fact]
    public void A_second_report_from_the_same_post_is_taken_as_another_event()
    {
        var log = new Log();
        var a = log.Add("report", "jmc", Report("small-arms", T0, 5, "fixed-camera", "cam-1", Village, "near"));
        var b = log.Add("report", "jmc", Report("small-arms", T0.AddMinutes(3), 5, "fixed-camera", "cam-1", Offset(Village, 0.5, 0), "near"));
        var r = log.Book.Correlator.Reports;
        Assert.NotEqual(r[a].Incident, r[b].Incident);
        var all = string.Join(" | ", r[b].Suggestions.SelectMany(m => m.Reasons));
        Assert.True(r[b].Suggestions.Any(m => m.Incident == r[a].Incident && m.Reasons.Any(x => x.Contains("same source", StringComparison.Ordinal))
            && m.Reasons.Any(x => x == "decided by source (jmc/fixed-camera/cam-1 already reported it): ×0.05 of a perfect match, and never joined automatically")), all);
    }
}
