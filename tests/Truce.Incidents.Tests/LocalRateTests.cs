using System.Text.Json.Nodes;
using Truce.Incidents.Correlation;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>How likely a new event is where a precise report fell, and an event nobody observed where a statement points,
/// read off the book's observed incidents around them (docs/INCIDENTS.md, Correlation: **eventDensity**, and Coarse
/// reports): the configured rate where it is quiet, higher in a busy hour.</summary>
public class LocalRateTests
{
    static readonly (double Lat, double Lon) Village = (39.90, 46.80);

    static long Camera(Log log, string id, (double Lat, double Lon) at, DateTimeOffset start) =>
        log.Add("report", "jmc", Report("mortar", start, 5, "fixed-camera", id, at, "exact"));

    /// <summary>Only observed incidents within 5 km and two hours of the report's window count, each once however many
    /// hours its window spans; the rate is their Poisson count over that area and time with the configured rate as a
    /// quarter of an event's worth of prior.</summary>
    [Fact]
    public void Observed_incidents_within_five_km_and_two_hours_count()
    {
        var log = new Log();
        var at = T0.AddMinutes(30);
        Camera(log, "cam-near", Offset(Village, 1, 0), T0);
        Camera(log, "cam-edge", Offset(Village, 0, 4.5), T0.AddHours(2));
        // Three hours long, from before the two hours counted: filed under four hours, counted once.
        log.Add("report", "jmc", Report("mortar", T0.AddHours(-3), 180, "fixed-camera", "cam-long", Offset(Village, -2, -2), "exact"));
        Camera(log, "cam-far", Offset(Village, 0, -6), T0);
        Camera(log, "cam-later", Offset(Village, -1, 0), T0.AddHours(3));
        var statement = log.Add("report", "az", Report("artillery", T0, 0, "party-statement", null, Offset(Village, 0, 1), "settlement", timePrecision: "hour"));
        var r = log.Add("report", "pk", Report("mortar", at, 5, "patrol", "patrol-1", Village, "near", 300));

        var background = log.Book.Correlator.Reports[r].Seen.Background!.Value;
        Assert.Equal(3, background.Nearby);
        var configured = log.Book.Correlator.Settings.EventDensity;
        var exposure = Math.PI * 5 * 5 * (4 + 5 / 60.0);
        Assert.Equal((3 + 0.25) / (exposure + 0.25 / configured), background.Density, 12);
        Assert.Equal(configured, background.Floor);
        // A statement counts over its own reach (10 km, an hour of its 08:00–09:00), against events nobody observed: all
        // but the camera three hours on.
        var stated = log.Book.Correlator.Reports[statement].Seen.Background!.Value;
        Assert.Equal((4, log.Book.Correlator.Settings.CoarseEventDensity), (stated.Nearby, stated.Floor));
    }

    /// <summary>A statement is weighed against "an event nobody observed" at <c>unobservedRatio</c> of the rate of the
    /// observed incidents within 10 km and an hour of its window (the same Poisson estimate, <c>eventDensity</c> a quarter
    /// of an event's worth of prior), never below <c>coarseEventDensity</c>; at ratio 0, the setting alone.</summary>
    [Fact]
    public void A_statement_weighs_events_nobody_observed_at_a_share_of_the_observed_rate_around_it()
    {
        var log = new Log();
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        for (var k = 0; k < 12; k++)
        {
            Camera(log, $"cam-{k}", Offset(Village, 8 * Math.Cos(k), 8 * Math.Sin(k)), morning.AddMinutes(30 * k));
        }
        Camera(log, "cam-far", Offset(Village, 0, 11), morning);
        Camera(log, "cam-after", Offset(Village, 1, 0), morning.AddHours(7.5));
        var statement = log.Add("report", "az", Report("artillery", morning, 0, "party-statement", null, Village, "settlement", timePrecision: "part-of-day"));
        var c = log.Book.Correlator;
        var seen = c.Reports[statement].Seen;
        var b = seen.Background!.Value;
        var exposure = Math.PI * 10 * 10 * ((seen.End - seen.Start).TotalHours + 2);
        Assert.Equal(6, (seen.End - seen.Start).TotalHours);
        Assert.Equal(12, b.Nearby);
        Assert.Equal(0.15 * (12 + 0.25) / (exposure + 0.25 / c.Settings.EventDensity), b.Density, 12);
        Assert.Equal((0.15, 1e-4), (c.Settings.UnobservedRatio, b.Floor));

        log.Add("correlation.config", "mission", new JsonObject { ["unobservedRatio"] = 0 });
        var later = log.Add("report", "am", Report("artillery", morning, 0, "party-statement", null, Village, "settlement", timePrecision: "part-of-day"));
        Assert.Equal(new Background(1e-4, 0, 1e-4), c.Reports[later].Seen.Background);
        foreach (var bad in new[] { -0.1, 11 })
        {
            var refused = Assert.Throws<Core.Entries.ValidationException>(() => log.Add("correlation.config", "mission", new JsonObject { ["unobservedRatio"] = bad }));
            Assert.Equal("body.unobservedRatio", refused.Field);
        }
        Assert.Contains("UnobservedRatio = 0,", c.Settings.ToString(), StringComparison.Ordinal); // in the book's fingerprint
    }

