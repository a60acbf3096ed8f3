using System.Text.Json.Nodes;
using Truce.Tests.Shared;
using Visibility = Truce.Core.Access.Visibility;

namespace Truce.MineAction.Tests;

/// <summary>
/// A log that gives every field of the mine action module's state a value somewhere (every kind, every optional field,
/// times with offsets, geometries with holes, parts and heights), in several audience classes that share hazards and
/// then change them apart, with entries that some books skip. Synthetic data.
/// </summary>
static class VariedLog
{
    static readonly DateTimeOffset Day = new(2021, 6, 1, 9, 30, 0, TimeSpan.FromHours(4));

    /// <summary>Feeds the first part of the log to <paramref name="feed"/>.</summary>
    public static void Begin(ModuleFeed feed)
    {
        feed.Add(MineActionKinds.Minefield, "am", Minefield("MF-1", 0, -2000), time: Day);
        feed.Add(MineActionKinds.Minefield, "am", RemoteMinefield("MF-2"), Visibility.Party, time: Day.AddDays(1));
        feed.Add(MineActionKinds.Hazard, "az", Hazard("H-1", Geo.Rect(0, 0, 1000, 1000)));
        feed.Add(MineActionKinds.Hazard, "mission", Hazard("H-2", Holed(2000, 0)), Visibility.Mission);
        feed.Add(MineActionKinds.HazardUpdate, "az", new JsonObject
        {
            ["hazard"] = "H-1",
            ["type"] = "SHA",
            ["devices"] = new JsonArray("uxo"),
            ["evidence"] = new JsonArray(new JsonObject { ["type"] = "hearsay", ["reliability"] = "low", ["note"] = "a herder (synthetic)", ["date"] = "2021-05-02T00:00:00+03:00" }),
            ["blockages"] = new JsonArray("pasture"),
            ["beneficiaries"] = 120,
            ["sources"] = new JsonArray(new JsonObject { ["kind"] = "survey", ["ref"] = "NTS-7" }),
            ["reason"] = "non-technical survey (synthetic)",
        }, Visibility.Party);
        feed.Add(MineActionKinds.Task, "mission", new JsonObject
        {
            ["id"] = "T-1",
            ["hazards"] = new JsonArray("H-1"),
            ["organisation"] = "Test Demining Org",
            ["activity"] = "clearance",
            ["assigned"] = "2021-06-01T00:00:00Z",
            ["due"] = "2021-09-01T00:00:00Z",
            ["priority"] = "high",
            ["synthetic"] = true,
        });
        var clearance = Activity("A-1", "clearance", "H-1", new JsonObject
        {
            ["cancelled"] = Geo.Rect(-50, -50, 200, 1050),
            ["reduced"] = Geo.Rect(800, -50, 1050, 1050),
            ["cleared"] = Geo.Rect(150, 450, 900, 550),
        });
        clearance["task"] = "T-1";
        feed.Add(MineActionKinds.Release, "mission", clearance, time: Day.AddDays(20));
        feed.Add(MineActionKinds.Handover, "am", new JsonObject
        {
            ["id"] = "HO-1",
            ["records"] = new JsonArray("MF-1", "MF-2"),
            ["to"] = "az",
            ["at"] = "2021-06-12T10:00:00Z",
            ["through"] = "mediators (synthetic)",
            ["inExchangeFor"] = "release of detainees (synthetic)",
            ["minesStated"] = 240,
            ["note"] = "synthetic",
            ["synthetic"] = true,
        }, Visibility.Restricted, ["az", "mission"]);
        feed.Add(MineActionKinds.Accuracy, "mission", new JsonObject
        {
            ["record"] = "MF-1",
            ["activity"] = "A-1",
            ["checked"] = 40,
            ["confirmed"] = 31,
            ["unrecorded"] = 3,
            ["toleranceM"] = 2.5,
            ["finding"] = "rows shifted 3 m north (synthetic)",
        });
        Records(feed);
    }

