using System.Text.Json.Nodes;
using Truce.MineAction;
using Truce.Spatial;
using static Truce.Tests.VisibilityDifferential.RandomWorld;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// Random bodies of the mine action kinds (docs/MINEACTION.md): minefield records and their handover, hazards, tasks,
/// land release whose outcomes are cut from what remains of the hazard (so hazards shrink, split, close and are handed
/// over), quality visits, ordnance, accidents, victims (never public) and their personal data (restricted).
/// </summary>
public static class RandomMineAction
{
    static readonly string[] Organisations = ["Operator A (synthetic)", "Operator B (synthetic)", "Agency teams (synthetic)"];

    public static IEnumerable<RandomKind> Kinds =>
    [
        new(MineActionKinds.Minefield, 1.5, _ => true, Minefield),
        new(MineActionKinds.Handover, 1.5, w => w.Minefields.Count > 0, Handover),
        new(MineActionKinds.Accuracy, 1, w => w.Minefields.Count > 0, Accuracy),
        new(MineActionKinds.Hazard, 4, _ => true, Hazard),
        new(MineActionKinds.HazardUpdate, 1.5, w => w.Hazards.Count > 0, HazardUpdate),
        new(MineActionKinds.Task, 2, w => w.Hazards.Count > 0, Task),
        new(MineActionKinds.Release, 5, w => w.Hazards.Count > 0, RandomRelease.Release),
        new(MineActionKinds.QualityVisit, 1.2, w => w.Releases.Count + w.Tasks.Count > 0, Visit),
        new(MineActionKinds.Ordnance, 1.5, _ => true, Ordnance),
        new(MineActionKinds.Accident, 1.5, _ => true, Accident),
        new(MineActionKinds.Victim, 2, w => w.Accidents.Count > 0, Victim),
        new(MineActionKinds.VictimPersonal, 2, w => w.Victims.Count > 0, Personal),
        new(MineActionKinds.Import, 0.8, _ => true, Import),
    ];

    static Step Visible(RandomWorld w, Step s)
    {
        w.RandomVisibility(s);
        return s;
    }

    static string Mine(RandomWorld w) => w.Mostly("mine", 0.65);

    static string NewOrOld(RandomWorld w, List<Ref> existing, string prefix) =>
        existing.Count > 0 && w.Chance(0.04) ? w.Pick(existing).Id : w.NewId(prefix);

    static Step Minefield(RandomWorld w)
    {
        var id = NewOrOld(w, w.Minefields, "MF");
        return Visible(w, new Step(MineActionKinds.Minefield, w.Pick<string>(["az", "am", "mine"]), MinefieldBody(w, id)) { Id = id, Into = w.Minefields });
    }

    static JsonObject MinefieldBody(RandomWorld w, string id)
    {
        var at = RandomGeo.AnyPlace(w);
        var number = w.Int(20, 400);
        JsonObject Rp(string name, double east) => new()
        {
            ["name"] = name,
            ["position"] = RandomGeo.Point(LocalFrame.Move(at.Lat, at.Lon, east, -0.3)),
            ["description"] = Text("road culvert"),
        };
        return new JsonObject
        {
            ["id"] = id,
            ["district"] = w.Pick<string>(["Aghdam", "Fuzuli", "Lachin", "Kalbajar"]),
            ["pattern"] = w.Pick<string>(["row", "cluster", "scattered"]),
            ["perimeter"] = RandomGeo.Square(at, w.Range(0.2, 0.5)),
            ["referencePoints"] = new JsonArray(Rp("RP1", -0.3), Rp("RP2", 0.3)),
            ["mines"] = new JsonArray(new JsonObject { ["type"] = "ap", ["model"] = "PMN-2", ["number"] = number, ["emplacing"] = "hand", ["fuze"] = "pressure" }),
            ["laidFrom"] = "2020-10-05T00:00:00Z",
            ["laidUntil"] = "2020-10-20T00:00:00Z",
            ["marking"] = Text("none recorded"),
            ["synthetic"] = true,
        };
    }

