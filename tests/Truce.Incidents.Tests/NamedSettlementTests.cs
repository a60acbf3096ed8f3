using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Incidents.Correlation;
using Truce.Places;
using static Truce.Incidents.Tests.Build;
using static Truce.Incidents.Tests.CoarseCases;

namespace Truce.Incidents.Tests;

/// <summary>A statement naming a settlement says the event was nearer to it than to the other settlements its party
/// names (issue 17, docs/INCIDENTS.md "The settlement named"): the village's cell, learnt from the party's own
/// statements in the log, not only a circle around it.</summary>
public class NamedSettlementTests
{
    static (double Lat, double Lon) East((double Lat, double Lon) p, double km) => Spatial.LocalFrame.Move(p.Lat, p.Lon, km, 0);

    static readonly (double Lat, double Lon) Neighbour = East(Town, 6);

    static Gazetteer TwoVillages() => new([Village("test:town", Town), Village("test:neighbour", Neighbour)], ["az", "am"]);

    [Fact]
    public void The_cell_weighs_points_nearer_the_named_village_and_keeps_the_location_a_density()
    {
        var where = Gaussian.Round(Town.Lat, Town.Lon, 3);
        var cell = NamedSettlement.Of(Village("test:town", Town), where, [Village("test:neighbour", Neighbour)])!;
        Assert.Equal(1, cell.Rivals);
        Assert.True(cell.Weight(Town.Lat, Town.Lon) > 0.99);
        Assert.True(cell.Weight(Neighbour.Lat, Neighbour.Lon) < 0.01);
        var middle = East(Town, 3);
        Assert.InRange(cell.Weight(middle.Lat, middle.Lon), 0.45, 0.55);
        // The boundary lies 1σ east of the estimate's centre: Φ(1) of its mass is inside the cell.
        Assert.InRange(cell.Normaliser, 0.81, 0.87);
        Assert.Null(NamedSettlement.Of(Village("test:town", Town), where, []));
    }

    /// <summary>An incident known only roughly may lie on either side of the boundary: the cell weighs where it may be,
    /// not its centre alone. Centred 1 km inside with σ 1.5 km, about Φ(2/3) of it is inside, where the centre alone
    /// says all of it.</summary>
    [Fact]
    public void The_cell_weighs_an_estimate_across_its_boundary_by_how_much_of_it_lies_inside()
    {
        var cell = NamedSettlement.Of(Village("test:town", Town), Gaussian.Round(Town.Lat, Town.Lon, 3), [Village("test:neighbour", Neighbour)])!;
        var inside = East(Town, 2);
        Assert.True(cell.Weight(inside.Lat, inside.Lon) > 0.95);
        Assert.InRange(cell.Weight(Gaussian.Round(inside.Lat, inside.Lon, 1.5)), 0.68, 0.80);
        // A sharp estimate is read at its centre.
        Assert.Equal(cell.Weight(inside.Lat, inside.Lon), cell.Weight(Gaussian.Round(inside.Lat, inside.Lon, 0.01)), 12);
        // Beyond the boundary, the same: a little of a wide estimate is inside, nearly none of a sharp one.
        var beyond = East(Town, 4);
        Assert.True(cell.Weight(beyond.Lat, beyond.Lon) < 0.05);
        Assert.InRange(cell.Weight(Gaussian.Round(beyond.Lat, beyond.Lon, 1.5)), 0.20, 0.32);
    }

