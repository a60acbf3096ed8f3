using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Xunit;
using Truce.Incidents.Correlation;
using Truce.Incidents.Reports;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>How coarse sources name what observers saw (issue 17): learnt from attachments, weighed in a statement's type
/// factor against observed incidents, said in its reasons, taken back on retraction.</summary>
public class TypeNamingTests
{
    static readonly (double Lat, double Lon) Town = (39.90, 46.80);

    [Fact]
    public void Until_a_kind_has_attachments_the_taxonomys_compatibility_stands()
    {
        var n = new TypeNaming();
        Assert.Equal(0.7, n.Factor("party-statement", "artillery", "mortar", 0.7));
        n.Add(new("party-statement", "mortar", "mortar"));
        Assert.Equal(0.7, n.Factor("media", "artillery", "mortar", 0.7)); // another kind learnt nothing
        Assert.Equal(0.7, n.Factor("party-statement", "mortar", "artillery", 0.7)); // nor of artillery
        Assert.Equal(1, n.Factor("party-statement", "mortar", "mortar", 1));
        Assert.Equal(0, n.Factor("party-statement", "sniper", "mortar", 0)); // the taxonomy's refusals stand
    }

    [Fact]
    public void A_factor_is_how_often_the_other_type_was_said_against_the_observed_one()
    {
        var n = new TypeNaming();
        for (var k = 0; k < 6; k++)
        {
            n.Add(new("party-statement", "mortar", "mortar"));
        }
        for (var k = 0; k < 3; k++)
        {
            n.Add(new("party-statement", "mortar", "artillery"));
        }
        var w = TypeNaming.PriorWeight;
        Assert.Equal((3 + w * 0.7) / (6 + w), n.Factor("party-statement", "artillery", "mortar", 0.7), 12);
        Assert.Equal(w * 0.7 / (6 + w), n.Factor("party-statement", "grenade-launcher", "mortar", 0.7), 12);
        for (var k = 0; k < 20; k++)
        {
            n.Add(new("party-statement", "mortar", "artillery"));
        }
        Assert.Equal(1, n.Factor("party-statement", "artillery", "mortar", 0.7)); // never above an exact match
    }

    /// <summary>Whatever was taught, taking it all back leaves the taxonomy's compatibility (a retraction, a move).</summary>
    [Property(MaxTest = 200)]
    public bool Taking_back_every_attachment_restores_the_prior(byte[] said, byte[] seen)
    {
        string[] types = ["mortar", "artillery", "grenade-launcher", "tank"];
        var n = new TypeNaming();
        var taught = said.Zip(seen, (a, b) => new TypeNaming.Taught("party-statement", types[b % 4], types[a % 4])).ToList();
        taught.ForEach(t => n.Add(t));
        taught.ForEach(t => n.Add(t, -1));
        return types.All(a => types.All(b => a == b || n.Factor("party-statement", a, b, 0.7) == 0.7));
    }

    /// <summary>Two books alike but for how the party named four days of mortar fire the post saw: as mortar, or as
    /// artillery. A fifth day's "artillery" weighs against that day's mortar incident by exactly what each book learnt,
    /// and its reasons say so; retracting what taught the second book takes the lesson back.</summary>
    [Fact]
    public void A_statement_naming_the_heavier_weapon_weighs_by_what_the_book_learnt_of_its_kind()
    {
        const int Days = 4;
        var (plain, plainTaught) = Book(said: "mortar", Days);
        var (escalating, escalatingTaught) = Book(said: "artillery", Days);
        var probe = Probe(Days);
        var a = Only(plain.Book.Correlator.Candidates(probe));
        var b = Only(escalating.Book.Correlator.Candidates(probe));
        var w = TypeNaming.PriorWeight;
        // Book one: never said artillery of mortar fire; book two: always did (capped at an exact match's 1).
        Assert.Equal(w * 0.7 / (Days + w), a.Odds / b.Odds, 9);
        Assert.Contains(a.Reasons, r => r == $"artillery and mortar are of one family (indirect-fire); party-statement reports in this book have called mortar (as observed) artillery ×{w * 0.7 / (Days + w):0.0##} as often as mortar (the taxonomy alone: ×0.7)");
        Assert.Contains(b.Reasons, r => r.EndsWith("as often as mortar (the taxonomy alone: ×0.7)", StringComparison.Ordinal) && r.Contains("artillery ×1.0 as", StringComparison.Ordinal));
        Assert.Equal(escalating.Book.Digest(), escalating.Replay().Digest());

        foreach (var idx in escalatingTaught)
        {
            escalating.Add("report.retract", "az", new JsonObject { ["report"] = idx, ["reason"] = "withdrawn" });
        }
        foreach (var idx in plainTaught)
        {
            plain.Add("report.retract", "az", new JsonObject { ["report"] = idx, ["reason"] = "withdrawn" });
        }
        var (a2, b2) = (Only(plain.Book.Correlator.Candidates(probe)), Only(escalating.Book.Correlator.Candidates(probe)));
        Assert.Equal(1, a2.Odds / b2.Odds, 9);
        Assert.Contains(b2.Reasons, r => r == "artillery and mortar are of one family (indirect-fire)");
    }

    static Match Only(List<Match> m) => Assert.Single(m);

    static DateTimeOffset Day(int k) => new DateTimeOffset(T0.Date, TimeSpan.Zero).AddDays(k);

    /// <summary>Days 0..days-1: a post sees mortar fire a kilometre from the town at 08:00, and the party's morning
    /// statement names the town and <paramref name="said"/>; then day <paramref name="days"/>'s post report.</summary>
    static (Log Log, List<long> Statements) Book(string said, int days)
    {
        var log = new Log();
        var c = log.Book.Correlator;
        var shelling = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 0, 1);
        var statements = new List<long>();
        for (var k = 0; k <= days; k++)
        {
            var op = log.Add("report", "jmc", Report("mortar", Day(k).AddHours(8), 3, "observation-post", "OP-1", shelling, "near", 300), Day(k).AddHours(9));
            if (k == days)
            {
                break;
            }
            var s = log.Add("report", "az", Statement(said, k), Day(k).AddHours(11));
            Assert.Equal(c.Reports[op].Incident, c.Reports[s].Incident);
            statements.Add(s);
        }
        return (log, statements);
    }

    static JsonObject Statement(string type, int day) =>
        Report(type, Day(day).AddHours(6), 0, "party-statement", null, Town, "settlement", timePrecision: "part-of-day");

    static Report Probe(int day) =>
        ReportParser.Parse(9999, Env("report", "az", Day(day).AddHours(11)), Json(Statement("artillery", day)), Taxonomy.Taxonomy.Default());
}