    static Step Handover(RandomWorld w)
    {
        var party = w.Pick<string>(["az", "am", "mine"]);
        var records = new JsonArray();
        for (int i = w.Int(1, 3); i > 0; i--)
        {
            records.Add(w.RefId(w.Minefields, party, "MF"));
        }
        return Visible(w, new Step(MineActionKinds.Handover, party, new JsonObject
        {
            ["id"] = w.NewId("HO"),
            ["records"] = records,
            ["to"] = w.Chance(0.04) ? "nobody" : w.OtherParty(party),
            ["at"] = Iso(w.Before(600)),
            ["minesStated"] = w.Int(100, 5000),
            ["synthetic"] = true,
        }));
    }

    static Step Accuracy(RandomWorld w)
    {
        var party = Mine(w);
        var checkedMines = w.Int(10, 100);
        var body = new JsonObject
        {
            ["record"] = w.RefId(w.Minefields, party, "MF"),
            ["checked"] = checkedMines,
            ["confirmed"] = w.Chance(0.04) ? checkedMines + 1 : w.Int(0, checkedMines),
            ["unrecorded"] = w.Int(0, 10),
            ["toleranceM"] = 5,
            ["finding"] = Text("most recorded rows were displaced"),
        };
        if (w.Releases.Count > 0 && w.Chance(0.25))
        {
            body["activity"] = w.RefId(w.Releases, party, "A");
        }
        return Visible(w, new Step(MineActionKinds.Accuracy, party, body));
    }

