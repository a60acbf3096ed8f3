using Truce.MineAction;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>`truce import` and `truce safe` run as processes against a real deployment folder.</summary>
public class MineImportProcessTests
{
    const string Header = "id,type,district,devices,evidence,benchmark_lon,benchmark_lat,perimeter_wkt,synthetic";

    static string Row(string id, string type, double lon, double lat, string? wkt = null) => FormattableString.Invariant(
        $"{id},{type},Test district,ap-mine;at-mine,sighting:high;hearsay:low,{lon - 0.002},{lat - 0.002},\"{wkt ?? $"POLYGON (({lon} {lat}, {lon + 0.001} {lat}, {lon + 0.001} {lat + 0.001}, {lon} {lat + 0.001}, {lon} {lat}))"}\",true");

    static async Task<(int Hazards, long Size)> State(string dir)
    {
        await using var d = Deployment.Open(dir);
        return (d.Ledger.Module<MineActionModule>()!.Read(Core.Access.Reader.Mission, b => b.Hazards.Keys.Count(k => k.StartsWith("IMP-", StringComparison.Ordinal))), d.Ledger.Sequencer.Size);
    }

    [Fact]
    public async Task A_file_with_bad_rows_stores_nothing_a_dry_run_stores_nothing_and_a_good_file_imports()
    {
        var dir = Directory.CreateTempSubdirectory("truce-import").FullName;
        try
        {
            await using (await DemoLoader.CreateAsync(Path.Combine(dir, "data")))
            {
            }
            var data = Path.Combine(dir, "data");
            var before = await State(data);
            var csv = Path.Combine(dir, "hazards.csv");
            await File.WriteAllLinesAsync(csv, [Header, Row("IMP-1", "CHA", 46.30, 39.90), Row("IMP-2", "XHA", 46.31, 39.90), Row("IMP-3", "SHA", 46.32, 39.90, "POLYGON ((46.32 39.9, 46.33"), Row("IMP-1", "SHA", 46.33, 39.90)]);

            var bad = await CliProcess.RunAsync("import", "hazards", csv, "--party", "mine-agency", "--data", data);
            Assert.Equal(1, bad.Code);
            Assert.Contains("row 2: body.type: must be one of", bad.Out);
            Assert.Contains("row 3: perimeter_wkt: is not valid WKT", bad.Out);
            Assert.Contains("row 4: body.id: 'IMP-1' appears twice", bad.Out);
            Assert.Single(bad.Err.Trim().Split('\n'), l => l.StartsWith("truce import:", StringComparison.Ordinal));
            Assert.Contains("3 of 4 rows are bad", bad.Err);
            Assert.Equal(before, await State(data));

            await File.WriteAllLinesAsync(csv, [Header, Row("IMP-1", "CHA", 46.30, 39.90), Row("IMP-2", "SHA", 46.31, 39.90), Row("IMP-3", "SHA", 46.32, 39.90)]);
            var dry = await CliProcess.RunAsync("import", "hazards", csv, "--party", "mine-agency", "--data", data, "--dry-run");
            Assert.Equal(0, dry.Code);
            Assert.Contains("dry run: all 3 hazards are good", dry.Out);
            Assert.Equal(before, await State(data));

            var ok = await CliProcess.RunAsync("import", "hazards", csv, "--party", "mine-agency", "--data", data);
            Assert.True(ok.Code == 0, ok.Err);
            Assert.Contains("imported 3 hazards in 1 entry", ok.Out);
            var after = await State(data);
            Assert.Equal(3, after.Hazards);
            Assert.Equal(before.Size + 1, after.Size);

            var safe = await CliProcess.RunAsync("safe", "--point", "39.9005,46.3005", "--buffer", "10", "--data", data);
            Assert.Equal(0, safe.Code);
            Assert.Contains("hazard IMP-1 [open]", safe.Out);
            var wrong = await CliProcess.RunAsync("safe", "--point", "north,east", "--data", data);
            Assert.Equal(1, wrong.Code);
            Assert.StartsWith("truce safe: --point", wrong.Err);

            // Bulk updates from a file: status words of other systems, one reason for every row.
            var updates = Path.Combine(dir, "updates.csv");
            await File.WriteAllLinesAsync(updates, ["hazard,status", "IMP-1,Cleared", "IMP-2,Worked on"]);
            var updated = await CliProcess.RunAsync("import", "hazard-updates", updates, "--party", "mine-agency", "--data", data, "--reason", "national database (synthetic)");
            Assert.True(updated.Code == 0, updated.Err);
            Assert.Contains("imported 2 hazard-updates in 1 entry", updated.Out);
            await using (var d = Deployment.Open(data))
            {
                var statuses = d.Ledger.Module<MineActionModule>()!.Read(Core.Access.Reader.Mission, b => (b.Hazards["IMP-1"].Status, b.Hazards["IMP-2"].Status));
                Assert.Equal(("closed", "open"), statuses);
            }
            var cleared = await CliProcess.RunAsync("safe", "--point", "39.9005,46.3005", "--buffer", "10", "--data", data);
            Assert.DoesNotContain("IMP-1", cleared.Out);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
