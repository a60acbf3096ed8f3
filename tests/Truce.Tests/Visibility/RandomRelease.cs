using System.Text.Json.Nodes;
using Truce.MineAction;
using static Truce.Tests.VisibilityDifferential.RandomWorld;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// Random land release (IMAS 07.11): survey cancels, technical survey reduces, clearance clears, each outcome a box cut
/// from what remains of the hazard as the module holds it now: a band across it (the hazard shrinks, or splits in two),
/// a piece inside it, or all of it (the hazard closes); a handover certificate on a closed hazard hands it over.
/// </summary>
public static class RandomRelease
{
    static readonly string[] Organisations = ["Operator A (synthetic)", "Operator B (synthetic)", "Agency teams (synthetic)"];

    public static Step Release(RandomWorld w)
    {
        var party = w.Mostly("mine", 0.65);
        w.Worked.RemoveAll(hz => w.Hazard(hz.Id)?.Status is null or "handed-over");
        var worked = w.Worked.Count > 0 && w.Chance(0.5);
        var id = worked ? w.Pick(w.Worked).Id : w.RefId(w.Hazards, party, "HZ");
        var h = w.Hazard(id);
        var type = h?.Status is "closed" && w.Chance(0.7) ? "handover-certificate" : Type(w);
        var start = w.Before(600, 60);
        var body = new JsonObject
        {
            ["id"] = w.NewId("A"),
            ["type"] = type,
            ["hazard"] = id,
            ["organisation"] = w.Pick(Organisations),
            ["method"] = type == "non-technical-survey" ? "visual" : w.Pick<string>(["manual", "mechanical", "mine-detection-dog"]),
            ["start"] = Iso(start),
            ["end"] = Iso(start + (w.Time - start) * w.Rng.NextDouble()),
            ["status"] = w.Chance(0.04) ? "planned" : w.Chance(0.85) ? "completed" : "ongoing",
            ["synthetic"] = true,
        };
        if (Outcomes(w, type, h, worked ? 0.6 : 0.3) is { } outcomes)
        {
            body["outcomes"] = outcomes;
        }
        if (type == "handover-certificate")
        {
            body["handedTo"] = "local authority and land users (synthetic)";
            body["present"] = new JsonObject { ["women"] = w.Int(0, 8), ["men"] = w.Int(1, 10), ["girls"] = w.Int(0, 3), ["boys"] = w.Int(0, 3) };
            body["status"] = "completed";
        }
        if (w.Tasks.Count > 0 && w.Chance(0.4))
        {
            body["task"] = w.RefId(w.Tasks, party, "T");
        }
        var s = new Step(MineActionKinds.Release, party, body)
        {
            Id = (string)body["id"]!,
            Into = w.Releases,
            Then = _ =>
            {
                if (w.Hazards.Find(x => x.Id == id) is { } hazard && !w.Worked.Contains(hazard))
                {
                    w.Worked.Add(hazard);
                }
            },
        };
        w.RandomVisibility(s);
        return s;
    }

    static string Type(RandomWorld w) => w.Rng.NextDouble() switch
    {
        < 0.40 => "clearance",
        < 0.60 => "technical-survey",
        < 0.80 => "non-technical-survey",
        < 0.85 => "battle-area-clearance",
        < 0.90 => "eod-spot-task",
        < 0.95 => "completion-report",
        _ => "handover-certificate",
    };

    /// <summary>What the activity released, by the outcomes its type may give; null when it released nothing.</summary>
    static JsonObject? Outcomes(RandomWorld w, string type, (string Status, double W, double S, double E, double N)? h, double closes)
    {
        var kinds = type switch
        {
            "non-technical-survey" => w.Chance(0.03) ? new[] { "cleared" } : ["cancelled"],
            "technical-survey" => w.Chance(0.3) ? ["reduced", "cleared"] : ["reduced"],
            "clearance" or "battle-area-clearance" => ["cleared"],
            _ => [],
        };
        if (kinds.Length == 0 || w.Chance(0.1))
        {
            return null;
        }
        var (bw, bs, be, bn) = h is { } x && x.E > x.W && x.N > x.S ? (x.W, x.S, x.E, x.N) : Box(w);
        var o = new JsonObject();
        // From the bottom edge, or from partway up (a band through the middle splits the hazard in two).
        var cut = w.Chance(0.3) ? bs + (bn - bs) * w.Range(0.2, 0.5) : bs - 1e-4;
        for (int i = 0; i < kinds.Length; i++)
        {
            var last = i == kinds.Length - 1;
            var roll = w.Rng.NextDouble();
            // A band across the box (from the last cut up), all that is left, or a piece inside it.
            var top = last && roll < closes ? bn + 1e-4 : cut + (bn - cut) * w.Range(0.2, 0.8);
            o[kinds[i]] = roll > 0.9
                ? RandomGeo.Rect(bw + (be - bw) * 0.3, bs + (bn - bs) * 0.3, bw + (be - bw) * 0.7, bs + (bn - bs) * 0.7)
                : RandomGeo.Rect(bw - 1e-4, cut, be + 1e-4, top);
            cut = Math.Min(top, bn);
        }
        return o;
    }

    static (double W, double S, double E, double N) Box(RandomWorld w)
    {
        var (lat, lon) = RandomGeo.AnyPlace(w);
        return (lon, lat, lon + 0.004, lat + 0.003);
    }
}
