using System.Globalization;
using System.Text.Json.Nodes;
using ImageMagick;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Modules.Shared;
using Truce.Evidence.Blobs;
using Truce.Evidence.PublicCopies;

namespace Truce.Evidence.Demo;

/// <summary>
/// The evidence module's synthetic demo data (SPEC §4), on the demo incident both conflict parties dispute (the one the
/// incidents demo gives contradicting claims): a photograph of missile remains kept restricted with its public copy
/// without metadata, a synthetic examination report, and two physical items (labelled synthetic): one with a complete
/// chain of custody, one whose seal was found broken when it was received.
/// </summary>
static class DemoEvidence
{
    const string Finder = "mine-agency";
    const string Examiner = "jmc";

    public static async Task LoadAsync(IDemoWriter demo, EvidenceModule module)
    {
        if (module.Store is not { } store)
        {
            return;
        }
        var disputed = demo.Host.CeasefireViolations(Reader.Mission).Where(e => e.IndependentSources >= 3)
            .OrderByDescending(e => e.Reports).ThenBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault();
        if (disputed is null)
        {
            return;
        }
        demo.Progress?.Report("evidence and chains of custody");
        var t0 = demo.Now.AddDays(-9);
        var bytes = Photograph();
        var photo = store.Write(bytes);
        var folder = Directory.CreateTempSubdirectory("truce-demo").FullName;
        StoredBlob copy;
        try
        {
            var original = Path.Combine(folder, "photo.jpg");
            System.IO.File.WriteAllBytes(original, bytes);
            copy = store.Write(Metadata.Strip(original));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        var report = store.Write(System.Text.Encoding.ASCII.GetBytes(
            "%PDF-1.4\n% SYNTHETIC examination report: fragments of a rocket motor, markings unreadable. Demo data, not a real finding.\n%%EOF\n"));
        await demo.SubmitAsAsync(Finder, EvidenceKinds.Add, File(photo, "remains-site.jpg", "SYNTHETIC: photograph of missile remains where they were found", t0),
            t0.AddHours(1), Visibility.Restricted, ["jmc", "pk"]);
        var copyBody = File(copy, "remains-site-public.jpg", "SYNTHETIC: public copy of the photograph, location and camera metadata removed", t0);
        copyBody["publicCopyOf"] = photo.Sha256;
        await demo.SubmitAsAsync(Finder, EvidenceKinds.Add, copyBody, t0.AddHours(1));
        await demo.SubmitAsAsync(Examiner, EvidenceKinds.Add, File(report, "examination-report.pdf", "SYNTHETIC: examination report of the remains", t0.AddDays(3)), t0.AddDays(3));
        await ChainAsync(demo, "DEMO-REMAINS-1", "S-0001", photo.Sha256, report.Sha256, t0, broken: false);
        await ChainAsync(demo, "DEMO-REMAINS-2", "S-0002", photo.Sha256, null, t0.AddHours(2), broken: true);
        foreach (var (key, value) in new[] { ("sha256", copy.Sha256), ("item", "DEMO-REMAINS-1"), ("item", "DEMO-REMAINS-2") })
        {
            await demo.SubmitAsAsync(Finder, EvidenceKinds.Attach, new JsonObject
            {
                [key] = value,
                ["target"] = new JsonObject { ["type"] = EvidenceTargets.Incident, ["id"] = disputed.Id },
                ["note"] = "SYNTHETIC: found near the impact site of this incident",
            }, t0.AddDays(4));
        }
    }

    static async Task ChainAsync(IDemoWriter demo, string item, string seal, string photo, string? report, DateTimeOffset t, bool broken)
    {
        async Task<long> Step(string party, string kind, JsonObject body, DateTimeOffset at)
        {
            body["item"] = item;
            body["at"] = Iso(at);
            body["synthetic"] = true;
            return await demo.SubmitAsAsync(party, kind, body, at.AddMinutes(10));
        }
        await Step(Finder, EvidenceKinds.Collect, new JsonObject
        {
            ["description"] = $"SYNTHETIC: {(broken ? "tail fin fragment" : "rocket motor casing")} of a missile, found by a clearance team",
            ["where"] = new JsonObject { ["lat"] = 39.7569, ["lon"] = 46.7496 },
            ["place"] = "SYNTHETIC: field east of the settlement",
        }, t);
        await Step(Finder, EvidenceKinds.Seal, new JsonObject { ["seal"] = seal, ["photo"] = photo }, t.AddHours(1));
        var sent = await Step(Finder, EvidenceKinds.Transfer, new JsonObject { ["to"] = Examiner, ["seal"] = seal, ["sealCondition"] = "intact" }, t.AddDays(1));
        await Step(Examiner, EvidenceKinds.Receive, new JsonObject
        {
            ["transfer"] = sent,
            ["seal"] = seal,
            ["sealCondition"] = broken ? "broken" : "intact",
            ["note"] = broken ? "SYNTHETIC: seal found cut on arrival" : "SYNTHETIC: seal checked against the sealing photograph",
        }, t.AddDays(1).AddHours(5));
        var examined = new JsonObject { ["method"] = "SYNTHETIC: visual inspection and measurement of markings", ["findings"] = "SYNTHETIC: consistent with a short-range ballistic missile" };
        if (report is not null)
        {
            examined["report"] = report;
        }
        await Step(Examiner, EvidenceKinds.Examine, examined, t.AddDays(3));
        await Step(Examiner, EvidenceKinds.Store, new JsonObject { ["location"] = "SYNTHETIC: evidence store of the monitoring centre" }, t.AddDays(3).AddHours(2));
    }

    static JsonObject File(StoredBlob f, string name, string description, DateTimeOffset at) => new()
    {
        ["sha256"] = f.Sha256,
        ["type"] = f.Type,
        ["size"] = f.Size,
        ["name"] = name,
        ["description"] = description,
        ["collected"] = new JsonObject { ["by"] = "SYNTHETIC: clearance team 3", ["at"] = Iso(at), ["place"] = "SYNTHETIC: field east of the settlement" },
        ["synthetic"] = true,
    };

    static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A synthetic "photograph": a gradient with camera and GPS metadata, as a field camera would write it.</summary>
    static byte[] Photograph()
    {
        using var image = new MagickImage("gradient:khaki-saddlebrown", 320, 240) { Format = MagickFormat.Jpeg, Comment = "SYNTHETIC demo image" };
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "SYNTHETIC camera");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(39, 1), new Rational(45, 1), new Rational(2485, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(46, 1), new Rational(44, 1), new Rational(5856, 100)]);
        image.SetProfile(exif);
        return image.ToByteArray();
    }
}
