using System.Text.Json.Nodes;
using Truce.Places;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>Constructed cases that more than one test class starts from: what correlation does with them as they stand,
/// and what changes once a monitor has assessed an incident (AssessedIncidentTests).</summary>
static class CoarseCases
{
    public static readonly (double Lat, double Lon) Town = (39.90, 46.80);

    /// <summary>Midnight of the day of <see cref="Build.T0"/>.</summary>
    public static readonly DateTimeOffset Day = new(T0.Date, TimeSpan.Zero);

    /// <summary>A settlement of a test gazetteer, named alike by both parties (az as its id, am with "-am").</summary>
    public static Place Village(string id, (double Lat, double Lon) p) =>
        new(id, PlaceKind.Settlement, p.Lat, p.Lon, [new PlaceName("az", "und", id), new PlaceName("am", "und", id + "-am")]) { Source = "synthetic" };

    /// <summary>A party's statement of artillery fire in a part of the day, at a settlement's point, naming the
    /// settlement by its place id when one is given (a client that resolved the name sends it).</summary>
    public static JsonObject Statement(DateTimeOffset morning, (double Lat, double Lon) at, string? place)
    {
        var body = Report("artillery", morning, 0, "party-statement", null, at, "settlement", timePrecision: "part-of-day");
        if (place is not null)
        {
            body["location"]!["place"] = place;
        }
        return body;
    }

    /// <summary>Two parties' statements of the day's morning and afternoon, naming towns 4 km apart: they group.</summary>
    public static (long Here, long There, long Grouped) TwoStatementsGrouped(Log log)
    {
        var here = log.Add("report", "az", Report("artillery", Day, 720, "party-statement", null, Town, "settlement", timePrecision: "part-of-day"));
        var there = log.Add("report", "am", Report("artillery", Day, 720, "party-statement", null, Offset(Town, 0, 4), "settlement", timePrecision: "part-of-day"));
        var c = log.Book.Correlator;
        Assert.Equal(c.Reports[here].Incident, c.Reports[there].Incident);
        return (here, there, c.Reports[here].Incident);
    }

    /// <summary>A patrol's report of a second shelling 1.2 km off a camera's joins the camera's incident by mistake.</summary>
    public static (long Camera, long Wrong, long Incident) WrongJoin(Log log)
    {
        var cam = log.Add("report", "jmc", Report("mortar", T0, 4, "fixed-camera", "cam-1", Town, "exact"));
        var wrong = log.Add("report", "pk", Report("mortar", T0.AddMinutes(1), 4, "patrol", "patrol-1", Offset(Town, 1.2, 0)));
        var c = log.Book.Correlator;
        Assert.Equal(c.Reports[cam].Incident, c.Reports[wrong].Incident);
        return (cam, wrong, c.Reports[cam].Incident);
    }

    /// <summary>The northern and southern shellings of <see cref="BulletinOfTwoShellings"/>.</summary>
    public static readonly (double Lat, double Lon) North = Offset(Town, 2, 0), South = Offset(Town, -3, 0);

    /// <summary>Two shellings 5 km and two hours apart, seen by cameras; a bulletin's vague statement of the morning,
    /// logged next, attaches to the northern one.</summary>
    public static (long North, long South, long Vague) BulletinOfTwoShellings(Log log)
    {
        var n = log.Add("report", "jmc", Report("artillery", T0, 3, "fixed-camera", "cam-1", North, "exact"));
        var s = log.Add("report", "jmc", Report("artillery", T0.AddHours(2), 3, "fixed-camera", "cam-2", South, "exact"));
        var vague = log.Add("report", "az", Report("artillery", Morning, 360, "party-statement", "bulletin-1", Offset(Town, 1, 0), "settlement", timePrecision: "part-of-day"));
        Assert.Equal(log.Book.Correlator.Reports[n].Incident, log.Book.Correlator.Reports[vague].Incident);
        return (n, s, vague);
    }

    /// <summary>The same bulletin's statement of the northern shelling to the hour.</summary>
    public static JsonObject PreciseStatementOfTheNorth() =>
        Report("artillery", T0, 60, "party-statement", "bulletin-1", North, "settlement", timePrecision: "hour");

    public static readonly DateTimeOffset Morning = Day.AddHours(6);
}
