using System.Text.Json;
using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.MineAction.Import;
using Truce.MineAction.Safety;
using Truce.Spatial;

namespace Truce.MineAction.Tests;

/// <summary>Imports of files as other mine action systems write them: their words, no benchmark, closed hazards and
/// their land release, and bulk updates of hazards recorded before.</summary>
public class ImportTests
{
    static JsonObject Feature(JsonObject properties, JsonObject? geometry) =>
        new() { ["type"] = "Feature", ["properties"] = properties, ["geometry"] = geometry };

    static StringReader Collection(params JsonObject[] features) =>
        new(new JsonObject { ["type"] = "FeatureCollection", ["features"] = new JsonArray(features) }.ToJsonString());

    static ImportPlan Plan(string what, TextReader file, Func<string, bool>? exists = null, Dictionary<string, string>? map = null, string? reason = null,
        string format = "geojson") => MineImport.Plan(what, format, file, exists ?? (_ => false), "test file", map: map, reason: reason);

    [Fact]
    public void A_plain_GIS_file_imports_with_its_own_words_a_derived_benchmark_and_its_land_release()
    {
        var file = Collection(
            Feature(new JsonObject { ["id"] = "G-1", ["HAZ_TYPE"] = "Suspected Hazardous Area", ["STATUS"] = "Active", ["devices"] = "AP mine; UXO" },
                Geo.Rect(0, 0, 200, 100)),
            Feature(new JsonObject
            {
                ["id"] = "G-2",
                ["HAZ_TYPE"] = "DHA",
                ["STATUS"] = "Cleared",
                ["devices"] = "anti-tank mines",
                ["evidence"] = new JsonArray(new JsonObject { ["type"] = "accident", ["reliability"] = "high" }),
                ["AREA_CLR"] = 1500.5,
                ["AREA_CAN"] = 20_000
            }, Geo.Rect(400, 0, 500, 100)));
        var map = new Dictionary<string, string> { ["HAZ_TYPE"] = "type", ["STATUS"] = "status", ["AREA_CLR"] = "released.cleared", ["AREA_CAN"] = "released.cancelled" };

        var plan = Plan("hazards", file, map: map);

        Assert.True(plan.Ok, string.Join("\n", plan.Errors));
        var rows = plan.Batches.Single()["hazards"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(["SHA", "CHA"], rows.Select(r => (string)r["type"]!));
        Assert.Equal(["open", "closed"], rows.Select(r => (string)r["status"]!));
        Assert.Equal(["ap-mine", "uxo"], rows[0]["devices"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(1500.5, (double)rows[1]["released"]!["cleared"]!);
        foreach (var r in rows)
        {
            Assert.True((bool)r["benchmarkDerived"]!);
            var perimeter = GeoJson.Read(JsonSerializer.SerializeToElement(r["perimeter"]), "p", (_, _) => { })!;
            var benchmark = GeoJson.Read(JsonSerializer.SerializeToElement(r["benchmark"]), "b", (_, _) => { })!;
            Assert.True(perimeter.Contains(benchmark), "a derived benchmark lies inside the perimeter");
        }
    }

    [Fact]
    public void A_word_no_mapping_knows_is_a_row_error_naming_the_field()
    {
        var file = Collection(Feature(new JsonObject { ["id"] = "G-1", ["type"] = "SHA", ["status"] = "destroyed" }, Geo.Rect(0, 0, 100, 100)),
            Feature(new JsonObject { ["id"] = "G-2", ["type"] = "maybe" }, Geo.Rect(200, 0, 300, 100)));

        var plan = Plan("hazards", file);

        Assert.False(plan.Ok);
        Assert.Contains(plan.Errors, e => e.Row == 1 && e.Field == "body.status");
        Assert.Contains(plan.Errors, e => e.Row == 2 && e.Field == "body.type");
        Assert.Empty(plan.Batches);
    }

    [Fact]
    public void A_confirmed_hazardous_area_without_direct_evidence_is_a_row_error()
    {
        var plan = Plan("hazards", Collection(Feature(new JsonObject { ["id"] = "G-1", ["type"] = "Confirmed Hazardous Area" }, Geo.Rect(0, 0, 100, 100))));

        Assert.Contains(plan.Errors, e => e.Field == "body.evidence" && e.Problem.Contains("direct evidence", StringComparison.Ordinal));
    }

    [Fact]
    public void A_released_figure_must_be_an_area_of_an_outcome()
    {
        var file = Collection(Feature(new JsonObject { ["id"] = "G-1", ["type"] = "SHA", ["released"] = new JsonObject { ["cleared"] = -5, ["mowed"] = 3 } },
            Geo.Rect(0, 0, 100, 100)));

        var plan = Plan("hazards", file);

        Assert.Contains(plan.Errors, e => e.Field == "body.released.cleared");
        Assert.Contains(plan.Errors, e => e.Field == "body.released.mowed");
    }

    [Fact]
    public void Hazard_updates_from_CSV_take_a_default_reason_and_must_name_hazards_recorded_before()
    {
        const string csv = "hazard,status,type\nH-1,Cleared,\nH-2,,Confirmed Hazardous Area\nH-9,closed,\n";
        var known = new HashSet<string> { "H-1", "H-2" };

        var bad = Plan("hazard-updates", new StringReader(csv), known.Contains, format: "csv");
        Assert.Contains(bad.Errors, e => e.Row == 3 && e.Field == "body.hazard" && e.Problem.Contains("H-9", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.Row == 1 && e.Field == "body.reason");

        var good = Plan("hazard-updates", new StringReader(csv[..csv.LastIndexOf("H-9", StringComparison.Ordinal)]), known.Contains, reason: "national database, 2026-11", format: "csv");
        Assert.True(good.Ok, string.Join("\n", good.Errors));
        var updates = good.Batches.Single()["updates"]!.AsArray();
        Assert.Equal("closed", (string)updates[0]!["status"]!);
        Assert.Equal("CHA", (string)updates[1]!["type"]!);
        Assert.All(updates, u => Assert.Equal("national database, 2026-11", (string)u!["reason"]!));
    }

    [Fact]
    public void A_GeoJSON_update_may_carry_a_re_surveyed_perimeter_or_none()
    {
        var file = Collection(Feature(new JsonObject { ["hazard"] = "H-1", ["reason"] = "re-survey" }, Geo.Rect(0, 0, 50, 50)),
            Feature(new JsonObject { ["hazard"] = "H-1", ["status"] = "closed", ["reason"] = "cleared" }, null),
            Feature(new JsonObject { ["hazard"] = "H-1", ["colour"] = "red", ["status"] = "open", ["reason"] = "x" }, null));

        var plan = Plan("hazard-updates", file, _ => true);

        var e = Assert.Single(plan.Errors);
        Assert.StartsWith("row 3: body.colour: is not a field of hazard.update", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bulk_updates_change_hazards_in_order_and_a_closed_hazard_no_longer_answers_a_safety_query()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("H-1", Geo.Rect(0, 0, 100, 100), type: "SHA"));
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("H-2", Geo.Rect(300, 0, 400, 100), type: "SHA"));
        var at = Geo.At(50, 50);
        Assert.Single(SafetyQueries.Point(log.Book, at.Lat, at.Lon, 0, new SafetyOptions()).Hits);

        log.Add(MineActionKinds.Import, "az", new JsonObject
        {
            ["updates"] = new JsonArray(
                new JsonObject { ["hazard"] = "H-1", ["type"] = "CHA", ["evidence"] = new JsonArray(new JsonObject { ["type"] = "accident", ["reliability"] = "high" }), ["reason"] = "accident" },
                new JsonObject { ["hazard"] = "H-1", ["status"] = "closed", ["reason"] = "cleared" },
                new JsonObject { ["hazard"] = "H-2", ["devices"] = new JsonArray("uxo"), ["reason"] = "found" }),
        });

        var h1 = log.Book.Hazards["H-1"];
        Assert.Equal(("CHA", "closed"), (h1.Type, h1.Status));
        Assert.Equal(["reclassified SHA → CHA; evidence accident (high)", "status open → closed"], h1.History.Skip(1).Select(e => e.What));
        Assert.Contains("uxo", log.Book.Hazards["H-2"].Devices);
        Assert.Empty(SafetyQueries.Point(log.Book, at.Lat, at.Lon, 0, new SafetyOptions()).Hits);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void An_import_that_updates_a_hazard_unknown_to_its_author_is_refused_whole()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("H-1", Geo.Rect(0, 0, 100, 100)));

        var e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Import, "az", new JsonObject
        {
            ["hazards"] = new JsonArray(Geo.Hazard("H-3", Geo.Rect(600, 0, 700, 100))),
            ["updates"] = new JsonArray(new JsonObject { ["hazard"] = "H-3", ["status"] = "closed", ["reason"] = "same batch" }),
        }));

        Assert.Equal("body.updates[0].hazard", e.Errors[0].Field);
        Assert.False(log.Book.Hazards.ContainsKey("H-3"));
    }