    static void Records(ModuleFeed feed)
    {
        feed.Add(MineActionKinds.QualityVisit, "mission", new JsonObject
        {
            ["id"] = "QV-1",
            ["activity"] = "A-1",
            ["task"] = "T-1",
            ["organisation"] = "Test QM Org",
            ["at"] = "2021-07-02T11:00:00Z",
            ["result"] = "unsatisfactory",
            ["nonconformities"] = new JsonArray(new JsonObject { ["category"] = "major", ["description"] = "lane marking missing", ["correctiveAction"] = "re-mark" }),
            ["synthetic"] = true,
        });
        feed.Add(MineActionKinds.Ordnance, "az", new JsonObject
        {
            ["id"] = "O-1",
            ["category"] = "mortar",
            ["model"] = "M-37",
            ["quantity"] = 3,
            ["condition"] = "damaged",
            ["fuzeState"] = "armed",
            ["position"] = Geo.Point(300, 300),
            ["found"] = "2021-07-03T08:00:00Z",
            ["action"] = "destroyed-in-situ",
            ["hazard"] = "H-1",
            ["activity"] = "A-1",
            ["incidents"] = new JsonArray(3, 4),
            ["note"] = "synthetic",
            ["synthetic"] = true,
        }, Visibility.Restricted, ["pk"]);
        Victims(feed);
        // Seen by az alone: the later public release that names it is skipped in every other book.
        feed.Add(MineActionKinds.Hazard, "az", Hazard("H-AZ", Geo.Rect(0, 3000, 300, 3300)), Visibility.Party);
        feed.Add(MineActionKinds.Release, "az", Activity("A-AZ", "clearance", "H-AZ", new JsonObject { ["cleared"] = Geo.Rect(0, 3000, 100, 3300) }));
        feed.Add(MineActionKinds.Import, "mission", new JsonObject
        {
            ["hazards"] = new JsonArray(Hazard("IMP-1", Geo.Rect(5000, 0, 5200, 200)), Hazard("IMP-2", TwoSquares(5500, 0)), Closed("IMP-3", Geo.Rect(7000, 0, 7100, 100))),
            ["minefields"] = new JsonArray(Minefield("MF-3", 6000, 0)),
            ["source"] = "synthetic test import",
        }, time: Day.AddDays(30));
    }

    static void Victims(ModuleFeed feed)
    {
        feed.Add(MineActionKinds.Accident, "az", new JsonObject
        {
            ["id"] = "ACC-1",
            ["position"] = Geo.Point(500, 980),
            ["time"] = "2021-07-04T15:00:00Z",
            ["device"] = "ap-mine",
            ["kind"] = "civilian",
            ["areaMarked"] = false,
            ["activation"] = "stepped-on",
            ["hazard"] = "H-1",
            ["note"] = "synthetic",
            ["synthetic"] = true,
        });
        feed.Add(MineActionKinds.Victim, "az", new JsonObject
        {
            ["id"] = "V-1",
            ["accident"] = "ACC-1",
            ["sex"] = "female",
            ["age"] = 34,
            ["role"] = "civilian",
            ["outcome"] = "injured",
            ["activity"] = "herding",
            ["knewDangerous"] = false,
            ["hadRiskEducation"] = true,
            ["synthetic"] = true,
        }, Visibility.Mission);
        feed.Add(MineActionKinds.VictimPersonal, "mission", new JsonObject
        {
            ["victim"] = "V-1",
            ["name"] = "Synthetic Person",
            ["dateOfBirth"] = "1987-03-04",
            ["residence"] = "synthetic village",
            ["contact"] = "+000 synthetic",
            ["note"] = "synthetic",
        }, Visibility.Restricted, ["pk"]);
    }

    /// <summary>Feeds the rest: changes to hazards the books share, made after a snapshot.</summary>
    public static void Continue(ModuleFeed feed)
    {
        feed.Add(MineActionKinds.Release, "mission", Activity("A-2", "technical-survey", "IMP-1", new JsonObject { ["reduced"] = Geo.Rect(4990, -10, 5210, 210) }));
        var certificate = Activity("A-3", "handover-certificate", "IMP-1", null);
        certificate["handedTo"] = "village council (synthetic)";
        certificate["present"] = new JsonObject { ["women"] = 4, ["men"] = 6, ["girls"] = 1, ["boys"] = 2 };
        feed.Add(MineActionKinds.Release, "mission", certificate);
        feed.Add(MineActionKinds.HazardUpdate, "mission", new JsonObject
        {
            ["hazard"] = "H-2",
            ["perimeter"] = Holed(2100, 0),
            ["status"] = "closed",
            ["reason"] = "re-surveyed (synthetic)",
        }, Visibility.Mission);
        feed.Add(MineActionKinds.Release, "az", Activity("A-4", "clearance", "IMP-2", new JsonObject { ["cleared"] = Geo.Rect(5500, 0, 5600, 100) }),
            Visibility.Party);
        // Bulk updates of hazards the books share: one of them twice in one entry.
        feed.Add(MineActionKinds.Import, "mission", new JsonObject
        {
            ["updates"] = new JsonArray(
                new JsonObject { ["hazard"] = "IMP-1", ["type"] = "CHA", ["evidence"] = new JsonArray(new JsonObject { ["type"] = "accident", ["reliability"] = "high" }), ["reason"] = "bulk (synthetic)" },
                new JsonObject { ["hazard"] = "IMP-1", ["status"] = "closed", ["reason"] = "bulk (synthetic)" },
                new JsonObject { ["hazard"] = "IMP-2", ["devices"] = new JsonArray("uxo"), ["reason"] = "bulk (synthetic)" }),
            ["source"] = "synthetic updates",
        });
    }

