using Truce.Incidents.Correlation;
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
}