    /// <summary>On the boundary, any round estimate is half inside (the soft weight is symmetric about it); any estimate's
    /// weight is a share, from 0 to 1, and for estimates up to 1 km, stretched and tilted, within 0.05 of the average
    /// over a fine grid of points.</summary>
    [Property(MaxTest = 300)]
    public Property The_cell_weight_of_an_estimate_is_a_share_and_half_on_the_boundary() => Prop.ForAll(
        Gen.Choose(-800, 800).Select(x => x / 100.0).ToArbitrary(), Gen.Choose(1, 500).Select(x => x / 100.0).ToArbitrary(),
        Gen.Choose(-1000, 1000).Select(x => x / 100.0).ToArbitrary(), (north, sigma, east) =>
        {
            var cell = NamedSettlement.Of(Village("test:town", Town), Gaussian.Round(Town.Lat, Town.Lon, 3), [Village("test:neighbour", Neighbour)])!;
            var boundary = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 3, north);
            var onIt = cell.Weight(Gaussian.Round(boundary.Lat, boundary.Lon, sigma));
            var anywhere = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, east, north);
            var stretched = new Gaussian(anywhere.Lat, anywhere.Lon, sigma * sigma, 1.2 * sigma * sigma, 2 * sigma * sigma);
            // A rival to the north-east too, so that the boundaries do not all run along the estimate's axes.
            var northEast = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 3, 3);
            var corner = NamedSettlement.Of(Village("test:town", Town), Gaussian.Round(Town.Lat, Town.Lon, 3),
                [Village("test:neighbour", Neighbour), Village("test:north-east", northEast)])!;
            var w = corner.Weight(stretched);
            return Math.Abs(onIt - 0.5) < 2e-3 && w is >= 0 and <= 1 && (sigma > 0.7 || Math.Abs(w - Fine(corner, stretched)) < 0.04);
        });

    /// <summary>The weight averaged by brute force: 121 × 121 points over ±4σ of the estimate's axes.</summary>
    static double Fine(NamedSettlement cell, Gaussian g)
    {
        var (l11, l21) = (Math.Sqrt(g.Cxx), g.Cxy / Math.Sqrt(g.Cxx));
        var l22 = Math.Sqrt(g.Cyy - l21 * l21);
        double mass = 0, sum = 0;
        for (var a = 0; a < 121; a++)
        {
            for (var b = 0; b < 121; b++)
            {
                var (z1, z2) = (8.0 * a / 120 - 4, 8.0 * b / 120 - 4);
                var p = Spatial.LocalFrame.Move(g.Lat, g.Lon, l11 * z1, l21 * z1 + l22 * z2);
                var m = Math.Exp(-0.5 * (z1 * z1 + z2 * z2));
                (mass, sum) = (mass + m, sum + m * cell.Weight(p.Lat, p.Lon));
            }
        }
        return sum / mass;
    }

    /// <summary>Two reports 300 m beyond the boundary of the town's cell, a UAV's to 100 m and a patrol's within 2.4 km:
    /// a statement naming the town is weighed against each by how much of it may lie in the cell, so the rough one keeps
    /// much of the cell's weight and the sharp one little.</summary>
    [Fact]
    public void A_statement_weighs_an_incident_known_roughly_by_where_it_may_be_in_the_cell()
    {
        var log = new Log();
        log.Book.Settlements = TwoVillages();
        var spot = East(Town, 3.3);
        var sharp = log.Add("report", "jmc", Report("artillery", T0, 2, "drone", "uav-1", spot, "exact", 100));
        var rough = log.Add("report", "pk", Report("artillery", T0.AddDays(1), 2, "patrol", "patrol-1", spot, "near", 2400));
        log.Add("report", "az", Statement(new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero).AddDays(-3), Neighbour, "test:neighbour"));
        var c = log.Book.Correlator;
        double CellFactor(long incidentOf, int day)
        {
            var s = log.Add("report", "az", Statement(new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero).AddDays(day), Town, "test:town"));
            var reason = c.Explain(c.Reports[s].Report, c.Incidents[c.Reports[incidentOf].Incident])
                .Single(r => r.StartsWith("nearer to ", StringComparison.Ordinal) && r.Contains("az names", StringComparison.Ordinal));
            return double.Parse(reason[(reason.IndexOf('×') + 1)..reason.IndexOf(')')], CultureInfo.InvariantCulture);
        }
        var (ofSharp, ofRough) = (CellFactor(sharp, 0), CellFactor(rough, 1));
        // At their common centre the cell's weight is about 0.23 (×0.32 once the statement's own share in the cell is
        // divided out); about two-fifths of the rough report's estimate (σ 1.2 km) is inside (the rule gives 0.36).
        Assert.True(ofSharp < 0.4, $"sharp: ×{ofSharp}");
        Assert.True(ofRough > 1.3 * ofSharp, $"rough: ×{ofRough}, sharp: ×{ofSharp}");
    }

    /// <summary>Two patrols' shellings, 2.5 km west and 3.5 km east of the town, and a party's statement naming the town
    /// that morning. Around the town alone the two split the statement (0.52 and 0.38 of the posterior: neither
    /// attaches); once the party has named the neighbouring village 6 km east, the eastern shelling is nearer that one,
    /// so the statement is about the western one. The neighbour bounds the event towards it, so the circle about the
    /// town widens from the party's 6 km to 10.</summary>
    [Fact]
    public void A_statement_attaches_to_the_event_in_its_villages_cell_once_its_party_named_the_neighbour()
    {
        var (log, west, east, before) = StatedAroundTheTownAlone();
        var c = log.Book.Correlator;
        Assert.Null(c.Reports[before].Seen.Cell); // am has named no other village
        Assert.Contains("not attached", c.Reports[before].Suggestions[0].Reasons[0], StringComparison.Ordinal);

        log.Add("report", "az", Statement(Morning.AddDays(-3), Neighbour, "test:neighbour"));
        var after = log.Add("report", "az", Statement(Morning, Town, "test:town"));
        Assert.Equal(c.Reports[west].Incident, c.Reports[after].Incident);
        Assert.NotEqual(c.Reports[east].Incident, c.Reports[after].Incident);
        Assert.Contains(c.Reports[after].JoinedBy!.Reasons, r => r.StartsWith("nearer to the settlement named than to the 1 other settlements az names within reach (×1.389)", StringComparison.Ordinal));
        // Alone, the circle about the town is the party's 6 km; among rivals, which bound the event towards them, 10 km.
        Assert.Equal(6, c.Reports[before].Seen.SettlementRadiusKm!.Value, 9);
        Assert.Equal(10, c.Reports[after].Seen.SettlementRadiusKm!.Value, 9);
        Assert.Contains(c.Reports[after].JoinedBy!.Reasons, r => r.StartsWith("settlement radius 10 km for party-statement reports", StringComparison.Ordinal));
        var eastern = c.Reports[after].Suggestions.SingleOrDefault(m => m.Incident == c.Reports[east].Incident);
        // Its patrol placed it to about a kilometre, half a kilometre beyond the boundary: a little of it may be in the cell.
        Assert.True(eastern is null || eastern.Score < 0.2, $"the eastern shelling keeps at most a small share: {eastern?.Score}");
    }

    /// <summary>The same statement read before its party named the neighbouring village is read again when the party
    /// names it: within the town's cell it is about the western shelling, and attaches there at the entry that named the
    /// neighbour, with a step in both incidents. A monitor's assessment of the incident it is in keeps it there, and its
    /// first suggestion says where it would go.</summary>
    [Fact]
    public void An_earlier_statement_is_read_again_once_its_party_names_the_neighbour()
    {
        var (log, west, _, before) = StatedAroundTheTownAlone();
        var c = log.Book.Correlator;
        var alone = c.Reports[before].Incident;
        // Another party naming the neighbour says nothing of am's villages.
        log.Add("report", "az", Statement(Morning.AddDays(-3), Neighbour, "test:neighbour"));
        Assert.Equal(alone, c.Reports[before].Incident);

        var naming = log.Add("report", "am", Statement(Morning.AddDays(-3), Neighbour, "test:neighbour"));
        var target = c.Reports[west].Incident;
        Assert.Equal(target, c.Reports[before].Incident);
        Assert.Equal("test:town", c.Reports[before].Seen.Cell!.Id);
        Assert.StartsWith($"a party-statement report attached to observed incident I-{target}, once read again among the settlements am now names (",
            c.Reports[before].JoinedBy!.Reasons[0], StringComparison.Ordinal);
        var step = c.Incidents[target].History[^1];
        Assert.Equal((naming, $"report {before} re-attached from I-{alone}"), (step.Entry, step.What));
        Assert.StartsWith($"report {naming} is the first in which am names test:neighbour, near the settlement report {before} names", step.Reason, StringComparison.Ordinal);
        Assert.Equal(target, c.Incidents[alone].MergedInto);
        Assert.Equal(log.Book.Digest(), Rebuilt(log).Digest());

        var (assessed, w, _, held) = StatedAroundTheTownAlone();
        var book = assessed.Book.Correlator;
        assessed.Add("incident.status", "jmc", Status(book.Reports[held].Incident, "under-review"));
        assessed.Add("report", "am", Statement(Morning.AddDays(-3), Neighbour, "test:neighbour"));
        Assert.NotEqual(book.Reports[w].Incident, book.Reports[held].Incident);
        Assert.StartsWith($"would attach to observed incident I-{book.Reports[w].Incident}", book.Reports[held].Suggestions[0].Reasons[0], StringComparison.Ordinal);
    }

    /// <summary>A village 7 km north of the town bounds its cell on the side where neither shelling is: read again once its
    /// party names it, the statement still fits both and stays where it is, but what it is suggested to is weighed as it
    /// is now read (the circle about the town a cell's 10 km, the cell's reason shown), with a step in its incident that
    /// says why. Before, a statement that stayed kept the suggestions of its first reading.</summary>
    [Fact]
    public void A_statement_read_again_that_stays_is_suggested_as_it_is_now_read()
    {
        var north = Spatial.LocalFrame.Move(Town.Lat, Town.Lon, 0, 7);
        var (log, west, east) = TwoShellings(new Gazetteer([Village("test:town", Town), Village("test:neighbour", Neighbour), Village("test:north", north)], ["az", "am"]));
        var before = log.Add("report", "am", Statement(Morning, Town, "test:town"));
        var c = log.Book.Correlator;
        var alone = c.Reports[before].Incident;
        Assert.DoesNotContain(c.Reports[before].Suggestions.SelectMany(m => m.Reasons), r => r.StartsWith("nearer to the settlement named", StringComparison.Ordinal));

        var naming = log.Add("report", "am", Statement(Morning.AddDays(-3), north, "test:north"));
        Assert.Equal(alone, c.Reports[before].Incident);
        Assert.NotEqual(c.Reports[west].Incident, alone);
        var first = c.Reports[before].Suggestions[0];
        Assert.Contains(first.Incident, new[] { c.Reports[west].Incident, c.Reports[east].Incident });
        Assert.StartsWith("read again among the settlements am now names: not attached", first.Reasons[0], StringComparison.Ordinal);
        Assert.Contains(first.Reasons, r => r.StartsWith("nearer to the settlement named than to the 1 other settlements am names within reach", StringComparison.Ordinal));
        Assert.Contains(first.Reasons, r => r.StartsWith("settlement radius 10 km for party-statement reports", StringComparison.Ordinal));
        var step = c.Incidents[alone].History[^1];
        Assert.Equal((naming, $"report {before} read again, stays: not attached"), (step.Entry, step.What[..$"report {before} read again, stays: not attached".Length]));
        Assert.StartsWith($"report {naming} is the first in which am names test:north", step.Reason, StringComparison.Ordinal);
        Assert.Equal(log.Book.Digest(), Rebuilt(log).Digest());
    }

    /// <summary>A first naming reads again the party's statements of the week before it; older ones keep their reading.</summary>
    [Theory]
    [InlineData(7, true)]
    [InlineData(9, false)]
    public void A_first_naming_reads_again_the_statements_of_the_week_before_it(int day, bool movesToWest)
    {
        var (log, west, _, before) = StatedAroundTheTownAlone(); // logged on day 1
        log.Add("report", "am", Statement(Morning.AddDays(-3), Neighbour, "test:neighbour"), time: T0.AddDays(day));
        var c = log.Book.Correlator;
        Assert.Equal(movesToWest, c.Reports[west].Incident == c.Reports[before].Incident);
    }

    /// <summary>Re-correlation reads a party's earlier statements again when a statement a monitor placed names a village
    /// for the party's first time, as the run reaches it, and leaves nothing to be read again by whatever report comes
    /// next.</summary>
    [Fact]
    public void Re_correlation_reads_earlier_statements_again_by_a_naming_a_monitor_placed()
    {
        var (log, west, east, before) = StatedAroundTheTownAlone();
        var naming = log.Add("report", "am", Statement(Morning.AddDays(-3), Neighbour, "test:neighbour"));
        log.Add("incident.link", "jmc", new JsonObject { ["report"] = naming, ["incident"] = log.Book.Correlator.Reports[east].Incident, ["reason"] = "the monitor's call" });
        log.Add("incident.recorrelate", "mission", new JsonObject { ["reason"] = "check" });
        var c = log.Book.Correlator;
        Assert.True(c.Reports[naming].Pinned);
        Assert.Equal(c.Reports[west].Incident, c.Reports[before].Incident);
        var later = log.Add("report", "az", Statement(Morning.AddDays(-5), Town, "test:town"));
        Assert.DoesNotContain(c.Incidents.Values.SelectMany(i => i.History), h => h.Entry == later && h.What.Contains("re-attached", StringComparison.Ordinal));
        Assert.Equal(log.Book.Digest(), Rebuilt(log).Digest());
    }

    /// <summary>A client that resolved the name itself sends the settlement's point at settlement precision and no place
    /// id: the point names the settlement all the same.</summary>
    [Fact]
    public void A_settlement_point_without_a_place_id_names_the_settlement()
    {
        var (log, west, _) = TwoShellings();
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        log.Add("report", "az", Statement(morning.AddDays(-3), Neighbour, null));
        var after = log.Add("report", "az", Statement(morning, Town, null));
        var c = log.Book.Correlator;
        Assert.NotNull(c.Reports[after].Seen.Cell);
        Assert.Equal("test:town", c.Reports[after].Seen.Cell!.Id);
        Assert.Equal(c.Reports[west].Incident, c.Reports[after].Incident);

        // 300 m off the village is a place of its own, not the village named.
        var off = log.Add("report", "az", Statement(morning, East(Town, 0.3), null));
        Assert.Null(c.Reports[off].Seen.Cell);
    }

    /// <summary>"4 km east of the town" states a spot: the resolver's radius, which grows with the distance stated, stands
    /// (1 km and a quarter of the distance), not the circle a party's settlement named is given; the town's cell still
    /// says the event was nearer the town than the neighbour.</summary>
    [Fact]
    public void An_offset_from_a_settlement_keeps_the_resolvers_radius()
    {
        var (log, _, _) = TwoShellings();
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        log.Add("report", "az", Statement(morning.AddDays(-3), Neighbour, "test:neighbour"));
        var body = Statement(morning, East(Town, 2), "test:town");
        body["location"]!["precision"] = "near";
        body["location"]!["radius"] = 1500;
        var offset = log.Add("report", "az", body);
        var seen = log.Book.Correlator.Reports[offset].Seen;
        Assert.Null(seen.SettlementRadiusKm);
        Assert.Equal(0.75, seen.Where.MeanSigma, 3);
        Assert.Equal("test:town", seen.Cell!.Id);
        var near = Statement(morning, Town, "test:town");
        near["location"]!["precision"] = "near";
        Assert.Equal(10, log.Book.Correlator.Reports[log.Add("report", "az", near)].Seen.SettlementRadiusKm!.Value, 9);
    }

    /// <summary>A party that has named another village, but none within reach of this one, gives it no cell: the circle
    /// alone, at the kind's radius.</summary>
    [Fact]
    public void Without_a_rival_within_reach_the_circle_keeps_the_kinds_radius()
    {
        var far = East(Town, 60);
        var log = new Log();
        log.Book.Settlements = new Gazetteer([Village("test:town", Town), Village("test:far", far)], ["az", "am"]);
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        log.Add("report", "az", Statement(morning.AddDays(-3), far, "test:far"));
        var s = log.Add("report", "az", Statement(morning, Town, "test:town"));
        var seen = log.Book.Correlator.Reports[s].Seen;
        Assert.Null(seen.Cell);
        Assert.Equal(6, seen.SettlementRadiusKm!.Value, 9);
    }

    /// <summary>What a party named counts only where the book holds it: replayed in log order, the same cells.</summary>
    [Fact]
    public void A_rebuild_learns_the_same_villages_in_the_same_order()
    {
        var (log, _, _) = TwoShellings();
        var morning = new DateTimeOffset(T0.Date.AddHours(6), TimeSpan.Zero);
        log.Add("report", "az", Statement(morning.AddDays(-3), Neighbour, "test:neighbour"));
        log.Add("report", "az", Statement(morning, Town, "test:town"));
        Assert.Equal(log.Book.Digest(), Rebuilt(log).Digest());
        var recorrelated = log.Add("incident.recorrelate", "mission", new JsonObject { ["reason"] = "check" });
        Assert.True(recorrelated > 0);
        var c = log.Book.Correlator;
        Assert.Equal(c.Reports[0].Incident, c.Reports[log.Entries.Count - 2].Incident);
    }

    static readonly DateTimeOffset Morning = new(T0.Date.AddHours(6), TimeSpan.Zero);

    /// <summary>The two shellings, and am's statement of a shelling at the town that morning, read when am has named no
    /// other village: it attaches to neither.</summary>
    static (Log Log, long West, long East, long Before) StatedAroundTheTownAlone()
    {
        var (log, west, east) = TwoShellings();
        var before = log.Add("report", "am", Statement(Morning, Town, "test:town"));
        Assert.NotEqual(log.Book.Correlator.Reports[west].Incident, log.Book.Correlator.Reports[before].Incident);
        return (log, west, east, before);
    }

    /// <summary>The book built again from the log's entries on the same gazetteer, as a rebuild does.</summary>
    static IncidentBook Rebuilt(Log log)
    {
        var book = new IncidentBook { Settlements = log.Book.Settlements };
        for (var i = 0; i < log.Entries.Count; i++)
        {
            book.Apply(i, log.Entries[i].Env, log.Entries[i].Body);
        }
        return book;
    }

    static (Log Log, long West, long East) TwoShellings(Gazetteer? villages = null)
    {
        var log = new Log();
        log.Book.Settlements = villages ?? TwoVillages();
        var west = log.Add("report", "pk", Report("artillery", T0, 2, "patrol", "patrol-1", East(Town, -2.5), "near", 1000));
        var east = log.Add("report", "pk", Report("artillery", T0, 2, "patrol", "patrol-2", East(Town, 3.5), "near", 1000));
        Assert.NotEqual(log.Book.Correlator.Reports[west].Incident, log.Book.Correlator.Reports[east].Incident);
        return (log, west, east);
    }
}
