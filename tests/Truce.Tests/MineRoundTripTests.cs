using System.Text.Json.Nodes;
using NetTopologySuite.Geometries;
using Truce.Core.Access;
using Truce.MineAction;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// `truce export hazards|minefields --format import-…` read back by `truce import` into a fresh deployment (SQLite
/// files, both run as processes) gives the same records (docs/EXCHANGE.md, "Exports that import again").
/// </summary>
public class MineRoundTripTests
{
    /// <summary>Records the demo lacks: a derived benchmark, a name CSV must quote, land released before the record, a
    /// closed hazard, a MultiPolygon, a remotely delivered minefield with mine positions.</summary>
    static readonly string[] GeneratedHazards =
    [
        "id,type,status,name,district,devices,evidence,blockages,beneficiaries,benchmark_lon,benchmark_lat,perimeter_wkt,cleared_m2,reduced_m2,synthetic",
        "RT-1,CHA,open,\"Hill, \"\"north\"\" (synthetic)\",Test district,ap-mine;at-mine,sighting:high;hearsay:low,,,,,\"POLYGON ((46.301 39.901, 46.3023 39.9011, 46.3021 39.9024, 46.3012 39.9019, 46.301 39.901))\",,,true",
        "RT-2,SHA,closed,=SUM(A1),,uxo,former-front-line:medium,road;farmland,120,46.3052,39.9049,\"POLYGON ((46.306 39.905, 46.307 39.905, 46.307 39.906, 46.306 39.906, 46.306 39.905))\",1234.5,200,true",
        "RT-3,SHA,open,,,cluster-munition,old-survey:low,,,46.3101,39.9101,\"MULTIPOLYGON (((46.311 39.911, 46.312 39.911, 46.312 39.912, 46.311 39.911)), ((46.313 39.911, 46.314 39.911, 46.314 39.912, 46.313 39.911)))\",,,true",
    ];

