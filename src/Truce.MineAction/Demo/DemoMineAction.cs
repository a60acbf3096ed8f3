using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Places;
using Truce.Spatial;

namespace Truce.MineAction.Demo;

/// <summary>
/// The mine action part of the demo (SPEC §4): synthetic minefield records handed over on the dates and with the
/// stated mine counts of public reports, accuracy assessments, hazards around real places, land release with
/// splits, closures and handovers, quality visits, ordnance (missile remains among it), accidents and victims.
/// Every geometry and number but the publicly reported handover dates and counts is invented, and says so.
/// </summary>
static class DemoMineAction
{
    const string Agency = "mine-agency";
    static readonly string[] Districts = ["Aghdam", "Fuzuli", "Zangilan", "Jabrayil", "Lachin", "Gubadli"];

    public static async Task LoadAsync(IDemoWriter d, MineActionModule module)
    {
        var now = d.Now;
        var progress = d.Progress;
        progress?.Report("mine action");
        var g = Gazetteer.LoadDefault();
        (double Lat, double Lon) At(string name) => g.Resolve(name) is { } r ? (r.Lat, r.Lon)
            : throw new InvalidOperationException($"the gazetteer has no '{name}' for the demo hazards");
        var rng = new Random(2021);
        var t0 = new DateTimeOffset(2021, 6, 12, 10, 0, 0, TimeSpan.Zero);

        // Minefield records drawn up by side B and handed over to side A in two handovers.
        var records = new List<(string Id, string District)>();
        foreach (var (district, n) in new[] { ("Aghdam", 4), ("Fuzuli", 3), ("Zangilan", 2) })
        {
            var c = At(district);
            for (int i = 0; i < n; i++)
            {
                var id = $"MF-{district[..3].ToUpperInvariant()}-{i + 1:00}";
                var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, rng.NextDouble() * 16 - 8, rng.NextDouble() * 16 - 8);
                await d.SubmitAsAsync("am", MineActionKinds.Minefield, Minefield(id, district, lat, lon, rng), t0.AddDays(-2), Visibility.Restricted, ["az", Agency, "pk"]);
                records.Add((id, district));
            }
        }
        await d.SubmitAsAsync("am", MineActionKinds.Handover, new JsonObject
        {
            ["id"] = "HO-2021-06-12",
            ["records"] = new JsonArray([.. records.Where(r => r.District == "Aghdam").Select(r => (JsonNode)r.Id)]),
            ["to"] = "az",
            ["at"] = "2021-06-12T10:00:00Z",
            ["through"] = "international mediators (synthetic detail)",
            ["inExchangeFor"] = "release of detainees (synthetic detail)",
            ["minesStated"] = 97000,
            ["note"] = "Date and stated count as publicly reported for Aghdam; the records in this demo are synthetic stand-ins.",
            ["synthetic"] = true,
        }, t0);
        await d.SubmitAsAsync("am", MineActionKinds.Handover, new JsonObject
        {
            ["id"] = "HO-2021-07-03",
            ["records"] = new JsonArray([.. records.Where(r => r.District != "Aghdam").Select(r => (JsonNode)r.Id)]),
            ["to"] = "az",
            ["at"] = "2021-07-03T10:00:00Z",
            ["through"] = "international mediators (synthetic detail)",
            ["inExchangeFor"] = "release of detainees (synthetic detail)",
            ["minesStated"] = 92000,
            ["note"] = "Date and stated count as publicly reported for Fuzuli and Zangilan; the records in this demo are synthetic stand-ins.",
            ["synthetic"] = true,
        }, t0.AddDays(21));

