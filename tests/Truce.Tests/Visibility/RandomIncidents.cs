using System.Text.Json.Nodes;
using Truce.Incidents;
using Truce.Spatial;
using static Truce.Tests.VisibilityDifferential.RandomWorld;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// Random bodies of the incidents kinds (docs/INCIDENTS.md). Reports come from random sources about a pool of invented
/// events, several about the same one (a few hundred metres and minutes apart), so correlation joins them into shared
/// incidents; some events happen a few km from another at the same time, so some reports are only suggested.
/// </summary>
public static class RandomIncidents
{
    static readonly (string Type, string Category, string Family)[] Types =
    [
        ("small-arms", "ceasefire-violation", "direct-fire"), ("sniper", "ceasefire-violation", "direct-fire"),
        ("heavy-machine-gun", "ceasefire-violation", "direct-fire"), ("mortar", "ceasefire-violation", "indirect-fire"),
        ("artillery", "ceasefire-violation", "indirect-fire"), ("rocket-launcher", "ceasefire-violation", "indirect-fire"),
        ("tank", "ceasefire-violation", "indirect-fire"), ("grenade-launcher", "ceasefire-violation", "indirect-fire"),
        ("drone-strike", "ceasefire-violation", "aerial"), ("missile", "ceasefire-violation", "aerial"),
        ("explosion-unknown", "explosion", "explosion"), ("drone-overflight", "airspace", "aerial"),
        ("troop-movement", "forces", "ground"), ("fortification", "forces", "ground"), ("armed-group", "armed-groups", "ground"),
        ("attack-on-civilians", "civilians", "civilian-harm"), ("damage-to-property", "civilians", "civilian-harm"), ("other", "other", "other"),
    ];

    static readonly string[] Categories = ["ceasefire-violation", "explosion", "airspace", "forces", "armed-groups", "civilians", "other"];
    static readonly string[] Families = ["direct-fire", "indirect-fire", "aerial", "explosion", "ground", "civilian-harm", "other"];
    static readonly string[] Sources = ["observation-post", "patrol", "drone", "fixed-camera", "acoustic-sensor", "party-statement", "media", "public"];
    static readonly string[] Outcomes = ["verified", "unconfirmed", "disputed", "unfounded"];

    public static IEnumerable<RandomKind> Kinds =>
    [
        new(IncidentKinds.Report, 14, _ => true, Report),
        new(IncidentKinds.ReportRetract, 2, w => w.Reports.Count > 0, Retract),
        new(IncidentKinds.Link, 1.5, w => w.Reports.Count > 1, Link),
        new(IncidentKinds.Merge, 2, w => w.Reports.Count > 1, Merge),
        new(IncidentKinds.Split, 2, w => w.Reports.Count > 2, Split),
        new(IncidentKinds.Status, 3, w => w.Reports.Count > 0, Status),
        new(IncidentKinds.Recorrelate, 0.8, w => w.Reports.Count > 0, w => Mission(w, IncidentKinds.Recorrelate, new() { ["reason"] = Text("re-run after new settings") })),
        new(IncidentKinds.CorrelationConfig, 0.8, _ => true, Config),
        new(IncidentKinds.Claim, 2.5, w => w.Reports.Count > 0, Claim),
        new(IncidentKinds.ClaimLink, 1.5, w => w.Claims.Count > 0, ClaimLink),
        new(IncidentKinds.Restriction, 1.5, _ => true, Restriction),
        new(IncidentKinds.Hotline, 2, _ => true, Hotline),
        new(IncidentKinds.Place, 2, _ => true, Place),
        new(IncidentKinds.TaxonomyExtend, 0.8, _ => true, Taxonomy),
    ];

    static Step Mission(RandomWorld w, string kind, JsonObject body, string? id = null, List<Ref>? into = null, Action<Ref>? then = null)
    {
        var s = new Step(kind, w.MissionParty(), body) { Id = id, Into = into, Then = then };
        w.RandomVisibility(s);
        return s;
    }

