using System.Text.Json.Nodes;
using Truce.Core.Entries;

namespace Truce.MineAction.Tests;

/// <summary>Land release: areas from geometries, hazards that shrink, split, close and are handed over; rebuild equals live.</summary>
public class LandReleaseTests
{
    static JsonObject Activity(string id, string type, JsonObject? outcomes, string status = "completed", string hazard = "H") => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["hazard"] = hazard,
        ["organisation"] = "Test Demining Org",
        ["method"] = "manual",
        ["start"] = "2021-07-01T06:00:00Z",
        ["end"] = "2021-07-20T16:00:00Z",
        ["status"] = status,
        ["outcomes"] = outcomes,
        ["synthetic"] = true,
    };

    static MineLog Square()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("H", Geo.Rect(0, 0, 1000, 1000), type: "SHA"));
        return log;
    }

    [Fact]
    public void Survey_and_clearance_shrink_a_hazard_split_it_and_close_it()
    {
        var log = Square();
        // A change makes a changed copy of the hazard (books of several audiences may share one): read it afresh.
        Hazards.Hazard H() => log.Book.Hazards["H"];
        var h = H();
        Assert.InRange(h.EstimatedM2, 998_000, 1_002_000);

        // Non-technical survey cancels the western 300 m.
        log.Add(MineActionKinds.Release, "az", Activity("A1", "non-technical-survey", new JsonObject { ["cancelled"] = Geo.Rect(-50, -50, 300, 1050) }));
        var a1 = log.Book.Activities["A1"];
        var cancelled = Assert.Single(a1.Outcomes);
        Assert.Equal("cancelled", cancelled.Kind);
        Assert.InRange(cancelled.ReleasedM2 / H().EstimatedM2, 0.2999, 0.3001); // only the part that was hazardous counts
        Assert.True(cancelled.SubmittedM2 > cancelled.ReleasedM2);
        Assert.InRange(H().RemainingM2 / H().EstimatedM2, 0.6999, 0.7001);

        // Clearance of a strip through the middle splits what remains in two.
        log.Add(MineActionKinds.Release, "az", Activity("A2", "clearance", new JsonObject { ["cleared"] = Geo.Rect(250, 450, 1100, 550) }));
        Assert.Equal(2, H().Parts);
        Assert.Contains(H().History, e => e.What.Contains("split into 2 parts", StringComparison.Ordinal));
        Assert.InRange(H().RemainingM2 / H().EstimatedM2, 0.6299, 0.6301);
        Assert.Equal("open", H().Status);

        // Technical survey reduces the rest: the hazard closes, then a handover certificate hands the land over.
        log.Add(MineActionKinds.Release, "az", Activity("A3", "technical-survey", new JsonObject { ["reduced"] = Geo.Rect(-10, -10, 1010, 1010) }));
        Assert.Equal("closed", H().Status);
        Assert.Equal(0, H().RemainingM2);
        Assert.InRange(H().ReleasedM2.Values.Sum() / H().EstimatedM2, 0.9999, 1.0001);
        var cert = Activity("A4", "handover-certificate", null);
        cert["handedTo"] = "village council (synthetic)";
        cert["present"] = new JsonObject { ["women"] = 4, ["men"] = 6, ["girls"] = 1, ["boys"] = 2 };
        log.Add(MineActionKinds.Release, "az", cert);
        Assert.Equal("handed-over", H().Status);
        Assert.Equal(13, log.Book.Activities["A4"].Present!.Total);

        // Closed hazards release nothing more.
        var e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Release, "az", Activity("A5", "clearance", new JsonObject { ["cleared"] = Geo.Rect(0, 0, 10, 10) })));
        Assert.Equal("body.outcomes", e.Errors[0].Field);

        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void Statistics_sum_released_land_by_month_activity_district_and_organisation()
    {
        var log = Square();
        log.Add(MineActionKinds.Release, "az", Activity("A1", "non-technical-survey", new JsonObject { ["cancelled"] = Geo.Rect(0, 0, 500, 1000) }));
        var c = Activity("A2", "clearance", new JsonObject { ["cleared"] = Geo.Rect(500, 0, 1000, 500) });
        c["end"] = "2021-08-03T16:00:00Z";
        c["organisation"] = "Other Org";
        log.Add(MineActionKinds.Release, "az", c);
        var s = Statistics.MineStatistics.Compute(log.Book, log.Book);
        Assert.Equal(["2021-07", "2021-08"], s.ByMonth.Select(m => m.Key));
        Assert.InRange(s.ByMonth[0].CancelledM2 / s.Total.TotalM2, 0.666, 0.667);
        Assert.InRange(s.ByMonth[1].ClearedM2 / s.Total.TotalM2, 0.333, 0.334);
        Assert.Equal(["Other Org", "Test Demining Org"], s.ByOrganisation.Select(o => o.Key));
        Assert.Equal("test district", Assert.Single(s.ByDistrict).Key);
        Assert.Equal(1, s.OpenHazardsByType["SHA"]);
        Assert.InRange(s.OpenHazardM2 + s.Total.TotalM2, 998_000, 1_002_000);
    }

    [Fact]
    public void Bad_activities_name_the_field()
    {
        var log = Square();
        var e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Release, "az", Activity("A1", "non-technical-survey",
            new JsonObject { ["cleared"] = Geo.Rect(0, 0, 10, 10), ["blasted"] = Geo.Rect(0, 0, 10, 10) })));
        Assert.Contains(e.Errors, x => x.Field == "body.outcomes.cleared");
        Assert.Contains(e.Errors, x => x.Field == "body.outcomes.blasted");
        var bowtie = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(Geo.Ring((0, 0), (100, 100), (100, 0), (0, 100))) };
        e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Release, "az", Activity("A1", "clearance", new JsonObject { ["cleared"] = bowtie })));
        Assert.Equal("body.outcomes.cleared.coordinates", e.Errors[0].Field);
        e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Release, "az", Activity("A1", "clearance", null, hazard: "nope")));
        Assert.Equal("body.hazard", e.Errors[0].Field);
        Assert.Empty(log.Book.Activities);
    }
}
