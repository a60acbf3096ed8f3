using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;

namespace Truce.MineAction.Tests;

/// <summary>Minefield records, handovers, accuracy, ordnance, accidents and victims, and import batches.</summary>
public class RecordsTests
{
    public static JsonObject Minefield(string id, double e = 0, double n = 0) => new()
    {
        ["id"] = id,
        ["laidBy"] = "am",
        ["pattern"] = "row",
        ["perimeter"] = Geo.Rect(e, n, e + 200, n + 100),
        ["referencePoints"] = new JsonArray(
            new JsonObject { ["name"] = "RP1", ["position"] = Geo.Point(e - 50, n - 50), ["description"] = "concrete post (synthetic)" },
            new JsonObject { ["name"] = "RP2", ["position"] = Geo.Point(e + 250, n - 50) }),
        ["dimensions"] = new JsonArray(new JsonObject { ["from"] = "RP1", ["to"] = "corner A", ["bearingDeg"] = 45, ["distanceM"] = 70.7 }),
        ["mines"] = new JsonArray(new JsonObject { ["type"] = "ap", ["model"] = "PMN-2", ["number"] = 120, ["emplacing"] = "hand", ["fuze"] = "pressure", ["antiHandling"] = false }),
        ["laidFrom"] = "2020-10-01T00:00:00Z",
        ["rows"] = new JsonArray(new JsonObject { ["id"] = "R1", ["line"] = Geo.Line((e + 10, n + 50), (e + 190, n + 50)), ["mines"] = 120 }),
        ["scans"] = new JsonArray(new JsonObject { ["sha256"] = new string('a', 64), ["mediaType"] = "image/tiff", ["pages"] = 2 }),
        ["synthetic"] = true,
    };

