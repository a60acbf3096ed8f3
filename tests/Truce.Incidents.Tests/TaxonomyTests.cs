using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Incidents.Queries;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>The shipped vocabulary against SPEC §3.3, and estimates whose best figure is unknown.</summary>
public class TaxonomyTests
{
    static readonly (double Lat, double Lon) Here = (39.95, 46.85);

    [Fact]
    public void The_taxonomy_names_everything_spec_3_3_names()
    {
        var t = Taxonomy.Taxonomy.Default();
        // "ceasefire violation by small arms, heavy machine gun, mortar, artillery, rocket launcher, tank, missile, drone
        // strike; explosion of unknown origin; airspace violation; movement or fortification of forces; presence of armed
        // groups; attack on civilians or property", and the illumination flares monitors count among violations.
        Assert.All(new[] { "small-arms", "heavy-machine-gun", "mortar", "artillery", "rocket-launcher", "tank", "missile", "drone-strike",
            "explosion-unknown", "illumination-flare", "drone-overflight", "troop-movement", "fortification", "armed-group", "attack-on-civilians",
            "damage-to-property" }, id => Assert.NotNull(t.FindType(id)));
        Assert.All(new[] { "ceasefire-violation", "explosion", "airspace", "forces", "armed-groups", "civilians" }, c => Assert.Contains(c, t.Categories));
        // "explosions assessed as impact, outgoing or undetermined; projectiles in flight with their direction; muzzle
        // flashes; illumination flares; airbursts; bursts and shots", and craters found afterwards.
        Assert.Equal(["impact", "outgoing", "undetermined"], t.Perceptions["explosion"]);
        Assert.All(new[] { "projectile", "muzzle-flash", "flare", "airburst", "burst", "shot", "crater" }, p => Assert.Contains(p, t.Perceptions.Keys));
        Assert.All(new[] { "patrol", "fixed-camera", "drone", "acoustic-sensor", "party-statement", "media", "public" }, s => Assert.Contains(s, t.Sources));
        Assert.All(new[] { "exact", "near", "settlement", "district", "region" }, p => Assert.Contains(p, t.Precisions.Keys));
        // A flare is no explosion: never the same event as a shelling.
        Assert.Equal(0, t.Compatibility("illumination-flare", "explosion-unknown"));
    }

    [Fact]
    public void A_flare_and_the_craters_a_patrol_finds_are_reports()
    {
        var log = new Log();
        var flare = Report("illumination-flare", T0, 2, "observation-post", "OP-1", Here);
        flare["perceptions"] = new JsonArray(new JsonObject { ["kind"] = "flare", ["sense"] = "seen", ["count"] = 2 });
        log.Add("report", "jmc", flare);
        var craters = Report("mortar", T0.AddHours(-6), 20 * 60, "patrol", "p1", Here, "exact");
        craters["time"]!["precision"] = "day";
        craters["perceptions"] = new JsonArray(new JsonObject { ["kind"] = "crater", ["sense"] = "seen", ["direction"] = 270, ["count"] = 4 });
        var i = log.Add("report", "pk", craters, T0.AddDays(1));
        Assert.Equal("crater", log.Book.Correlator.Reports[i].Report.Perceptions.Single().Kind);
    }

    [Fact]
    public void A_best_figure_may_be_left_out_when_unknown_and_the_refusal_says_so()
    {
        var log = new Log();
        var body = Report("mortar", T0, 5, "patrol", "p1", Here);
        body["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = 1, ["best"] = 0, ["high"] = 2 } };
        var e = Assert.Throws<ValidationException>(() => log.Add("report", "pk", body));
        var problem = e.Errors.Single(x => x.Field == "body.counts.explosions").Problem;
        Assert.Contains("omit best", problem, StringComparison.Ordinal);

        body["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = 1 } };
        Assert.Equal("body.counts.explosions.best", Assert.Throws<ValidationException>(() => log.Add("report", "pk", body)).Field);

        // Only low and high: best unknown, and an incident of such reports does not invent one.
        body["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = 1, ["high"] = 2 } };
        var a = log.Add("report", "pk", body);
        Assert.Null(log.Book.Correlator.Reports[a].Report.Counts["explosions"].Best);
        var id = log.Book.Correlator.Reports[a].Incident;
        Assert.Equal(new Reports.Estimate(1, null, 2), IncidentQueries.Detail(log.Book, id)!.Incident.Counts["explosions"]);

        // With a known best beside it, the known one is the median.
        var other = Report("mortar", T0.AddMinutes(1), 5, "fixed-camera", "c1", Here, "exact");
        other["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = 2, ["best"] = 3, ["high"] = 5 } };
        var b = log.Add("report", "jmc", other);
        Assert.Equal(id, log.Book.Correlator.Reports[b].Incident);
        Assert.Equal(new Reports.Estimate(2, 3, 5), IncidentQueries.Detail(log.Book, id)!.Incident.Counts["explosions"]);
    }
}
