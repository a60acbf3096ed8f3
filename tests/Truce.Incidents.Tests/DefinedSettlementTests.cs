using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Places;
using static Truce.Incidents.Tests.Build;
using static Truce.Incidents.Tests.CoarseCases;

namespace Truce.Incidents.Tests;

/// <summary>Settlements a mission defines by <c>place</c> entry: villages along the line that the shipped gazetteer (towns
/// of over a thousand people) lacks, which statements name. Correlation reads them exactly as it reads shipped ones.</summary>
public class DefinedSettlementTests
{
    static readonly (double Lat, double Lon) Neighbour = Offset(Town, 0, 6);

    static JsonObject Settlement(string id, (double Lat, double Lon) at, string kind = "settlement") => new()
    {
        ["id"] = id,
        ["kind"] = kind,
        ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(at.Lon, at.Lat) },
        ["names"] = new JsonObject { ["az"] = id + " (az)", ["am"] = id + " (am)" },
        ["synthetic"] = true,
    };

    /// <summary>The case of ReasonWordingTests' cell line (party az names the neighbour, then the town, for a shelling a
    /// patrol placed 4 km east of the town), with both villages defined by entries on the build's gazetteer rather than
    /// a test gazetteer: the cell and its factor must come out the same.</summary>
    static (Log Log, long Seen, long Said) NeighbourCase(bool defined)
    {
        var log = new Log();
        if (defined)
        {
            log.Add("place", "mission", Settlement("test:town", Town));
            log.Add("place", "mission", Settlement("test:neighbour", Neighbour));
        }
        var morning = Day.AddHours(6);
        var seen = log.Add("report", "pk", Report("artillery", T0, 3, "patrol", "patrol-1", Offset(Town, 0, 4), "near", 1000));
        log.Add("report", "az", Statement(morning.AddDays(-3), Neighbour, "test:neighbour"));
        var said = log.Add("report", "az", Statement(morning, Town, "test:town"));
        return (log, seen, said);
    }

    static IReadOnlyList<string> Reasons(Log log, long said, long seen)
    {
        var c = log.Book.Correlator;
        return c.Explain(c.Reports[said].Report, c.Incidents[c.Reports[seen].Incident]);
    }

    [Fact]
    public void A_settlement_defined_by_entry_bounds_a_statement_as_a_shipped_one_does()
    {
        var (log, seen, said) = NeighbourCase(defined: true);
        Assert.Contains("nearer to another settlement az names than to the one named (×0.106)", Reasons(log, said, seen));

        // Without the entries the ids name nothing the book knows: a circle alone, no cell.
        var (bare, bareSeen, bareSaid) = NeighbourCase(defined: false);
        Assert.DoesNotContain(Reasons(bare, bareSaid, bareSeen), r => r.Contains("settlement az names", StringComparison.Ordinal));
    }

    [Fact]
    public void A_settlement_defined_near_an_incident_or_one_of_its_reports_marks_the_incident_changed_at_that_entry()
    {
        var log = new Log();
        var (north, _, vague) = BulletinOfTwoShellings(log);
        var incident = log.Book.Correlator.Incidents[log.Book.Correlator.Reports[north].Incident];
        Assert.Equal(-1, incident.Renamed);
        // 8.5 km south of the town: 10.5 km from the incident (the camera's shelling 2 km north of it), 9.5 km from the
        // attached statement's estimate 1 km north of it, whose "near" in the reports layer may now change.
        var south = log.Add("place", "mission", Settlement("test:south", Offset(Town, -8.5, 0)));
        Assert.Equal(incident.Id, log.Book.Correlator.Reports[vague].Incident);
        Assert.Equal(south, incident.Renamed);
        Assert.Equal(south, incident.LastChanged);
        // Far from both: nothing to rename.
        log.Add("place", "mission", Settlement("test:far", Offset(Town, 40, 0)));
        Assert.Equal(south, incident.LastChanged);
    }

    [Fact]
    public void A_book_adds_its_settlements_to_a_gazetteer_of_its_own()
    {
        var (log, _, _) = NeighbourCase(defined: true);
        Assert.Equal(PlaceKind.Settlement, log.Book.Settlements!.Find("test:neighbour")!.Kind);
        Assert.Equal("test:neighbour (am)", log.Book.Settlements.Find("test:neighbour")!.Names.Single(n => n.Convention == "am").Name);
        // The build's gazetteer, which every other book (another audience's, another deployment's) starts from, is untouched.
        Assert.Null(new IncidentBook().Settlements!.Find("test:neighbour"));
        Assert.Equal(Gazetteer.LoadDefault().Count, new IncidentBook().Settlements!.Count);
    }

    [Fact]
    public void A_settlement_redefined_as_another_place_leaves_the_gazetteer_and_the_cell_goes_with_it()
    {
        var (log, seen, said) = NeighbourCase(defined: true);
        log.Add("place", "mission", Settlement("test:neighbour", Neighbour, "checkpoint"));
        Assert.Null(log.Book.Settlements!.Find("test:neighbour"));
        Assert.Equal("checkpoint", log.Book.Places["test:neighbour"].Kind);
        Assert.DoesNotContain(Reasons(log, said, seen), r => r.Contains("settlement az names", StringComparison.Ordinal));

        // Defined again: the cell (built from the gazetteer as it is now) is back.
        log.Add("place", "mission", Settlement("test:neighbour", Neighbour));
        Assert.Contains("nearer to another settlement az names than to the one named (×0.106)", Reasons(log, said, seen));

        // Another statement naming the town makes the book keep the town's cell among one rival; moved 2 km further east,
        // the neighbour's cell no longer holds the shelling, and the town's cell must be built again (the kept one would
        // still say ×0.106).
        log.Add("report", "az", Statement(Day.AddHours(12), Town, "test:town"));
        log.Add("place", "mission", Settlement("test:neighbour", Offset(Town, 0, 8)));
        var moved = Reasons(log, said, seen);
        Assert.DoesNotContain("nearer to another settlement az names than to the one named (×0.106)", moved);
        Assert.Contains(moved, r => r.StartsWith("nearer to the settlement named than to the 1 other settlement", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shipped_settlement_redefined_and_then_made_a_checkpoint_is_the_shipped_one_again()
    {
        var log = new Log();
        var shipped = log.Book.Settlements!.All.First(p => p.Kind == PlaceKind.Settlement);
        log.Add("place", "mission", Settlement(shipped.Id, Town));
        Assert.Equal((Town.Lat, Town.Lon), (log.Book.Settlements!.Find(shipped.Id)!.Lat, log.Book.Settlements.Find(shipped.Id)!.Lon));
        log.Add("place", "mission", Settlement(shipped.Id, Town, "checkpoint"));
        var again = log.Book.Settlements.Find(shipped.Id)!;
        Assert.Equal((shipped.Lat, shipped.Lon, shipped.Source, shipped.Names.Count), (again.Lat, again.Lon, again.Source, again.Names.Count));
        // The shared gazetteer never moved it.
        Assert.Equal((shipped.Lat, shipped.Lon), (new IncidentBook().Settlements!.Find(shipped.Id)!.Lat, new IncidentBook().Settlements!.Find(shipped.Id)!.Lon));
    }

    [Fact]
    public void A_shipped_settlement_moved_by_entry_keeps_its_shipped_names()
    {
        var log = new Log();
        var shipped = log.Book.Settlements!.Resolve("Shusha")!.Place;
        log.Add("place", "mission", Settlement(shipped.Id, Town));
        var moved = log.Book.Settlements!.Resolve("Shushi")!;
        Assert.Equal((shipped.Id, Town.Lat, Town.Lon), (moved.Place.Id, moved.Lat, moved.Lon));
        Assert.Equal(shipped.Id, log.Book.Settlements.Resolve(shipped.Id + " (am)")!.Place.Id);
    }

    [Fact]
    public void A_settlement_may_not_take_a_shipped_district_or_regions_id()
    {
        var log = new Log();
        var district = log.Book.Settlements!.All.First(p => p.Kind == PlaceKind.District);
        var refused = Assert.Throws<ValidationException>(() => log.Add("place", "mission", Settlement(district.Id, Town)));
        Assert.Equal("body.id", refused.Field);
        Assert.Equal(PlaceKind.District, log.Book.Settlements.Find(district.Id)!.Kind);
    }

    [Fact]
    public void A_settlement_must_be_a_point()
    {
        var log = new Log();
        var body = Settlement("test:area", Town);
        body["geometry"] = new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray(new JsonArray(46.8, 39.9), new JsonArray(46.81, 39.9), new JsonArray(46.81, 39.91), new JsonArray(46.8, 39.9))),
        };
        var refused = Assert.Throws<ValidationException>(() => log.Add("place", "mission", body));
        Assert.Equal("body.geometry.type", refused.Field);
        Assert.Contains("Point", refused.Problem, StringComparison.Ordinal);
        Assert.Empty(log.Book.Places);
    }

    /// <summary>A settlement's names become the gazetteer's names by convention, which the gazetteer requires to be
    /// words: a blank key would have made applying the entry throw after it was logged.</summary>
    [Fact]
    public void A_settlements_names_are_keyed_by_convention()
    {
        var log = new Log();
        // Blank or not a word; or a language of the gazetteer's names (under "hy", naming=hy would become a convention and
        // show every place by it), "neutral", or GeoNames' reference.
        foreach (var key in new[] { "", " ", "a b", "hy", "ru", "en", "neutral", "geonames" })
        {
            var body = Settlement("test:blank", Town);
            body["names"]![key] = "Somewhere";
            var refused = Assert.Throws<ValidationException>(() => log.Add("place", "mission", body));
            Assert.Equal("body.names", refused.Field);
            Assert.Contains("naming convention", refused.Problem, StringComparison.Ordinal);
        }
        Assert.Empty(log.Book.Places);
        Assert.Null(log.Book.Settlements!.Find("test:blank"));
    }
}