    [Fact]
    public void A_record_is_handed_over_and_its_accuracy_measured_from_assessments()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Minefield, "am", Minefield("MF-1"));
        log.Add(MineActionKinds.Minefield, "am", Minefield("MF-2", 1000));
        var at = log.Add(MineActionKinds.Handover, "am", new JsonObject
        {
            ["id"] = "HO-1",
            ["records"] = new JsonArray("MF-1", "MF-2"),
            ["to"] = "az",
            ["at"] = "2021-06-12T10:00:00Z",
            ["through"] = "mediators (synthetic)",
            ["inExchangeFor"] = "release of detainees (synthetic)",
            ["minesStated"] = 240,
        });
        var mf = log.Book.Minefields["MF-1"];
        Assert.Equal([at], mf.HandedOverIn);
        Assert.Equal(120, mf.TotalMines);
        Assert.InRange(mf.AreaM2, 19_950, 20_050);
        Assert.Null(mf.Accuracy);
        log.Add(MineActionKinds.Accuracy, "az", new JsonObject { ["record"] = "MF-1", ["checked"] = 40, ["confirmed"] = 10, ["unrecorded"] = 0 });
        log.Add(MineActionKinds.Accuracy, "az", new JsonObject { ["record"] = "MF-1", ["checked"] = 40, ["confirmed"] = 12, ["unrecorded"] = 8 });
        Assert.Equal(22.0 / 88, mf.Accuracy!.Value, 9);
        var e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Accuracy, "az", new JsonObject { ["record"] = "MF-1", ["checked"] = 4, ["confirmed"] = 5, ["unrecorded"] = 0 }));
        Assert.Equal("body.confirmed", e.Errors[0].Field);
        e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Handover, "am", new JsonObject { ["id"] = "HO-2", ["records"] = new JsonArray("MF-9"), ["to"] = "az", ["at"] = "2021-07-03T10:00:00Z" }));
        Assert.Equal("body.records[0]", e.Errors[0].Field);
    }

    [Fact]
    public void A_record_needs_two_reference_points_and_remote_delivery_details()
    {
        var log = new MineLog();
        var body = Minefield("MF-1");
        body["referencePoints"]!.AsArray().RemoveAt(1);
        body["pattern"] = "remotely-delivered";
        ((JsonObject)body["dimensions"]![0]!)["from"] = "RP9";
        var e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Minefield, "am", body));
        Assert.Contains(e.Errors, x => x.Field == "body.referencePoints");
        Assert.Contains(e.Errors, x => x.Field == "body.remote");
        Assert.Contains(e.Errors, x => x.Field == "body.dimensions[0].from");
        Assert.Empty(log.Book.Minefields);
    }

    static JsonObject Accident(string id) => new()
    {
        ["id"] = id,
        ["position"] = Geo.Point(10, 10),
        ["time"] = "2021-06-04T09:00:00Z",
        ["device"] = "at-mine",
        ["kind"] = "civilian",
        ["activation"] = "vehicle",
        ["areaMarked"] = false,
        ["synthetic"] = true,
    };

    static JsonObject Victim(string id, string sex, int age) => new()
    {
        ["id"] = id,
        ["accident"] = "ACC-1",
        ["sex"] = sex,
        ["age"] = age,
        ["role"] = "civilian",
        ["outcome"] = "killed",
        ["activity"] = "returning-home",
        ["knewDangerous"] = false,
        ["hadRiskEducation"] = false,
    };

    [Fact]
    public void Victims_are_never_public_personal_data_is_restricted_and_erasing_it_keeps_the_counts()
    {
        var log = new MineLog();
        log.Add(MineActionKinds.Accident, "az", Accident("ACC-1"));
        var e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Victim, "az", Victim("V1", "male", 34)));
        Assert.Equal("envelope.vis", e.Errors[0].Field);
        var withName = Victim("V1", "male", 34);
        withName["name"] = "a name";
        e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Victim, "az", withName, visibility: Visibility.Mission));
        Assert.Equal("body.name", e.Errors[0].Field);
        log.Add(MineActionKinds.Victim, "az", Victim("V1", "male", 34), visibility: Visibility.Mission);
        log.Add(MineActionKinds.Victim, "az", Victim("V2", "female", 12), visibility: Visibility.Mission);
        var personal = new JsonObject { ["victim"] = "V1", ["name"] = "Synthetic Person", ["residence"] = "synthetic village" };
        e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.VictimPersonal, "az", personal, visibility: Visibility.Mission));
        Assert.Equal("envelope.vis", e.Errors[0].Field);
        var p = log.Add(MineActionKinds.VictimPersonal, "az", personal, visibility: Visibility.Restricted, to: ["mission"]);
        Assert.Single(log.Book.Personal["V1"]);

        var before = Statistics.MineStatistics.Compute(log.Book, log.Book).Victims;
        Assert.Equal(2, before.Total);
        Assert.Equal(1, before.ByAgeGroup["0-17"]);
        Assert.Equal(1, before.BySex["female"]);
        Assert.Equal(2, before.ByDevice["at-mine"]);
        Assert.Equal(2, before.ByYear["2021"]);

        var erased = log.Replay(p);
        Assert.Empty(erased.Personal);
        var after = Statistics.MineStatistics.Compute(erased, erased).Victims;
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.ByAgeGroup, after.ByAgeGroup);
        Assert.Equal(before.BySex, after.BySex);
    }

    [Fact]
    public void An_import_batch_with_one_bad_row_stores_nothing_and_names_the_row()
    {
        var log = new MineLog();
        var hazards = new JsonArray();
        for (int i = 0; i < 5; i++)
        {
            hazards.Add(Geo.Hazard($"IMP-{i}", Geo.Rect(i * 300, 0, i * 300 + 100, 100)));
        }
        ((JsonObject)hazards[3]!)["type"] = "XHA";
        ((JsonObject)hazards[4]!).Remove("perimeter");
        var e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Import, "az", new JsonObject { ["hazards"] = hazards.DeepClone() }));
        Assert.Contains(e.Errors, x => x.Field == "body.hazards[3].type");
        Assert.Contains(e.Errors, x => x.Field == "body.hazards[4].perimeter");
        Assert.Empty(log.Book.Hazards);
        Assert.Empty(log.Book.Minefields);

        ((JsonObject)hazards[3]!)["type"] = "SHA";
        ((JsonObject)hazards[4]!)["perimeter"] = Geo.Rect(1200, 0, 1300, 100);
        ((JsonObject)hazards[4]!)["id"] = "IMP-0";
        e = Assert.Throws<ValidationException>(() => log.Add(MineActionKinds.Import, "az", new JsonObject { ["hazards"] = hazards.DeepClone() }));
        Assert.Equal("body.hazards[4].id", e.Errors[0].Field);
        Assert.Empty(log.Book.Hazards);

        ((JsonObject)hazards[4]!)["id"] = "IMP-4";
        log.Add(MineActionKinds.Import, "az", new JsonObject { ["hazards"] = hazards.DeepClone(), ["minefields"] = new JsonArray(Minefield("MF-I")) });
        Assert.Equal(5, log.Book.Hazards.Count);
        Assert.Single(log.Book.Minefields);
        Assert.Equal(log.Book.Digest(), log.Replay().Digest());
    }

    [Fact]
    public void Ordnance_found_is_counted_by_category()
    {
        var log = new MineLog();
        foreach (var (id, cat, q) in new[] { ("O1", "missile-remains", 1), ("O2", "submunition", 14), ("O3", "submunition", 3) })
        {
            log.Add(MineActionKinds.Ordnance, "az", new JsonObject
            {
                ["id"] = id,
                ["category"] = cat,
                ["model"] = cat == "missile-remains" ? "9M723" : null,
                ["quantity"] = q,
                ["condition"] = "fragments",
                ["fuzeState"] = "none",
                ["position"] = Geo.Point(0, 0),
                ["found"] = "2021-04-01T10:00:00Z",
                ["action"] = cat == "missile-remains" ? "handed-over-as-evidence" : "destroyed-in-situ",
                ["incidents"] = new JsonArray(3),
            });
        }
        var s = Statistics.MineStatistics.Compute(log.Book, log.Book);
        Assert.Equal(17, s.OrdnanceByCategory["submunition"]);
        Assert.Equal(1, s.OrdnanceByCategory["missile-remains"]);
        Assert.Equal([3L], log.Book.Ordnance["O1"].Incidents);
    }
}