    [Fact]
    public void A_hazard_imported_closed_keeps_its_release_figures_apart_in_the_statistics()
    {
        var log = new MineLog();
        var closed = Geo.Hazard("H-1", Geo.Rect(0, 0, 100, 100));
        closed["status"] = "closed";
        closed["released"] = new JsonObject { ["cancelled"] = 1000, ["cleared"] = 250.25 };
        log.Add(MineActionKinds.Import, "az", new JsonObject { ["hazards"] = new JsonArray(closed) });

        var stats = Statistics.MineStatistics.Compute(log.Book, log.Book);

        Assert.Equal(new Statistics.Released("before-record", 1000, 0, 250.25), stats.BeforeRecord);
        Assert.Equal(0, stats.Total.TotalM2);
        Assert.Empty(stats.OpenHazardsByType);
        var h = log.Book.Hazards["H-1"];
        Assert.Equal(1000, h.ReleasedM2["cancelled"]);
        Assert.EndsWith("closed; released before: 1,000 m² cancelled, 250 m² cleared", h.History[0].What, StringComparison.Ordinal);
        Assert.IsType<Polygon>(h.Remaining);
    }

    [Fact]
    public void Checking_stops_between_rows_when_whoever_asked_has_gone()
    {
        var file = Collection([.. Enumerable.Range(0, 50).Select(i => Feature(new JsonObject { ["id"] = $"G-{i}", ["type"] = "SHA" }, Geo.Rect(i * 200, 0, i * 200 + 100, 100)))]);
        using var gone = new CancellationTokenSource();
        gone.Cancel();

        Assert.Throws<OperationCanceledException>(() => MineImport.Plan("hazards", "geojson", file, _ => false, "test file", stop: gone.Token));
    }

    [Fact]
    public void A_route_stops_between_pieces_when_whoever_asked_has_gone()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Hazard, "az", Geo.Hazard("H-1", Geo.Rect(0, 0, 100, 100)));
        var route = GeoJson.Read(JsonSerializer.SerializeToElement(Geo.Line((0, -5000), (0, 5000))), "route", (_, _) => { })!;
        using var gone = new CancellationTokenSource();
        gone.Cancel();

        Assert.Throws<OperationCanceledException>(() => SafetyQueries.Route(log.Book, route, 50, new SafetyOptions(Stop: gone.Token)));
        Assert.Single(SafetyQueries.Route(log.Book, route, 50, new SafetyOptions()).Hits);
    }
}
