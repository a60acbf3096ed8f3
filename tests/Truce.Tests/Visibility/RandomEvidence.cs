using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Evidence;
using static Truce.Tests.VisibilityDifferential.RandomWorld;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// Random bodies of the evidence kinds (docs/EVIDENCE.md): files stored in the deployment's blob folder and put on the
/// ledger (now and then one never stored, or a "public copy" that is no image), attachments to reports, incidents,
/// hazards and minefield records, and chains of custody with receipts, broken seals and examinations by parties that
/// never held the item.
/// </summary>
public static class RandomEvidence
{
    public static IEnumerable<RandomKind> Kinds =>
    [
        new(EvidenceKinds.Add, 2, _ => true, Add),
        new(EvidenceKinds.Attach, 1.2, w => w.Files.Count + w.Items.Count > 0, Attach),
        new(EvidenceKinds.Collect, 0.8, _ => true, Collect),
        new(EvidenceKinds.Seal, 0.4, w => w.Items.Count > 0, w => Step(w, EvidenceKinds.Seal, new JsonObject { ["seal"] = $"S-{w.Int(1, 3)}" })),
        new(EvidenceKinds.Transfer, 0.8, w => w.Items.Count > 0, Transfer),
        new(EvidenceKinds.Receive, 0.8, w => w.Transfers.Count > 0, Receive),
        new(EvidenceKinds.Examine, 0.4, w => w.Items.Count > 0, w => Step(w, EvidenceKinds.Examine, new JsonObject
        {
            ["method"] = Text("visual inspection"),
            ["findings"] = Text("fragments"),
        })),
        new(EvidenceKinds.Store, 0.2, w => w.Items.Count > 0, w => Step(w, EvidenceKinds.Store, new JsonObject { ["location"] = Text("store room") })),
        new(EvidenceKinds.Return, 0.2, w => w.Items.Count > 0, w => Step(w, EvidenceKinds.Return, new JsonObject { ["to"] = w.AnyParty() })),
        new(EvidenceKinds.Destroy, 0.2, w => w.Items.Count > 0, w => Step(w, EvidenceKinds.Destroy, new JsonObject { ["method"] = Text("demolition") })),
    ];

    static Step Visible(RandomWorld w, Step s)
    {
        w.RandomVisibility(s);
        return s;
    }

    static Step Add(RandomWorld w)
    {
        var bytes = new byte[w.Int(100, 3000)];
        w.Rng.NextBytes(bytes);
        var pdf = w.Chance(0.5);
        if (pdf)
        {
            "%PDF-1.4\n"u8.CopyTo(bytes);
        }
        else
        {
            (bytes[0], bytes[1], bytes[2], bytes[3]) = (0xFF, 0xD8, 0xFF, 0xE0);
        }
        var stored = w.D.Ledger.Module<EvidenceModule>()!.Store!.Write(bytes);
        var sha = w.Bogus() ? new string('e', 64) : stored.Sha256;
        var body = new JsonObject
        {
            ["sha256"] = sha,
            ["type"] = stored.Type,
            ["size"] = stored.Size,
            ["collected"] = new JsonObject { ["by"] = Text("patrol"), ["at"] = Iso(w.Before(120)) },
            ["synthetic"] = true,
        };
        if (w.Files.Count > 0 && w.Chance(0.05))
        {
            body["publicCopyOf"] = w.Pick(w.Files).Id; // random bytes are no image: refused
        }
        return Visible(w, new Step(EvidenceKinds.Add, w.AnyParty(), body) { Id = sha, Into = w.Files });
    }

    static Step Attach(RandomWorld w)
    {
        var party = w.AnyParty();
        var file = w.Files.Count > 0 && (w.Items.Count == 0 || w.Chance(0.6));
        var evidence = file ? w.PickRef(w.Files, party) : w.PickRef(w.Items, party);
        var (type, id) = w.Rng.Next(6) switch
        {
            0 when w.Reports.Count > 0 => ("report", w.Pick(w.Reports).Index.ToString(CultureInfo.InvariantCulture)),
            1 when w.Reports.Count > 0 => ("incident", $"I-{w.Pick(w.Reports).Index}"),
            2 when w.Minefields.Count > 0 => ("minefield", w.Pick(w.Minefields).Id),
            3 when w.Claims.Count > 0 => ("claim", w.Pick(w.Claims).Index.ToString(CultureInfo.InvariantCulture)),
            4 when w.Accidents.Count > 0 => ("accident", w.Pick(w.Accidents).Id),
            _ when w.Hazards.Count > 0 => ("hazard", w.Pick(w.Hazards).Id),
            _ => ("claim", "1"),
        };
        var body = new JsonObject { [file ? "sha256" : "item"] = evidence?.Id ?? (file ? new string('d', 64) : "no-such-item"), ["target"] = new JsonObject { ["type"] = type, ["id"] = id } };
        return Visible(w, new Step(EvidenceKinds.Attach, party, body));
    }

    static Step Collect(RandomWorld w)
    {
        var id = w.Items.Count > 0 && w.Chance(0.05) ? w.Pick(w.Items).Id : w.NewId("ITEM");
        return Visible(w, new Step(EvidenceKinds.Collect, w.AnyParty(), new JsonObject
        {
            ["item"] = id,
            ["at"] = Iso(w.Before(240, 120)),
            ["description"] = Text("remains"),
            ["synthetic"] = true,
        })
        { Id = id, Into = w.Items });
    }

    static Step Step(RandomWorld w, string kind, JsonObject body)
    {
        var party = w.AnyParty();
        body["item"] = w.PickRef(w.Items, party)?.Id ?? "no-such-item";
        body["at"] = Iso(w.Before(200));
        return Visible(w, new Step(kind, party, body));
    }

    static Step Transfer(RandomWorld w)
    {
        var party = w.AnyParty();
        var item = w.PickRef(w.Items, party)?.Id ?? "no-such-item";
        var to = w.OtherParty(party);
        var s = Visible(w, new Step(EvidenceKinds.Transfer, party, new JsonObject
        {
            ["item"] = item,
            ["at"] = Iso(w.Before(100)),
            ["to"] = to,
            ["seal"] = $"S-{w.Int(1, 3)}",
            ["sealCondition"] = w.Pick(["intact", "intact", "broken", "absent"]),
        })
        { Id = $"{item}|{to}", Into = w.Transfers });
        return s;
    }

    static Step Receive(RandomWorld w)
    {
        var t = w.Transfers.Count > 0 ? w.Pick(w.Transfers) : new Ref("no-such-item|az", 1_000_000, "az", Core.Access.Visibility.Public, []);
        var parts = t.Id.Split('|');
        var party = w.Chance(0.9) ? parts[1] : w.AnyParty();
        return Visible(w, new Step(EvidenceKinds.Receive, party, new JsonObject
        {
            ["item"] = parts[0],
            ["at"] = Iso(w.Before(60)),
            ["transfer"] = t.Index,
            ["sealCondition"] = w.Pick(["intact", "intact", "broken"]),
        }));
    }
}