    static Step Report(RandomWorld w)
    {
        var recent = w.Events.Where(e => e.Time >= w.Time.AddHours(-3)).ToList();
        var e = recent.Count > 0 && w.Chance(0.6) ? w.Pick(recent) : NewEvent(w, recent);
        var (type, category) = ReportedType(w, e.Type);
        var start = Min(e.Time + TimeSpan.FromMinutes(w.Range(-2, 2)), w.Time);
        var body = new JsonObject
        {
            ["category"] = category,
            ["type"] = type,
            ["time"] = new JsonObject { ["start"] = Iso(start), ["end"] = Iso(Min(start + TimeSpan.FromMinutes(w.Range(0, 6)), w.Time)), ["precision"] = "minute" },
            ["source"] = Source(w),
            ["confidence"] = w.Pick<string>(["low", "medium", "high"]),
            ["description"] = Text($"{type} observed"),
            ["synthetic"] = true,
        };
        if (!NamesASettlement(w, body, (e.Lat, e.Lon)))
        {
            Where(w, body, (e.Lat, e.Lon));
        }
        if (Types.FirstOrDefault(t => t.Type == type).Family is "indirect-fire" or "aerial" or "explosion")
        {
            // Salvos beside single rounds: counts weigh in correlation, and what a book learns of how events differ
            // in their counts is derived state of its own audience's reports (the visibility rule).
            // (Drawn as before, so that every seed's log takes the same steps: one draw in four is a salvo.)
            var n = w.Int(1, 8);
            n = n >= 7 ? n * 8 : n;
            body["perceptions"] = new JsonArray(new JsonObject { ["kind"] = "explosion", ["assessment"] = w.Pick<string>(["impact", "outgoing", "undetermined"]), ["sense"] = "heard-and-seen" });
            body["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = n, ["best"] = n + w.Int(0, 2), ["high"] = n + w.Int(2, 5) } };
        }
        if (w.Chance(0.1))
        {
            body["casualties"] = new JsonArray(new JsonObject { ["side"] = "unknown", ["status"] = "civilian", ["killed"] = 0, ["injured"] = w.Int(1, 3) });
        }
        var s = new Step(IncidentKinds.Report, w.AnyParty(), body) { Into = w.Reports };
        w.RandomVisibility(s);
        return s;
    }

    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>A new event: mostly anywhere, sometimes a few km from a recent one at about the same time.</summary>
    static (double Lat, double Lon, DateTimeOffset Time, string Type) NewEvent(RandomWorld w, List<(double Lat, double Lon, DateTimeOffset Time, string Type)> recent)
    {
        var near = recent.Count > 0 && w.Chance(0.25) ? w.Pick(recent) : default;
        var at = near.Type is null ? RandomGeo.AnyPlace(w) : RandomGeo.Near(w, (near.Lat, near.Lon), 5, 2);
        var time = near.Type is null ? w.Before(60) : Min(near.Time + TimeSpan.FromMinutes(w.Range(-10, 10)), w.Time);
        var e = (at.Lat, at.Lon, time, w.Pick(Types[..11]).Type);
        w.Events.Add(e);
        return e;
    }

    /// <summary>Mostly the event's type; sometimes another of its family, an unknown explosion, a new type, or a bad one.</summary>
    static (string Type, string Category) ReportedType(RandomWorld w, string eventType)
    {
        var t = Types.First(x => x.Type == eventType);
        var roll = w.Rng.NextDouble();
        return roll switch
        {
            < 0.03 => ("no-such-type", t.Category),
            < 0.06 => (t.Type, "airspace" == t.Category ? "forces" : "airspace"),
            < 0.10 when w.CustomTypes.Count > 0 => w.Pick(w.CustomTypes),
            < 0.22 when t.Family is "indirect-fire" or "aerial" => ("explosion-unknown", "explosion"),
            < 0.35 => w.Pick(Types.Where(x => x.Family == t.Family && x.Category == t.Category).Select(x => (x.Type, x.Category)).ToList()),
            _ => (t.Type, t.Category),
        };
    }

    static JsonObject Source(RandomWorld w)
    {
        var kind = w.Pick(Sources);
        var o = new JsonObject { ["kind"] = kind };
        if (!w.Chance(0.1))
        {
            o["id"] = $"{kind}-{w.Int(1, 15)}";
        }
        return o;
    }

    /// <summary>Sometimes a statement names a place the mission defined, with no bearing: a settlement among them is a
    /// cell for the readers who may see its entry (once its party has named two), and nothing for the others.</summary>
    static bool NamesASettlement(RandomWorld w, JsonObject body, (double Lat, double Lon) e)
    {
        if ((string?)body["source"]!["kind"] is not ("party-statement" or "media" or "public") || w.Places.Count == 0 || !w.Chance(0.6))
        {
            return false;
        }
        body["location"] = new JsonObject
        {
            ["geometry"] = RandomGeo.Point(RandomGeo.Near(w, e, 3)),
            ["precision"] = "settlement",
            ["place"] = w.Pick(w.Places).Id,
        };
        return true;
    }

    /// <summary>A location near the event, an observer's bearing and distance to it, or both.</summary>
    static void Where(RandomWorld w, JsonObject body, (double Lat, double Lon) e)
    {
        var roll = w.Rng.NextDouble();
        if (roll < 0.85)
        {
            var loc = new JsonObject { ["geometry"] = w.Chance(0.05) ? RandomGeo.Square(e, 1) : RandomGeo.Point(RandomGeo.Near(w, e, 0.4)) };
            if (w.Chance(0.2))
            {
                loc["radius"] = Math.Round(w.Range(200, 1500));
            }
            else
            {
                loc["precision"] = roll < 0.75 ? w.Pick<string>(["near", "near", "exact"]) : "settlement";
            }
            body["location"] = loc;
        }
        if (roll >= 0.75)
        {
            var post = RandomGeo.Near(w, e, 5, 2);
            var km = LocalFrame.DistanceKm(post.Lat, post.Lon, e.Lat, e.Lon);
            body["observer"] = new JsonObject
            {
                ["id"] = $"OP-{w.Int(1, 12)}",
                ["position"] = RandomGeo.Point(post),
                ["bearing"] = Math.Round(LocalFrame.BearingDeg(post.Lat, post.Lon, e.Lat, e.Lon)),
                ["bearingError"] = 5,
                ["distance"] = new JsonObject { ["min"] = Math.Round(km * 0.7, 1), ["max"] = Math.Round(km * 1.3 + 0.5, 1) },
            };
        }
    }

    static Step Retract(RandomWorld w)
    {
        var report = w.MaybePick(w.Reports);
        var roll = w.Rng.NextDouble();
        var party = report is null || roll >= 0.85 ? w.AnyParty() : roll < 0.65 ? report.Party : w.MissionParty();
        var body = new JsonObject { ["report"] = report?.Index ?? w.RefIndex(w.Notes, party), ["reason"] = Text("the position given was wrong") };
        var s = new Step(IncidentKinds.ReportRetract, party, body);
        w.RandomVisibility(s);
        return s;
    }

    static Step Link(RandomWorld w)
    {
        var report = w.RefIndex(w.Reports, "mission");
        return Mission(w, IncidentKinds.Link, new()
        {
            ["report"] = report,
            ["incident"] = w.IncidentId(w.Incidents()),
            ["reason"] = Text("the monitors place this report with that event"),
        });
    }

    static Step Merge(RandomWorld w)
    {
        var incidents = w.Incidents();
        var into = w.IncidentId(incidents);
        var others = incidents.Where(i => i.Id != into).ToList();
        var from = others.Count > 0 && !w.Chance(0.05) ? w.Pick(others).Id : into;
        return Mission(w, IncidentKinds.Merge, new() { ["into"] = into, ["from"] = from, ["reason"] = Text("one event seen from two places") });
    }

    static Step Split(RandomWorld w)
    {
        var several = w.Incidents().Where(i => i.Reports.Count >= 2).ToList();
        var from = several.Count > 0 && !w.Bogus() ? w.Pick(several) : null;
        var reports = new JsonArray();
        if (from is not null)
        {
            var shuffled = from.Reports.OrderBy(_ => w.Rng.Next()).ToList();
            var take = w.Chance(0.05) ? shuffled.Count : w.Int(1, shuffled.Count - 1);
            foreach (var r in shuffled.Take(take))
            {
                reports.Add(r);
            }
        }
        else
        {
            reports.Add(w.RefIndex(w.Reports, "mission"));
        }
        return Mission(w, IncidentKinds.Split, new()
        {
            ["incident"] = from?.Id ?? w.IncidentId(w.Incidents()),
            ["reports"] = reports,
            ["reason"] = Text("two events close in time"),
        });
    }

    static Step Status(RandomWorld w)
    {
        var incidents = w.Incidents();
        var i = incidents.Count > 0 && !w.Bogus() ? w.Pick(incidents) : null;
        string[] all = ["reported", "under-review", .. Outcomes, "retracted"];
        var status = i is null || w.Chance(0.12) ? w.Pick(all) : w.Chance(0.08) ? "retracted" : i.Status switch
        {
            "under-review" => w.Pick(Outcomes),
            _ => "under-review",
        };
        return Mission(w, IncidentKinds.Status, new()
        {
            ["incident"] = i?.Id ?? w.IncidentId(incidents),
            ["status"] = status,
            ["reason"] = Text($"assessed as {status}"),
        });
    }

    static Step Config(RandomWorld w)
    {
        var body = new JsonObject();
        var join = Math.Round(w.Range(0.55, 0.8), 2);
        if (w.Chance(0.6))
        {
            body["join"] = join;
            body["suggest"] = w.Chance(0.05) ? join : Math.Round(w.Range(0.05, 0.3), 2);
        }
        if (w.Chance(0.5) || body.Count == 0)
        {
            body["clockToleranceMinutes"] = w.Int(2, 20);
        }
        if (w.Chance(0.4))
        {
            body["eventDensity"] = Math.Round(w.Range(1e-4, 2e-3), 6);
        }
        if (w.Chance(0.3))
        {
            body["sameSourceFactor"] = Math.Round(w.Range(0, 0.2), 3);
        }
        if (w.Chance(0.3))
        {
            // The rate of an event nobody observed, read off each book's own observed incidents.
            body["unobservedRatio"] = Math.Round(w.Range(0, 1), 2);
            body["coarseEventDensity"] = Math.Round(w.Range(5e-5, 5e-4), 6);
        }
        return Mission(w, IncidentKinds.CorrelationConfig, body);
    }

    static JsonArray SomeIncidents(RandomWorld w, IReadOnlyList<IncidentRef> incidents) =>
        w.Chance(0.7) ? [w.IncidentId(incidents)] : [w.IncidentId(incidents), w.IncidentId(incidents)];

    static Step Claim(RandomWorld w)
    {
        var party = w.AnyParty();
        var stance = w.Pick<string>(["asserts", "denies", "attributes", "states"]);
        var body = new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = $"Ministry of Defence of {party} (synthetic)", ["kind"] = w.Pick<string>(["ministry", "official", "media"]), ["party"] = party },
            ["stance"] = stance,
            ["incidents"] = stance == "states" ? new JsonArray() : SomeIncidents(w, w.Incidents()),
            ["quote"] = Text($"the statement {stance} what happened"),
            ["language"] = "en",
            ["source"] = new JsonObject { ["title"] = "Statement (synthetic)", ["outlet"] = "synthetic outlet" },
            ["synthetic"] = true,
        };
        if (stance == "states")
        {
            body["fact"] = "no heavy weapons near the line (synthetic)";
        }
        if (stance == "attributes")
        {
            body["attributedTo"] = w.OtherParty(party);
        }
        var s = new Step(IncidentKinds.Claim, party, body) { Into = w.Claims };
        w.RandomVisibility(s);
        return s;
    }

    static Step ClaimLink(RandomWorld w)
    {
        var party = w.AnyParty();
        var s = new Step(IncidentKinds.ClaimLink, party, new JsonObject
        {
            ["claim"] = w.RefIndex(w.Claims, party),
            ["incidents"] = SomeIncidents(w, w.Incidents()),
            ["reason"] = Text("the claim is about this incident too"),
        });
        w.RandomVisibility(s);
        return s;
    }

    static Step Restriction(RandomWorld w)
    {
        var start = w.Before(180);
        var time = new JsonObject { ["start"] = Iso(start) };
        if (w.Chance(0.5))
        {
            time["end"] = Iso(Min(start + TimeSpan.FromMinutes(w.Range(5, 90)), w.Time));
        }
        var s = new Step(IncidentKinds.Restriction, w.AnyParty(), new JsonObject
        {
            ["kind"] = w.Pick<string>(["patrol-stopped", "access-refused", "delayed", "drone-jammed", "drone-fired-at", "other"]),
            ["time"] = time,
            ["location"] = RandomGeo.Point(RandomGeo.AnyPlace(w)),
            ["team"] = $"patrol-{w.Int(1, 9)}",
            ["description"] = Text("the patrol was stopped and turned back"),
            ["synthetic"] = true,
        });
        w.RandomVisibility(s);
        return s;
    }

    static Step Hotline(RandomWorld w)
    {
        var party = w.AnyParty();
        var body = new JsonObject
        {
            ["subject"] = Text("fire reported near the line"),
            ["text"] = Text("we ask the mission to verify"),
            ["urgency"] = w.Pick<string>(["routine", "priority", "flash"]),
            ["synthetic"] = true,
        };
        if (w.Chance(0.4))
        {
            body["replyTo"] = w.RefIndex(w.Hotline, party);
        }
        if (w.Chance(0.3))
        {
            body["incidents"] = SomeIncidents(w, w.Incidents());
        }
        var s = new Step(IncidentKinds.Hotline, party, body) { Into = w.Hotline };
        w.RandomVisibility(s, allowPublic: false);
        return s;
    }

    // Shipped places a settlement entry may reuse the id of: a settlement moves; a district is refused.
    static readonly string[] ShippedIds = [.. Places.Gazetteer.LoadDefault().All.Where(p => p.Lat is > RandomWorld.MinLat and < RandomWorld.MaxLat
        && p.Lon is > RandomWorld.MinLon and < RandomWorld.MaxLon).Select(p => p.Id)];

    static Step Place(RandomWorld w)
    {
        var roll = w.Rng.NextDouble();
        var settlement = roll > 0.7;
        var id = w.Places.Count > 0 && w.Chance(0.15) ? w.Pick(w.Places).Id : settlement && w.Chance(0.2) ? w.Pick(ShippedIds) : w.NewId("PL");
        var at = RandomGeo.AnyPlace(w);
        // A settlement is a point (one that is not is refused), its names keyed by convention (a language is refused); it
        // joins the gazetteer of the books that see it.
        return Mission(w, IncidentKinds.Place, new()
        {
            ["id"] = id,
            ["kind"] = roll < 0.15 ? "corridor" : settlement ? "settlement" : w.Pick<string>(["checkpoint", "observation-post", "base", "crossing", "area", "other"]),
            ["geometry"] = roll < 0.15 ? RandomGeo.Line(RandomGeo.Route(w, at)) : roll < 0.4 || roll > 0.97 ? RandomGeo.Square(at, w.Range(0.5, 3)) : RandomGeo.Point(at),
            ["names"] = settlement && roll < 0.95
                ? new JsonObject { ["az"] = $"{id} (az, synthetic)", ["am"] = $"{id} (am, synthetic)" }
                : new JsonObject { ["en"] = $"Place {id} (synthetic)", ["az"] = $"{id} (az, synthetic)", ["hy"] = $"{id} (hy, synthetic)" },
            ["controlledBy"] = w.AnyParty(),
            ["synthetic"] = true,
        }, id, w.Places);
    }

    static Step Taxonomy(RandomWorld w)
    {
        var added = new List<(string, string)>();
        var types = new JsonArray();
        for (int i = w.Int(1, 2); i > 0; i--)
        {
            var (id, category) = w.Chance(0.08) ? ("mortar", "ceasefire-violation") : (w.NewId("x-type"), w.Pick(Categories));
            added.Add((id, category));
            types.Add(new JsonObject { ["id"] = id, ["category"] = category, ["family"] = w.Pick(Families), ["label"] = $"Type {id} (synthetic)" });
        }
        return Mission(w, IncidentKinds.TaxonomyExtend, new() { ["types"] = types }, then: _ => w.CustomTypes.AddRange(added));
    }
}