    static JsonObject HazardBody(RandomWorld w, string id, string party)
    {
        var type = w.Chance(0.4) ? "CHA" : "SHA";
        var at = RandomGeo.AnyPlace(w);
        var direct = type == "CHA" && !w.Chance(0.04);
        var body = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["name"] = $"Area {id} (synthetic)",
            ["district"] = w.Pick<string>(["Aghdam", "Fuzuli", "Lachin", "Kalbajar"]),
            ["benchmark"] = RandomGeo.Point(LocalFrame.Move(at.Lat, at.Lon, -0.8, -0.8)),
            ["perimeter"] = RandomGeo.Blob(w, at, w.Range(150, 500)),
            ["devices"] = new JsonArray(type == "CHA" ? "ap-mine" : "uxo"),
            ["evidence"] = new JsonArray(new JsonObject { ["type"] = direct ? w.Pick<string>(["sighting", "detonation", "reliable-record"]) : "former-front-line", ["reliability"] = "medium" }),
            ["blockages"] = new JsonArray(w.Pick<string>(["farmland", "road", "pasture"])),
            ["beneficiaries"] = w.Int(10, 2000),
            ["synthetic"] = true,
        };
        if (w.Chance(0.15))
        {
            // as an import of another system's records states them: closed, with land released before, no surveyed benchmark
            body["status"] = w.Pick<string>(["closed", "handed-over", "open"]);
            body["released"] = new JsonObject { ["cleared"] = w.Int(100, 90_000), ["cancelled"] = w.Int(0, 5000) };
            body["benchmarkDerived"] = true;
        }
        var (kind, from) = w.Chance(0.6) ? ("minefield-record", w.Minefields) : ("accident", w.Accidents);
        if (from.Count > 0 && w.Chance(0.2))
        {
            body["sources"] = new JsonArray(new JsonObject { ["kind"] = kind, ["ref"] = w.RefId(from, party, kind) });
        }
        return body;
    }

    static Step Hazard(RandomWorld w)
    {
        var party = Mine(w);
        var id = NewOrOld(w, w.Hazards, "HZ");
        return Visible(w, new Step(MineActionKinds.Hazard, party, HazardBody(w, id, party)) { Id = id, Into = w.Hazards });
    }

    static Step HazardUpdate(RandomWorld w)
    {
        var party = Mine(w);
        return Visible(w, new Step(MineActionKinds.HazardUpdate, party, UpdateBody(w, party)));
    }

    static JsonObject UpdateBody(RandomWorld w, string party)
    {
        var id = w.RefId(w.Hazards, party, "HZ");
        var body = new JsonObject { ["hazard"] = id, ["reason"] = Text("re-surveyed") };
        switch (w.Int(0, 7))
        {
            case 0:
                body["status"] = w.Pick<string>(["open", "closed"]);
                break;
            case 1:
                body["devices"] = new JsonArray(w.Pick<string>(["at-mine", "cluster-munition", "ied"]));
                break;
            case 2:
                body["evidence"] = new JsonArray(new JsonObject { ["type"] = "accident", ["reliability"] = "high" });
                break;
            case 3:
                body["blockages"] = new JsonArray("water");
                body["beneficiaries"] = w.Int(10, 5000);
                break;
            case 4:
                body["type"] = w.Pick<string>(["SHA", "CHA"]);
                break;
            case 5:
                var h = w.Hazard(id);
                var at = h is { } box && box.E > box.W ? ((box.S + box.N) / 2, (box.W + box.E) / 2) : RandomGeo.AnyPlace(w);
                body["perimeter"] = RandomGeo.Blob(w, at, w.Range(150, 500));
                break;
            case 6:
                body["sources"] = new JsonArray(new JsonObject { ["kind"] = "survey", ["ref"] = $"NTS-{id}" });
                break;
            default:
                break; // changes nothing: refused
        }
        return body;
    }

    static Step Task(RandomWorld w)
    {
        var party = Mine(w);
        var hazards = new JsonArray(w.RefId(w.Hazards, party, "HZ"));
        if (w.Chance(0.3))
        {
            hazards.Add(w.RefId(w.Hazards, party, "HZ"));
        }
        var id = w.NewId("T");
        return Visible(w, new Step(MineActionKinds.Task, party, new JsonObject
        {
            ["id"] = id,
            ["hazards"] = hazards,
            ["organisation"] = w.Pick(Organisations),
            ["activity"] = w.Pick<string>(["non-technical-survey", "technical-survey", "clearance"]),
            ["assigned"] = Iso(w.Before(900, 300)),
            ["priority"] = w.Pick<string>(["high", "medium", "low"]),
            ["synthetic"] = true,
        })
        { Id = id, Into = w.Tasks });
    }

    static Step Visit(RandomWorld w)
    {
        var party = w.Mostly("mine", 0.5);
        var id = w.NewId("QM");
        var body = new JsonObject
        {
            ["id"] = id,
            ["organisation"] = w.Pick(Organisations),
            ["at"] = Iso(w.Before(300)),
            ["result"] = w.Pick<string>(["satisfactory", "unsatisfactory", "suspended"]),
            ["nonconformities"] = w.Chance(0.5) ? new JsonArray() : new JsonArray(new JsonObject
            {
                ["category"] = w.Pick<string>(["minor", "major", "critical"]),
                ["description"] = Text("lane marking incomplete"),
                ["correctiveAction"] = "re-marked",
            }),
            ["synthetic"] = true,
        };
        if (w.Releases.Count > 0 && (w.Tasks.Count == 0 || w.Chance(0.6)))
        {
            body["activity"] = w.RefId(w.Releases, party, "A");
        }
        else
        {
            body["task"] = w.RefId(w.Tasks, party, "T");
        }
        return Visible(w, new Step(MineActionKinds.QualityVisit, party, body));
    }

    static Step Ordnance(RandomWorld w)
    {
        var party = w.Mostly("mine", 0.5);
        var category = w.Pick(Vocabulary.OrdnanceCategories);
        var body = new JsonObject
        {
            ["id"] = w.NewId("EO"),
            ["category"] = category,
            ["quantity"] = w.Int(1, 20),
            ["condition"] = w.Pick(Vocabulary.Conditions),
            ["fuzeState"] = w.Pick(Vocabulary.FuzeStates),
            ["position"] = RandomGeo.Point(RandomGeo.AnyPlace(w)),
            ["found"] = Iso(w.Before(600)),
            ["action"] = w.Pick(Vocabulary.OrdnanceActions),
            ["note"] = Text($"{category} found"),
            ["synthetic"] = true,
        };
        if (w.Hazards.Count > 0 && w.Chance(0.3))
        {
            body["hazard"] = w.RefId(w.Hazards, party, "HZ");
        }
        if (w.Releases.Count > 0 && w.Chance(0.15))
        {
            body["activity"] = w.RefId(w.Releases, party, "A");
        }
        if (w.Reports.Count > 0 && w.Chance(0.15))
        {
            body["incidents"] = new JsonArray(w.IncidentId(w.Incidents()));
        }
        return Visible(w, new Step(MineActionKinds.Ordnance, party, body));
    }

    static Step Accident(RandomWorld w)
    {
        var party = w.Mostly("mine", 0.5);
        var id = w.NewId("ACC");
        var demining = w.Chance(0.3);
        var body = new JsonObject
        {
            ["id"] = id,
            ["position"] = RandomGeo.Point(RandomGeo.AnyPlace(w)),
            ["time"] = Iso(w.Before(600)),
            ["device"] = w.Pick<string>(["ap-mine", "at-mine", "uxo", "cluster-munition"]),
            ["kind"] = demining ? "demining" : "civilian",
            ["areaMarked"] = demining,
            ["activation"] = demining ? "demining-procedure" : w.Pick<string>(["stepped-on", "vehicle", "handling", "unknown"]),
            ["note"] = Text("accident"),
            ["synthetic"] = true,
        };
        if (w.Hazards.Count > 0 && w.Chance(0.3))
        {
            body["hazard"] = w.RefId(w.Hazards, party, "HZ");
        }
        return Visible(w, new Step(MineActionKinds.Accident, party, body) { Id = id, Into = w.Accidents });
    }

    static Step Victim(RandomWorld w)
    {
        var party = Mine(w);
        var id = w.NewId("V");
        var body = new JsonObject
        {
            ["id"] = id,
            ["accident"] = w.RefId(w.Accidents, party, "ACC"),
            ["sex"] = w.Pick(Vocabulary.Sexes),
            ["age"] = w.Int(8, 80),
            ["role"] = w.Pick(Vocabulary.VictimRoles),
            ["outcome"] = w.Pick(Vocabulary.VictimOutcomes),
            ["activity"] = w.Pick(Vocabulary.VictimActivities),
            ["knewDangerous"] = w.Chance(0.5),
            ["hadRiskEducation"] = w.Chance(0.3),
            ["synthetic"] = true,
        };
        if (w.Chance(0.03))
        {
            body["name"] = "Synthetic Person (no real individual)"; // personal data in the counted record: refused
        }
        var s = new Step(MineActionKinds.Victim, party, body) { Id = id, Into = w.Victims };
        w.RandomVisibility(s, allowPublic: false);
        return s;
    }

    static Step Personal(RandomWorld w)
    {
        var party = Mine(w);
        var s = new Step(MineActionKinds.VictimPersonal, party, new JsonObject
        {
            ["victim"] = w.RefId(w.Victims, party, "V"),
            ["name"] = $"Synthetic Person {w.Int(1, 999)} (no real individual)",
            ["dateOfBirth"] = $"{w.Int(1950, 2010)}-0{w.Int(1, 9)}-1{w.Int(0, 9)}",
            ["residence"] = "synthetic village",
            ["note"] = Text("restricted; erasable by a signed erasure"),
        })
        { Into = w.Personal };
        w.Restricted(s);
        return s;
    }

    static Step Import(RandomWorld w)
    {
        var party = Mine(w);
        var hazards = Enumerable.Range(0, w.Int(1, 3)).Select(_ => w.NewId("IH")).ToList();
        var minefields = w.Chance(0.4) ? [w.NewId("IM")] : new List<string>();
        var body = new JsonObject
        {
            ["hazards"] = new JsonArray([.. hazards.Select(id => (JsonNode)HazardBody(w, id, party))]),
            ["source"] = "synthetic survey import",
        };
        if (minefields.Count > 0)
        {
            body["minefields"] = new JsonArray([.. minefields.Select(id => (JsonNode)MinefieldBody(w, id))]);
        }
        if (w.Hazards.Count > 0 && w.Chance(0.4))
        {
            // bulk updates of hazards recorded before (one the author may not see refuses the whole import)
            body["updates"] = new JsonArray([.. Enumerable.Range(0, w.Int(1, 3)).Select(_ => (JsonNode)UpdateBody(w, party))]);
        }
        return Visible(w, new Step(MineActionKinds.Import, party, body)
        {
            Then = r =>
            {
                w.Hazards.AddRange(hazards.Select(id => r with { Id = id }));
                w.Minefields.AddRange(minefields.Select(id => r with { Id = id }));
            },
        });
    }
}