    /// <summary>A statement of a shelling 3 km from the village it names, which a patrol saw that morning: where nothing
    /// else was seen it attaches; in a morning of fire, 20 other incidents (small arms, which a statement of artillery
    /// cannot be) within 10 km, an event nobody observed is many times as likely there (the 21 counted include the
    /// shelling's own incident, as a precise report's count does), and it is only suggested, with that as the reason.
    /// A replay decides the same.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void In_a_busy_morning_a_statement_is_likelier_about_an_event_nobody_observed(bool busy)
    {
        var log = new Log();
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        if (busy)
        {
            for (var k = 0; k < 20; k++)
            {
                var angle = k * Math.PI / 10;
                log.Add("report", "jmc", Report("small-arms", morning.AddMinutes(15 * k), 5, "fixed-camera", $"cam-{k}", Offset(Village, 7 * Math.Cos(angle), 7 * Math.Sin(angle)), "exact"));
            }
        }
        var shelling = log.Add("report", "pk", Report("artillery", morning.AddHours(2), 5, "patrol", "patrol-1", Offset(Village, 3, 0), "near", 300));
        var statement = log.Add("report", "az", Report("artillery", morning, 0, "party-statement", null, Village, "settlement", timePrecision: "part-of-day"),
            morning.AddHours(9));
        var c = log.Book.Correlator;
        var incident = c.Reports[shelling].Incident;
        Assert.Equal(!busy, c.Reports[statement].Incident == incident);
        if (busy)
        {
            var reasons = Assert.Single(c.Reports[statement].Suggestions, m => m.Incident == incident).Reasons;
            Assert.Matches(@"^decided by a busy place and hour: 21 observed incidents within 10 km and 1\.0 h of it in this book, so an event nobody observed, ×\d+(\.\d+)? as likely as coarseEventDensity says, has 0\.\d\d of the posterior; at coarseEventDensity this would have 0\.(6\d|[7-9]\d)$", reasons[1]);
            Assert.Contains(reasons, x => x.StartsWith("an event nobody observed ×", StringComparison.Ordinal)
                && x.EndsWith("as likely here as coarseEventDensity says: 21 observed incidents within 10 km and 1.0 h of it in this book", StringComparison.Ordinal));
            // A reader asking later weighs it at the rate read when it came, not with the fire logged since.
            for (var k = 0; k < 5; k++)
            {
                log.Add("report", "jmc", Report("small-arms", morning.AddMinutes(20 + 30 * k), 5, "fixed-camera", $"cam-late-{k}", Offset(Village, -2, k - 2), "exact"));
            }
            var decided = c.Reports[statement].Suggestions.Single(m => m.Incident == incident).Score;
            var asked = c.Candidates(c.Reports[statement].Report, x => x.Id != c.Reports[statement].Incident);
            Assert.Equal(decided, asked.Single(m => m.Incident == incident).Score, 12);
        }
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void Where_nothing_was_seen_the_configured_rate_stands()
    {
        var log = new Log();
        var r = Camera(log, "cam-1", Village, T0);
        var background = log.Book.Correlator.Reports[r].Seen.Background!.Value;
        Assert.Equal((0, log.Book.Correlator.Settings.EventDensity), (background.Nearby, background.Density));
    }

    /// <summary>A patrol's shelling 1.5 km from a camera's, a minute later: where it is quiet it joins (the camera's own
    /// incident makes a new event three times as likely as the setting says, no more); in the hour of an exchange of
    /// fire, six other shellings 4 km around the camera's (five of them within 5 km of the patrol's), a new event is 15
    /// times as likely there and it is only suggested. The reasons say how many incidents were counted, and a replay
    /// decides the same.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void In_a_busy_hour_a_report_near_an_incident_is_more_likely_a_new_event(bool busy)
    {
        var log = new Log();
        if (busy)
        {
            for (var k = 0; k < 6; k++)
            {
                var angle = k * Math.PI / 3;
                Camera(log, $"cam-{k}", Offset(Village, 4 * Math.Cos(angle), 4 * Math.Sin(angle)), T0.AddMinutes(-60 + 8 * k));
            }
        }
        var shelling = log.Add("report", "jmc", Report("mortar", T0, 5, "fixed-camera", "cam-x", Village, "near", 600));
        var r = log.Add("report", "pk", Report("mortar", T0.AddMinutes(1), 5, "patrol", "patrol-1", Offset(Village, 1.5, 0), "near", 600));
        var c = log.Book.Correlator;
        var reasons = busy ? Assert.Single(c.Reports[r].Suggestions, m => m.Incident == c.Reports[shelling].Incident).Reasons : c.Reports[r].JoinedBy!.Reasons;
        Assert.Equal(!busy, c.Reports[shelling].Incident == c.Reports[r].Incident);
        Assert.Contains(reasons, x => x.StartsWith("a new event ×", StringComparison.Ordinal)
            && x.EndsWith($"as likely here as eventDensity says: {(busy ? "6 observed incidents" : "1 observed incident")} within 5.0 km and 2.0 h of it in this book", StringComparison.Ordinal));
        if (busy)
        {
            // What kept it out is the busy hour, not the place (3.5σ, as weak when it joined): at the setting it would join.
            Assert.Matches(@"^decided by a busy place and hour: 6 observed incidents within 5\.0 km and 2\.0 h of it in this book, so a new event, ×\d+(\.\d+)? as likely as eventDensity says, has 0\.\d\d of the posterior; at eventDensity this would have 0\.(6[5-9]|[7-9]\d)$", reasons[1]);
            // The candidates a reader asks for later are weighed at the rate read when it came, not with its own incident counted.
            Assert.Equal(c.Reports[r].Suggestions[0].Score, c.Candidates(c.Reports[r].Report, x => x.Id != c.Reports[r].Incident).Single(m => m.Incident == c.Reports[shelling].Incident).Score, 12);
        }
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }
}
