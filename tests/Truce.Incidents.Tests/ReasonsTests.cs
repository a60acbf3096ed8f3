using Truce.Incidents.Correlation;
using Truce.Incidents.Synthetic;
using Truce.Spatial;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Reasons are kept as the figures correlation weighed and put in words when read: the words must be those of
/// the moment it weighed them, however the incident changed since.</summary>
public class ReasonsTests
{
    static readonly (double Lat, double Lon) Hill = (39.80, 46.70);

    [Fact]
    public void A_joins_reasons_read_later_say_what_they_said_when_it_joined()
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var first = log.Add("report", "pk", Report("mortar", T0, 20, "patrol", "patrol-1", Hill, "near", 800));
        var second = log.Add("report", "jmc", Report("artillery", T0.AddMinutes(1), 15, "patrol", "patrol-2", LocalFrame.Move(Hill.Lat, Hill.Lon, 0.3, 0), "near", 800));
        Assert.Equal(c.Reports[first].Incident, c.Reports[second].Incident);
        var reasons = c.Reports[second].JoinedBy!.Reasons;
        Assert.IsType<Reasons>(reasons);
        string[] then = [.. reasons];
        Assert.Equal(reasons.Count, then.Length);
        Assert.StartsWith("decided by the factors together", then[0], StringComparison.Ordinal);
        Assert.Contains("mortar", then.Single(x => x.Contains("of one family", StringComparison.Ordinal)), StringComparison.Ordinal);

        // More reports move the incident's estimate, window and types; the join's reasons stay as they were.
        for (var k = 0; k < 4; k++)
        {
            log.Add("report", "jmc", Report("artillery", T0.AddMinutes(1), 10, "patrol", $"patrol-{k + 3}", LocalFrame.Move(Hill.Lat, Hill.Lon, 0.6, 0.1 * k), "exact"));
        }
        Assert.Equal(then, c.Reports[second].JoinedBy!.Reasons.ToArray());
        Assert.NotEqual(then[2], c.Explain(c.Reports[second].Report, c.Incidents[c.Reports[second].Incident])[1]);
        Assert.Equal(Enumerable.Range(0, reasons.Count).Select(k => reasons[k]), reasons);
        Assert.Throws<ArgumentOutOfRangeException>(() => reasons[reasons.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => reasons[-1]);
    }

    [Fact]
    public void A_lead_line_comes_first_and_the_rest_follow_unchanged()
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var first = log.Add("report", "pk", Report("mortar", T0, 20, "patrol", "patrol-1", Hill, "near", 800));
        var explained = c.Explain(c.Reports[first].Report, c.Incidents[c.Reports[first].Incident]);
        var led = Reasons.Led("kept apart: a monitor's call", explained);
        Assert.Equal(new[] { "kept apart: a monitor's call" }.Concat(explained), led);
        Assert.Equal(new[] { "one", "kept apart: a monitor's call" }.Concat(explained), Reasons.Led("one", led));
        Assert.Equal(new[] { "one", "two" }, Reasons.Led("one", ["two"]));
    }

    /// <summary>Issue 17: every join, suggestion and refusal shows the factor that decided it, whatever path decided it
    /// (a join, an attachment, a group, a same-source swap, a regroup, a re-attachment). A dense profile exercises them
    /// all; each automatic placement and each suggestion must carry a "decided by" line.</summary>
    [Fact]
    public void Every_automatic_decision_names_the_factor_that_decided_it()
    {
        var scenario = new ProfileGenerator(ScenarioProfile.Draw(101).Denser(10)).Generate(ProfileEvaluation.Start, TimeSpan.FromDays(2));
        var (book, _) = ProfileEvaluation.Correlate(scenario);
        var states = book.Correlator.Reports.Values.ToList();
        var joined = states.Where(s => s.JoinedBy is not null).ToList();
        Assert.True(joined.Count > 300, $"{joined.Count}");
        var undecided = joined.Where(s => s.JoinedBy!.Decided is null).Select(s => s.JoinedBy!.Reasons[0]).ToList();
        Assert.True(undecided.Count == 0, $"{undecided.Count} joins without a decisive factor, e.g. {(undecided.Count > 0 ? undecided[0] : "")}");
        var suggestions = states.SelectMany(s => s.Suggestions).ToList();
        Assert.True(suggestions.Count > 100, $"{suggestions.Count}");
        var unsaid = suggestions.Where(m => m.Decided is null).Select(m => m.Reasons.Count > 0 ? m.Reasons[0] : "").ToList();
        Assert.True(unsaid.Count == 0, $"{unsaid.Count} suggestions without a decisive factor, e.g. {(unsaid.Count > 0 ? unsaid[0] : "")}");
        // Refusals: a report that started its own incident with a candidate in sight says why in that candidate's reasons.
        var started = states.Where(s => s.JoinedBy is null && s.Suggestions.Count > 0).ToList();
        Assert.True(started.Count > 50, $"{started.Count}");
        Assert.All(started, s => Assert.NotNull(s.Suggestions[0].Decided));
        // Every path ran: regroups and swaps among them.
        Assert.True(joined.Any(s => s.JoinedBy!.Reasons[0].StartsWith("moved from I-", StringComparison.Ordinal)), "no regroup");
        Assert.True(joined.Any(s => s.JoinedBy!.Reasons[0].Contains("re-attached", StringComparison.Ordinal) || s.JoinedBy.Reasons[0].Contains("which now explains it", StringComparison.Ordinal)), "no re-attachment");
        Assert.True(joined.Any(s => s.JoinedBy!.Reasons[0].Contains("of the same source", StringComparison.Ordinal)), "no statement swap");
        Assert.True(joined.Any(s => s.JoinedBy!.Reasons[0].StartsWith("kept apart: the same source reported it; this report fits better", StringComparison.Ordinal)), "no observation swap");
        // A moved report is offered the incident it left, with the better candidate as what decided against it.
        Assert.Contains(joined, s => s.JoinedBy!.Reasons[0].StartsWith("moved from I-", StringComparison.Ordinal) && s.Suggestions.Count == 1
            && s.Suggestions[0].Decided!.StartsWith($"decided by a better candidate: I-{s.Incident}", StringComparison.Ordinal));
    }
}