    static JsonObject Pt(double lon, double lat) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };

    static readonly JsonObject GeneratedMinefield = new()
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(new JsonObject
        {
            ["type"] = "Feature",
            ["geometry"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = JsonNode.Parse("[[[46.32,39.92],[46.33,39.92],[46.33,39.93],[46.32,39.93],[46.32,39.92]]]") },
            ["properties"] = new JsonObject
            {
                ["id"] = "RT-MF-1",
                ["pattern"] = "remotely-delivered",
                ["referencePoints"] = new JsonArray(new JsonObject { ["name"] = "A", ["position"] = Pt(46.319, 39.919) }, new JsonObject { ["name"] = "B", ["position"] = Pt(46.331, 39.919), ["description"] = "a well" }),
                ["mines"] = new JsonArray(new JsonObject { ["type"] = "ap", ["number"] = 40, ["emplacing"] = "remotely-delivered", ["fuze"] = "tripwire", ["lifetimeDays"] = 30.5, ["selfDestructHours"] = 72 }),
                ["minePositions"] = new JsonObject { ["type"] = "MultiPoint", ["coordinates"] = JsonNode.Parse("[[46.321,39.921],[46.3215,39.9251]]") },
                ["remote"] = new JsonObject { ["corners"] = new JsonObject { ["type"] = "MultiPoint", ["coordinates"] = JsonNode.Parse("[[46.32,39.92],[46.33,39.93]]") }, ["total"] = 40, ["types"] = new JsonArray("ap"), ["deliveredAt"] = "2020-10-07T04:30:00.25Z" },
                ["laidFrom"] = "2020-10-07T04:00:00Z",
                ["synthetic"] = true,
            },
        }),
    };

    static async Task Run(params string[] args)
    {
        var (code, output, err) = await CliProcess.RunAsync(args);
        Assert.True(code == 0, $"truce {string.Join(' ', args)}: {err}{output}");
    }

    /// <summary>The records <paramref name="party"/> may see, by id.</summary>
    static async Task<(List<Hazard> Hazards, List<MinefieldRecord> Minefields)> Records(string data, string party)
    {
        await using var d = Deployment.Open(data);
        return d.Ledger.Module<MineActionModule>()!.Read(new Reader(party, d.Ledger.Registry.IsMissionParty(party)), b =>
            (b.Hazards.Values.OrderBy(h => h.Id, StringComparer.Ordinal).ToList(), b.Minefields.Values.OrderBy(m => m.Id, StringComparer.Ordinal).ToList()));
    }

    static async Task<string> Fresh(string dir, string name)
    {
        var data = Path.Combine(dir, name);
        await using (await Deployment.InitAsync(data, $"{name}.truce.invalid/log", name, synthetic: true, area: DemoLoader.Area))
        {
        }
        return data;
    }

    /// <summary>Minefields first: a hazard whose source is a minefield record is admitted only once the record is
    /// there, and the import's check says so before anything is stored.</summary>
    static async Task RefusedBeforeItsMinefieldsAsync(string hazards, string data)
    {
        var before = await Records(data, "mission");
        var (code, output, _) = await CliProcess.RunAsync("import", "hazards", hazards, "--party", "mission", "--data", data);
        Assert.Equal(1, code);
        Assert.Matches(@"row \d+: body\.sources\[0\]\.ref: 'MF-[A-Z]{3}-\d\d' is not a minefield record the importer's book holds", output);
        Assert.Equal((0, 0), (before.Hazards.Count, (await Records(data, "mission")).Hazards.Count));
    }

    [Fact]
    public async Task Hazards_and_minefields_exported_for_import_import_again_as_the_same_records()
    {
        var dir = Directory.CreateTempSubdirectory("truce-roundtrip").FullName;
        try
        {
            var data = Path.Combine(dir, "data");
            await using (await DemoLoader.CreateAsync(data))
            {
            }
            await File.WriteAllLinesAsync(Path.Combine(dir, "generated.csv"), GeneratedHazards);
            await File.WriteAllTextAsync(Path.Combine(dir, "generated.geojson"), GeneratedMinefield.ToJsonString());
            await Run("import", "hazards", Path.Combine(dir, "generated.csv"), "--party", "mine-agency", "--data", data);
            await Run("import", "minefields", Path.Combine(dir, "generated.geojson"), "--party", "mine-agency", "--data", data);
            string Out(string name) => Path.Combine(dir, name);
            // As the mine action agency: the demo's minefield records are restricted to it and a few parties, and the hazards
            // that rest on them name them as sources, which an import refuses where the record is not (docs/EXCHANGE.md).
            await Run("export", "hazards", "--format", "import-geojson", "--out", Out("hazards.geojson"), "--data", data, "--reader", "mine-agency");
            await Run("export", "hazards", "--format", "import-csv", "--out", Out("hazards.csv"), "--data", data, "--reader", "mine-agency");
            await Run("export", "minefields", "--format", "import-geojson", "--out", Out("minefields.geojson"), "--data", data, "--reader", "mine-agency");

            var (fromGeoJson, fromCsv) = (await Fresh(dir, "geojson"), await Fresh(dir, "csv"));
            await RefusedBeforeItsMinefieldsAsync(Out("hazards.geojson"), fromGeoJson);
            await Run("import", "minefields", Out("minefields.geojson"), "--party", "mission", "--data", fromGeoJson);
            await Run("import", "hazards", Out("hazards.geojson"), "--party", "mission", "--data", fromGeoJson);
            await Run("import", "hazards", Out("hazards.csv"), "--party", "mission", "--data", fromCsv);

            var original = await Records(data, "mine-agency");
            var geojson = await Records(fromGeoJson, "mission");
            var csv = await Records(fromCsv, "mission");
            Assert.Contains(original.Hazards, h => h.Activities.Count > 0); // land released by activities recorded here
            Assert.Contains(original.Hazards, h => h.BenchmarkDerived);
            Assert.Equal(original.Hazards.Select(h => h.Id), geojson.Hazards.Select(h => h.Id));
            Assert.Equal(original.Hazards.Select(h => h.Id), csv.Hazards.Select(h => h.Id));
            Assert.Equal(original.Minefields.Select(m => m.Id), geojson.Minefields.Select(m => m.Id));
            Assert.Contains("RT-MF-1", original.Minefields.Select(m => m.Id));
            foreach (var (a, b, c) in original.Hazards.Zip(geojson.Hazards, csv.Hazards))
            {
                SameHazard(a, b, csv: false);
                SameHazard(a, c, csv: true);
            }
            foreach (var (a, b) in original.Minefields.Zip(geojson.Minefields))
            {
                SameMinefield(a, b);
            }
            // What the import carries comes back unchanged, so exporting the imported records gives the same files.
            await Run("export", "hazards", "--format", "import-csv", "--out", Out("again.csv"), "--data", fromCsv);
            await Run("export", "hazards", "--format", "import-geojson", "--out", Out("again-hazards.geojson"), "--data", fromGeoJson);
            await Run("export", "minefields", "--format", "import-geojson", "--out", Out("again-minefields.geojson"), "--data", fromGeoJson);
            foreach (var (first, again) in new[] { ("hazards.csv", "again.csv"), ("hazards.geojson", "again-hazards.geojson"), ("minefields.geojson", "again-minefields.geojson") })
            {
                Assert.Equal(await System.IO.File.ReadAllTextAsync(Out(first)), await System.IO.File.ReadAllTextAsync(Out(again)));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The same coordinates, bit for bit, in the same shape; GeoJSON writes a polygon's rings in RFC 7946's
    /// orientation (exterior counter-clockwise), which may reverse a ring as an entry gave it.</summary>
    static bool Same(Geometry a, Geometry b) => a.Normalized().EqualsExact(b.Normalized());

    /// <summary>What a hazard's import carries. Not carried: its entries (origin, history, the activities that released
    /// land, whose figures come back as released before the record, with the whole perimeter as the remaining area);
    /// in CSV also evidence notes and dates, and sources.</summary>
    static void SameHazard(Hazard a, Hazard b, bool csv)
    {
        Assert.Equal((a.Id, a.Type, a.Status, a.Name, a.District, a.Beneficiaries, a.Synthetic), (b.Id, b.Type, b.Status, b.Name, b.District, b.Beneficiaries, b.Synthetic));
        Assert.True(Same(a.Perimeter, b.Perimeter), $"{a.Id}: {a.Perimeter} became {b.Perimeter}");
        Assert.Equal((a.BenchmarkLon, a.BenchmarkLat, a.BenchmarkDerived), (b.BenchmarkLon, b.BenchmarkLat, b.BenchmarkDerived));
        Assert.Equal(a.Devices, b.Devices);
        Assert.Equal(a.Blockages, b.Blockages);
        Assert.Equal(a.ReleasedM2.Where(r => r.Value > 0).OrderBy(r => r.Key), b.ReleasedM2.OrderBy(r => r.Key));
        Assert.Equal(a.Evidence.Select(e => (e.Type, e.Reliability)), b.Evidence.Select(e => (e.Type, e.Reliability)));
        if (!csv)
        {
            Assert.Equal(a.Evidence, b.Evidence);
            Assert.Equal(a.Sources, b.Sources);
        }
        Assert.Equal("mission", b.Origin.Party);
    }

    /// <summary>What a minefield record's import carries: every field of its entry. Not carried: its origin, and the
    /// handovers and accuracy assessments (entries of their own).</summary>
    static void SameMinefield(MinefieldRecord a, MinefieldRecord b)
    {
        Assert.Equal((a.Id, a.LaidBy, a.District, a.Pattern, a.LaidFrom, a.LaidUntil, a.Marking, a.Synthetic), (b.Id, b.LaidBy, b.District, b.Pattern, b.LaidFrom, b.LaidUntil, b.Marking, b.Synthetic));
        Assert.True(Same(a.Perimeter, b.Perimeter), a.Id);
        Assert.Equal(a.ReferencePoints, b.ReferencePoints);
        Assert.Equal(a.Dimensions, b.Dimensions);
        Assert.Equal(a.Mines, b.Mines);
        Assert.Equal(a.Scans, b.Scans);
        Assert.Equal(a.Rows.Select(r => (r.Id, r.Mines)), b.Rows.Select(r => (r.Id, r.Mines)));
        Assert.True(a.Rows.Zip(b.Rows).All(p => Same(p.First.Line, p.Second.Line)), a.Id);
        Assert.Equal(a.MinePositions is null, b.MinePositions is null);
        Assert.True(a.MinePositions is null || Same(a.MinePositions, b.MinePositions!), a.Id);
        Assert.Equal(a.Remote is null, b.Remote is null);
        if (a.Remote is { } ra && b.Remote is { } rb)
        {
            Assert.True(Same(ra.Corners, rb.Corners));
            Assert.Equal((ra.Total, ra.SelfDestructHours, ra.DeliveredAt), (rb.Total, rb.SelfDestructHours, rb.DeliveredAt));
            Assert.Equal(ra.Types, rb.Types);
        }
        Assert.Equal("mission", b.Origin.Party);
    }
}