    /// <summary>A hazard imported closed, with land released before its record and a benchmark derived from its perimeter.</summary>
    static JsonObject Closed(string id, JsonObject perimeter)
    {
        var h = Hazard(id, perimeter);
        h["status"] = "closed";
        h["benchmarkDerived"] = true;
        h["released"] = new JsonObject { ["cancelled"] = 1200.5, ["cleared"] = 800 };
        return h;
    }

    static JsonObject Hazard(string id, JsonObject perimeter)
    {
        var h = Geo.Hazard(id, perimeter);
        h["name"] = $"{id} (synthetic)";
        h["evidence"] = new JsonArray(new JsonObject { ["type"] = "sighting", ["reliability"] = "high", ["note"] = "signs seen", ["date"] = "2021-04-01T00:00:00Z" });
        h["blockages"] = new JsonArray("road", "farmland");
        h["beneficiaries"] = 40;
        h["sources"] = new JsonArray(new JsonObject { ["kind"] = "report", ["ref"] = "R-1" });
        return h;
    }

    static JsonObject Activity(string id, string type, string hazard, JsonObject? outcomes) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["hazard"] = hazard,
        ["organisation"] = "Test Demining Org",
        ["method"] = "manual",
        ["assets"] = new JsonArray("team 3", "dog 2"),
        ["depthCm"] = 13,
        ["start"] = "2021-07-01T06:00:00+04:00",
        ["end"] = "2021-07-20T16:00:00Z",
        ["status"] = "completed",
        ["outcomes"] = outcomes,
        ["note"] = "synthetic",
        ["synthetic"] = true,
    };

    static JsonObject Minefield(string id, double e, double n)
    {
        var m = RecordsTests.Minefield(id, e, n);
        m["district"] = "test district";
        m["marking"] = "fenced, red signs (synthetic)";
        m["laidUntil"] = "2020-10-09T00:00:00Z";
        m["mines"] = new JsonArray(new JsonObject
        {
            ["type"] = "at",
            ["model"] = "TM-62",
            ["number"] = 40,
            ["emplacing"] = "mechanical",
            ["fuze"] = "magnetic",
            ["lifetimeDays"] = 3650,
            ["antiHandling"] = true,
            ["selfDestructHours"] = 720,
        });
        m["minePositions"] = new JsonObject { ["type"] = "MultiPoint", ["coordinates"] = new JsonArray(Coordinates(e + 20, n + 50, 812.5), Coordinates(e + 40, n + 50, 813)) };
        m["scans"] = new JsonArray(new JsonObject { ["sha256"] = new string('b', 64), ["mediaType"] = "application/pdf", ["name"] = "record.pdf", ["pages"] = 3 });
        return m;
    }

    static JsonObject RemoteMinefield(string id)
    {
        var m = Minefield(id, 0, -3000);
        m["pattern"] = "remotely-delivered";
        m["remote"] = new JsonObject
        {
            ["corners"] = new JsonObject { ["type"] = "MultiPoint", ["coordinates"] = new JsonArray(Coordinates(0, -3000), Coordinates(200, -3000), Coordinates(200, -2900)) },
            ["total"] = 300,
            ["types"] = new JsonArray("ap", "at"),
            ["selfDestructHours"] = 48,
            ["deliveredAt"] = "2020-10-05T03:00:00Z",
        };
        return m;
    }

    /// <summary>A square with a square hole.</summary>
    static JsonObject Holed(double e, double n) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(Geo.Ring((e, n), (e + 600, n), (e + 600, n + 600), (e, n + 600)),
            Geo.Ring((e + 200, n + 200), (e + 200, n + 400), (e + 400, n + 400), (e + 400, n + 200))),
    };

    static JsonObject TwoSquares(double e, double n) => new()
    {
        ["type"] = "MultiPolygon",
        ["coordinates"] = new JsonArray(new JsonArray(Geo.Ring((e, n), (e + 200, n), (e + 200, n + 200), (e, n + 200))),
            new JsonArray(Geo.Ring((e + 400, n), (e + 600, n), (e + 600, n + 200), (e + 400, n + 200)))),
    };

    static JsonArray Coordinates(double e, double n, double? height = null)
    {
        var (lat, lon) = Geo.At(e, n);
        return height is { } h ? [Math.Round(lon, 9), Math.Round(lat, 9), h] : [Math.Round(lon, 9), Math.Round(lat, 9)];
    }
}