        // Hazards: some from the records, most from survey, around real places and along the old corridor road.
        var hazards = new List<string>();
        var day = t0.AddDays(30);
        for (int i = 0; i < 48; i++)
        {
            var district = Districts[i % Districts.Length];
            var c = At(district);
            var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, rng.NextDouble() * 20 - 10, rng.NextDouble() * 20 - 10);
            var fromRecord = i < records.Count ? records[i].Id : null;
            var type = fromRecord is not null || i % 3 == 0 ? "CHA" : "SHA";
            var id = $"{type}-{district[..3].ToUpperInvariant()}-{i + 1:000}";
            var body = Hazard(id, type, district, lat, lon, 120 + rng.NextDouble() * 400, rng, fromRecord);
            await d.SubmitAsAsync(Agency, MineActionKinds.Hazard, body, day.AddHours(i));
            hazards.Add(id);
        }
        var lachin = At("Lachin");
        var shusha = At("Shusha");
        for (int i = 0; i < 4; i++)
        {
            var f = (i + 1) / 5.0;
            var (lat, lon) = LocalFrame.Move(shusha.Lat + (lachin.Lat - shusha.Lat) * f, shusha.Lon + (lachin.Lon - shusha.Lon) * f, 0.06 * (i % 2 == 0 ? 1 : -1), 0);
            await d.SubmitAsAsync(Agency, MineActionKinds.Hazard, Hazard($"SHA-ROAD-{i + 1}", "SHA", "Lachin", lat, lon, 80, rng, null), day.AddDays(2).AddHours(i));
        }

        // Accuracy of the handed-over records, as clearance found them (about a quarter right, in the spirit of public statements).
        foreach (var (id, _) in records.Take(6))
        {
            var checkedMines = 40 + rng.Next(60);
            await d.SubmitAsAsync(Agency, MineActionKinds.Accuracy, new JsonObject
            {
                ["record"] = id,
                ["checked"] = checkedMines,
                ["confirmed"] = (int)(checkedMines * (0.15 + rng.NextDouble() * 0.2)),
                ["unrecorded"] = rng.Next(10),
                ["toleranceM"] = 5,
                ["finding"] = "SYNTHETIC: most recorded rows were displaced or absent.",
            }, day.AddDays(40));
        }

        // Land release: tasks, survey, clearance; some hazards shrink, split, close and are handed over.
        progress?.Report("land release");
        var orgs = new[] { "Demining operator A (synthetic)", "Demining operator B (synthetic)", "Agency teams (synthetic)" };
        for (int i = 0; i < 24; i++)
        {
            var id = hazards[i];
            var org = orgs[i % orgs.Length];
            var h = BoxOf(module, id);
            var start = day.AddDays(30 + i * 9);
            await d.SubmitAsAsync(Agency, MineActionKinds.Task, new JsonObject
            {
                ["id"] = $"T-{id}",
                ["hazards"] = new JsonArray(id),
                ["organisation"] = org,
                ["activity"] = i % 4 == 0 ? "non-technical-survey" : "clearance",
                ["assigned"] = Time(start.AddDays(-5)),
                ["priority"] = i % 2 == 0 ? "high" : "medium",
                ["synthetic"] = true,
            }, start.AddDays(-5));
            var (w, s, e, n) = h;
            var outcomes = (i % 4) switch
            {
                0 => new JsonObject { ["cancelled"] = Rect(w, s, w + (e - w) * 0.5, n) },
                1 => new JsonObject { ["cleared"] = Rect(w - 0.001, s + (n - s) * 0.4, e + 0.001, s + (n - s) * 0.6) },
                2 => new JsonObject { ["reduced"] = Rect(w - 0.001, s - 0.001, e + 0.001, s + (n - s) * 0.7), ["cleared"] = Rect(w - 0.001, s + (n - s) * 0.7, e + 0.001, n + 0.001) },
                _ => new JsonObject { ["cleared"] = Rect(w - 0.001, s - 0.001, e + 0.001, n + 0.001) },
            };
            await d.SubmitAsAsync(Agency, MineActionKinds.Release, new JsonObject
            {
                ["id"] = $"A-{id}",
                ["type"] = i % 4 == 0 ? "non-technical-survey" : i % 4 == 2 ? "technical-survey" : "clearance",
                ["hazard"] = id,
                ["task"] = $"T-{id}",
                ["organisation"] = org,
                ["method"] = i % 4 == 0 ? "visual" : i % 3 == 0 ? "mechanical" : "manual",
                ["assets"] = new JsonArray("team of 8 deminers (synthetic)"),
                ["depthCm"] = i % 4 == 0 ? null : 20,
                ["start"] = Time(start),
                ["end"] = Time(start.AddDays(6)),
                ["status"] = "completed",
                ["outcomes"] = i % 4 == 2 ? new JsonObject { ["reduced"] = outcomes["reduced"]!.DeepClone() } : outcomes,
                ["synthetic"] = true,
            }, start.AddDays(6));
            if (i % 4 == 2)
            {
                await d.SubmitAsAsync(Agency, MineActionKinds.Release, new JsonObject
                {
                    ["id"] = $"A2-{id}",
                    ["type"] = "clearance",
                    ["hazard"] = id,
                    ["organisation"] = org,
                    ["method"] = "mine-detection-dog",
                    ["start"] = Time(start.AddDays(7)),
                    ["end"] = Time(start.AddDays(12)),
                    ["status"] = "completed",
                    ["outcomes"] = new JsonObject { ["cleared"] = outcomes["cleared"]!.DeepClone() },
                    ["synthetic"] = true,
                }, start.AddDays(12));
            }
            if (i % 4 is 2 or 3)
            {
                await d.SubmitAsAsync(Agency, MineActionKinds.Release, new JsonObject
                {
                    ["id"] = $"HC-{id}",
                    ["type"] = "handover-certificate",
                    ["hazard"] = id,
                    ["organisation"] = org,
                    ["start"] = Time(start.AddDays(20)),
                    ["status"] = "completed",
                    ["handedTo"] = "local authority and land users (synthetic)",
                    ["present"] = new JsonObject { ["women"] = rng.Next(8), ["men"] = 2 + rng.Next(10), ["girls"] = rng.Next(3), ["boys"] = rng.Next(3) },
                    ["synthetic"] = true,
                }, start.AddDays(20));
            }
            if (i % 5 == 1)
            {
                await d.SubmitAsAsync(Agency, MineActionKinds.QualityVisit, new JsonObject
                {
                    ["id"] = $"QM-{id}",
                    ["activity"] = $"A-{id}",
                    ["organisation"] = org,
                    ["at"] = Time(start.AddDays(3)),
                    ["result"] = i % 2 == 0 ? "satisfactory" : "unsatisfactory",
                    ["nonconformities"] = i % 2 == 0 ? new JsonArray() : new JsonArray(new JsonObject
                    {
                        ["category"] = "major",
                        ["description"] = "SYNTHETIC: lane marking incomplete at the worksite boundary.",
                        ["correctiveAction"] = "re-marked and re-checked the next day",
                    }),
                    ["synthetic"] = true,
                }, start.AddDays(3));
            }
        }

        // Ordnance found, accidents and victims.
        progress?.Report("ordnance and accidents");
        var kinds = new[] { ("submunition", (string?)null, 12), ("uxo", null, 3), ("at-mine", "TM-62 (synthetic)", 6), ("ap-mine", "PMN-2 (synthetic)", 20),
            ("missile-remains", "9M723 (synthetic record)", 1), ("mortar", null, 4) };
        for (int i = 0; i < kinds.Length; i++)
        {
            var (cat, model, q) = kinds[i];
            var c = At(Districts[i % Districts.Length]);
            var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, rng.NextDouble() * 6 - 3, rng.NextDouble() * 6 - 3);
            await d.SubmitAsAsync(Agency, MineActionKinds.Ordnance, new JsonObject
            {
                ["id"] = $"EO-{i + 1:000}",
                ["category"] = cat,
                ["model"] = model,
                ["quantity"] = q,
                ["condition"] = cat == "missile-remains" ? "fragments" : "intact",
                ["fuzeState"] = cat == "missile-remains" ? "none" : "unknown",
                ["position"] = Point(lat, lon),
                ["found"] = Time(day.AddDays(50 + i * 11)),
                ["action"] = cat == "missile-remains" ? "handed-over-as-evidence" : "destroyed-in-situ",
                ["hazard"] = i < 4 ? hazards[i] : null,
                ["note"] = "SYNTHETIC find.",
                ["synthetic"] = true,
            }, day.AddDays(50 + i * 11));
        }
        var victims = 0;
        foreach (var (id, device, kind, activation, at, people) in new[]
        {
            ("ACC-1", "at-mine", "civilian", "vehicle", "Aghdam", new[] { ("male", 41, "killed", "returning-home"), ("male", 35, "injured", "returning-home") }),
            ("ACC-2", "ap-mine", "civilian", "stepped-on", "Fuzuli", new[] { ("male", 15, "injured", "herding") }),
            ("ACC-3", "ap-mine", "demining", "demining-procedure", "Zangilan", new[] { ("male", 29, "injured", "demining") }),
            ("ACC-4", "uxo", "civilian", "handling", "Jabrayil", new[] { ("female", 52, "injured", "farming") }),
        })
        {
            var c = At(at);
            var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, 2.5, -1.5);
            var when = day.AddDays(20 + victims * 17);
            await d.SubmitAsAsync(Agency, MineActionKinds.Accident, new JsonObject
            {
                ["id"] = id,
                ["position"] = Point(lat, lon),
                ["time"] = Time(when),
                ["device"] = device,
                ["kind"] = kind,
                ["areaMarked"] = kind == "demining",
                ["activation"] = activation,
                ["note"] = "SYNTHETIC accident.",
                ["synthetic"] = true,
            }, when);
            foreach (var (sex, age, outcome, activity) in people)
            {
                victims++;
                await d.SubmitAsAsync(Agency, MineActionKinds.Victim, new JsonObject
                {
                    ["id"] = $"V-{victims:000}",
                    ["accident"] = id,
                    ["sex"] = sex,
                    ["age"] = age,
                    ["role"] = kind == "demining" ? "deminer" : "civilian",
                    ["outcome"] = outcome,
                    ["activity"] = activity,
                    ["knewDangerous"] = kind == "demining",
                    ["hadRiskEducation"] = kind == "demining",
                    ["synthetic"] = true,
                }, when.AddHours(6), Visibility.Mission);
            }
        }
        await d.SubmitAsAsync(Agency, MineActionKinds.VictimPersonal, new JsonObject
        {
            ["victim"] = "V-001",
            ["name"] = "Synthetic Person (no real individual)",
            ["residence"] = "synthetic",
            ["note"] = "Restricted to the agency and the mission; erasable by a signed erasure entry.",
        }, day.AddDays(21), Visibility.Restricted, ["mission", "pk"]);
    }

    /// <summary>A hazard's box (west, south, east, north) as the module holds it now.</summary>
    static (double W, double S, double E, double N) BoxOf(MineActionModule module, string id)
    {
        var env = module.Read(new Reader("mine-agency"), b => b.Hazards[id].Remaining.EnvelopeInternal);
        return (env.MinX, env.MinY, env.MaxX, env.MaxY);
    }

    static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    static JsonArray C(double lat, double lon) => [Math.Round(lon, 7), Math.Round(lat, 7)];

    static JsonObject Rect(double w, double s, double e, double n) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(C(s, w), C(s, e), C(n, e), C(n, w), C(s, w))),
    };

    /// <summary>A star-shaped (so simple) irregular polygon of about <paramref name="radiusM"/> around a point.</summary>
    static JsonObject Blob(double lat, double lon, double radiusM, Random rng)
    {
        var n = 8 + rng.Next(7);
        var ring = new JsonArray();
        for (int i = 0; i < n; i++)
        {
            var a = 2 * Math.PI * i / n;
            var r = radiusM * (0.6 + 0.4 * rng.NextDouble()) / 1000;
            var (plat, plon) = LocalFrame.Move(lat, lon, r * Math.Sin(a), r * Math.Cos(a));
            ring.Add(C(plat, plon));
        }
        ring.Add(ring[0]!.DeepClone());
        return new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(ring) };
    }

    static JsonObject Hazard(string id, string type, string district, double lat, double lon, double radiusM, Random rng, string? record)
    {
        var (blat, blon) = LocalFrame.Move(lat, lon, -radiusM * 1.5 / 1000, -radiusM * 1.5 / 1000);
        var evidence = new JsonArray();
        if (record is not null)
        {
            evidence.Add(new JsonObject { ["type"] = "reliable-record", ["reliability"] = "medium", ["note"] = $"minefield record {record}" });
        }
        else if (type == "CHA")
        {
            evidence.Add(new JsonObject { ["type"] = "sighting", ["reliability"] = "high", ["note"] = "SYNTHETIC: mines seen at the surface" });
        }
        evidence.Add(new JsonObject { ["type"] = "former-front-line", ["reliability"] = "medium" });
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["name"] = $"{district} area {id[^3..]} (synthetic)",
            ["district"] = district,
            ["benchmark"] = Point(blat, blon),
            ["perimeter"] = Blob(lat, lon, radiusM, rng),
            ["devices"] = type == "CHA" ? new JsonArray("ap-mine", "at-mine") : new JsonArray("uxo"),
            ["evidence"] = evidence,
            ["blockages"] = new JsonArray(rng.Next(2) == 0 ? "farmland" : "road"),
            ["beneficiaries"] = 50 + rng.Next(2000),
            ["sources"] = record is null ? new JsonArray(new JsonObject { ["kind"] = "survey", ["ref"] = $"NTS-{id}" })
                : new JsonArray(new JsonObject { ["kind"] = "minefield-record", ["ref"] = record }),
            ["synthetic"] = true,
        };
    }

    static JsonObject Minefield(string id, string district, double lat, double lon, Random rng)
    {
        var w = LocalFrame.Move(lat, lon, -0.15, -0.05);
        var e = LocalFrame.Move(lat, lon, 0.15, 0.05);
        var number = 50 + rng.Next(400);
        var (r1lat, r1lon) = LocalFrame.Move(lat, lon, -0.3, -0.2);
        var (r2lat, r2lon) = LocalFrame.Move(lat, lon, 0.3, -0.2);
        return new JsonObject
        {
            ["id"] = id,
            ["laidBy"] = "am",
            ["district"] = district,
            ["pattern"] = "row",
            ["perimeter"] = Rect(w.Lon, w.Lat, e.Lon, e.Lat),
            ["referencePoints"] = new JsonArray(
                new JsonObject { ["name"] = "RP1", ["position"] = Point(r1lat, r1lon), ["description"] = "SYNTHETIC: road culvert" },
                new JsonObject { ["name"] = "RP2", ["position"] = Point(r2lat, r2lon), ["description"] = "SYNTHETIC: ruined building corner" }),
            ["dimensions"] = new JsonArray(
                new JsonObject { ["from"] = "RP1", ["to"] = "corner SW", ["bearingDeg"] = 56, ["distanceM"] = 180 },
                new JsonObject { ["from"] = "RP2", ["to"] = "corner SE", ["bearingDeg"] = 304, ["distanceM"] = 180 }),
            ["mines"] = new JsonArray(
                new JsonObject { ["type"] = "ap", ["model"] = "PMN-2", ["number"] = number, ["emplacing"] = "hand", ["fuze"] = "pressure", ["antiHandling"] = false },
                new JsonObject { ["type"] = "at", ["model"] = "TM-62M", ["number"] = number / 10, ["emplacing"] = "hand", ["fuze"] = "pressure", ["antiHandling"] = true }),
            ["laidFrom"] = "2020-10-05T00:00:00Z",
            ["laidUntil"] = "2020-10-20T00:00:00Z",
            ["rows"] = new JsonArray(
                new JsonObject { ["id"] = "R1", ["line"] = Line(LocalFrame.Move(lat, lon, -0.14, -0.02), LocalFrame.Move(lat, lon, 0.14, -0.02)), ["mines"] = number / 2 },
                new JsonObject { ["id"] = "R2", ["line"] = Line(LocalFrame.Move(lat, lon, -0.14, 0.02), LocalFrame.Move(lat, lon, 0.14, 0.02)), ["mines"] = number - number / 2 }),
            ["marking"] = "SYNTHETIC: none recorded",
            ["scans"] = new JsonArray(new JsonObject { ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))), ["mediaType"] = "image/tiff", ["name"] = $"{id} (synthetic scan reference)", ["pages"] = 1 }),
            ["synthetic"] = true,
        };
    }

    static JsonObject Line((double Lat, double Lon) a, (double Lat, double Lon) b) =>
        new() { ["type"] = "LineString", ["coordinates"] = new JsonArray(C(a.Lat, a.Lon), C(b.Lat, b.Lon)) };

    static JsonObject Point(double lat, double lon) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(lon, 5), Math.Round(lat, 5)) };
}
