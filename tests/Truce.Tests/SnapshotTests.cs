using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Services;
using Truce.Core.Views;
using Truce.MineAction;
using Truce.MineAction.Safety;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// Module snapshots (docs/ARCHITECTURE.md): a deployment saves the mine action module's state when it closes and
/// starts from it next time, replaying only what came after; the state it starts from is exactly what a replay of
/// the whole log gives, and a snapshot that does not fit the log (damaged, another format, another log, or older than
/// an erasure) is never used.
/// </summary>
public sealed class SnapshotTests
{
    const string Module = "mine-action";

    static string NewData() => Path.Combine(Directory.CreateTempSubdirectory("truce-snapshot").FullName, "data");

    /// <summary>The demo (every mine action kind but two), plus an import and a re-surveyed perimeter (those two).</summary>
    static async Task<string> DemoWithImportAsync()
    {
        var data = NewData();
        await using var d = await DemoLoader.CreateAsync(data);
        JsonObject Square(double lon, double lat, double side) => new()
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray(
                new JsonArray(lon, lat), new JsonArray(lon + side, lat), new JsonArray(lon + side, lat + side), new JsonArray(lon, lat + side),
                new JsonArray(lon, lat))),
        };
        var hazards = new JsonArray();
        for (int i = 0; i < 5; i++)
        {
            hazards.Add(new JsonObject
            {
                ["id"] = $"SNAP-{i}",
                ["type"] = "SHA",
                ["benchmark"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.9 + i * 0.01, 39.6) },
                ["perimeter"] = Square(46.9 + i * 0.01, 39.6, 0.002),
                ["devices"] = new JsonArray("ap-mine"),
                ["evidence"] = new JsonArray(new JsonObject { ["type"] = "hearsay", ["reliability"] = "low" }),
                ["synthetic"] = true,
            });
        }
        await d.SubmitAsAsync("mine-agency", MineActionKinds.Import, new JsonObject { ["hazards"] = hazards, ["source"] = "synthetic test import" },
            DateTimeOffset.UtcNow);
        await d.SubmitAsAsync("mine-agency", MineActionKinds.HazardUpdate, new JsonObject
        {
            ["hazard"] = "SNAP-2",
            ["perimeter"] = Square(46.92, 39.6, 0.003),
            ["reason"] = "re-surveyed (synthetic)",
        }, DateTimeOffset.UtcNow);
        return data;
    }

    static byte[] SaveNow(Deployment d) => Snapshots.Payload(d.Ledger.Module<MineActionModule>()!);

    static string Safety(Deployment d) => d.Ledger.Module<MineActionModule>()!.Read(Core.Access.Reader.Mission, b =>
        string.Join('\n', b.Hazards.Values.Select(h => $"{h.Id} {h.Status} {h.RemainingM2:F3} {h.Parts} {h.History.Count} {h.Remaining.AsText()}")));

    /// <summary>What "is it safe" answers at every hazard's benchmark, closed hazards included: the index at work.</summary>
    static string Answers(Deployment d) => d.Ledger.Module<MineActionModule>()!.Read(Core.Access.Reader.Mission, b => string.Join('\n', b.Hazards.Values.Select(h =>
    {
        var answer = SafetyQueries.Point(b, h.BenchmarkLat, h.BenchmarkLon, 5000, new SafetyOptions(IncludeClosed: true));
        return string.Join(' ', answer.Hits.Select(x => $"{x.Id}:{x.DistanceM:F3}"));
    })));

    [Fact]
    public async Task A_reopened_deployment_starts_from_its_snapshot_in_exactly_the_state_a_replay_gives()
    {
        var data = await DemoWithImportAsync();
        await using var d = Deployment.Open(data);
        var size = d.Ledger.Sequencer.Size;
        Assert.Equal(size, d.Ledger.LoadedSnapshots[Module]);
        Assert.DoesNotContain("incidents", d.Ledger.LoadedSnapshots.Keys); // modules without snapshots replay the log
        var stored = d.Ledger.Views.LoadSnapshot(Module)!.Value;
        Assert.Equal(stored.Payload, SaveNow(d)); // loaded and saved again: the same bytes, so nothing was lost on the way

        var hazards = Safety(d);
        var answers = Answers(d);
        Assert.Contains("SNAP-", answers);
        var (before, after) = d.Ledger.Rebuild();
        Assert.Equal(after, before);
        Assert.Equal(hazards, Safety(d));
        Assert.Equal(answers, Answers(d));
        Assert.Contains("SNAP-2", hazards);
        Assert.Equal(stored.Payload, SaveNow(d)); // and a replay of the whole log writes those bytes too
    }

    [Fact]
    public async Task A_server_stopped_with_ctrl_c_saves_its_snapshot_for_the_next_start()
    {
        var data = await DemoWithImportAsync();
        string origin, token;
        SigningKey agency;
        await using (var d = Deployment.Open(data))
        {
            (origin, token, agency) = (d.Ledger.Origin, d.ReadSecret("mine-agency-admin.token")!, d.LoadKey("mine-agency"));
        }
        long index;
        using (var server = ServerProcess.Start(data))
        {
            await server.WaitUpAsync();
            using var http = server.Client(token);
            var (env, body) = EntryBuilder.Build(origin, MineActionKinds.Ordnance, agency, new JsonObject
            {
                ["id"] = "UXO-SNAP",
                ["category"] = "uxo",
                ["quantity"] = 1,
                ["condition"] = "intact",
                ["fuzeState"] = "unknown",
                ["position"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.9, 39.6) },
                ["found"] = "2021-05-01T10:00:00Z",
                ["action"] = "destroyed-in-situ",
                ["synthetic"] = true,
            }, DateTimeOffset.UtcNow);
            using var r = await http.PostAsJsonAsync("api/entries", new { envelope = env, body });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            index = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("index").GetInt64();
            using var kill = Process.Start("kill", ["-INT", server.Process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await server.Process.WaitForExitAsync();
            Assert.Equal(0, server.Process.ExitCode);
        }
        await using (var d = Deployment.Open(data))
        {
            Assert.Equal(index + 1, d.Ledger.LoadedSnapshots[Module]);
            Assert.True(d.Ledger.Module<MineActionModule>()!.Read(Core.Access.Reader.Mission, b => b.Ordnance.ContainsKey("UXO-SNAP")));
        }
    }

    [Fact]
    public async Task Entries_after_the_snapshot_are_replayed_onto_it_and_an_erasure_deletes_it()
    {
        var data = await DemoWithImportAsync();
        long personal;
        await using (var d = Deployment.Open(data))
        {
            var snapshotAt = d.Ledger.LoadedSnapshots[Module];
            personal = await d.SubmitAsAsync("mine-agency", MineActionKinds.VictimPersonal,
                new JsonObject { ["victim"] = "V-001", ["name"] = "Later Synthetic Person" }, DateTimeOffset.UtcNow, Visibility.Restricted, ["pk"]);
            Assert.True(personal >= snapshotAt);
        }
        await using (var d = Deployment.Open(data))
        {
            Assert.Equal(d.Ledger.Sequencer.Size, d.Ledger.LoadedSnapshots[Module]);
            Assert.Contains(d.Ledger.Module<MineActionModule>()!.Read(new Core.Access.Reader("pk", IsMission: true), b => b.Personal["V-001"]), p => p.Name == "Later Synthetic Person");
            await d.SubmitAsAsync("mine-agency", EntryKinds.Erase, new JsonObject { ["target"] = personal, ["reason"] = "asked (synthetic)" },
                DateTimeOffset.UtcNow);
            Assert.Null(d.Ledger.Views.FindSnapshot(Module)); // it held the erased name
        }
        await using (var d = Deployment.Open(data))
        {
            Assert.Equal(d.Ledger.Sequencer.Size, d.Ledger.LoadedSnapshots[Module]); // saved again on close, after the erasure
            Assert.DoesNotContain(d.Ledger.Module<MineActionModule>()!.Read(new Core.Access.Reader("pk", IsMission: true), b => b.Personal["V-001"]), p => p.Name == "Later Synthetic Person");
            var (before, after) = d.Ledger.Rebuild();
            Assert.Equal(after, before);
        }
    }

    [Fact]
    public async Task A_snapshot_older_than_an_erasure_is_not_used_even_if_it_survived()
    {
        var data = await DemoWithImportAsync();
        (SnapshotHeader Header, byte[] Payload) old;
        await using (var d = Deployment.Open(data))
        {
            old = d.Ledger.Views.LoadSnapshot(Module)!.Value;
            var personal = d.Ledger.Views.List(new Core.Access.Reader("pk"), -1, 1000, MineActionKinds.VictimPersonal).Single().Index;
            Assert.True(personal < old.Header.Size);
            await d.SubmitAsAsync("mine-agency", EntryKinds.Erase, new JsonObject { ["target"] = personal, ["reason"] = "asked (synthetic)" },
                DateTimeOffset.UtcNow);
        }
        // As if deleting it had failed (or a copy of the file from before were restored): the old snapshot, which still
        // holds the erased name, is back in place of the one saved on close.
        CorruptionTests.Sql(data, "UPDATE v_snapshots SET size = $s, root = $r, sha256 = $h, payload = $p",
            ("$s", old.Header.Size), ("$r", old.Header.Root), ("$h", old.Header.Sha256), ("$p", old.Payload));
        await using (var d = Deployment.Open(data))
        {
            Assert.Empty(d.Ledger.LoadedSnapshots);
            Assert.Null(d.Ledger.Views.FindSnapshot(Module));
            Assert.DoesNotContain(d.Ledger.Module<MineActionModule>()!.Read(Core.Access.Reader.Mission, b => b.Personal.Values.SelectMany(p => p)), p => p.Name.StartsWith("Synthetic Person", StringComparison.Ordinal));
            var (before, after) = d.Ledger.Rebuild();
            Assert.Equal(after, before);
        }
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("format")]
    [InlineData("root")]
    [InlineData("size")]
    [InlineData("unreadable")]
    public async Task A_snapshot_that_does_not_fit_the_log_is_ignored_and_the_log_replayed(string damage)
    {
        var data = await DemoWithImportAsync();
        string expected;
        byte[] payload;
        await using (var d = Deployment.Open(data))
        {
            expected = d.Ledger.StateDigest();
            payload = d.Ledger.Views.LoadSnapshot(Module)!.Value.Payload;
        }
        switch (damage)
        {
            case "payload": // one bit flipped: the digest no longer matches
                payload[payload.Length / 2] ^= 1;
                CorruptionTests.Sql(data, "UPDATE v_snapshots SET payload = $p", ("$p", payload));
                break;
            case "format":
                CorruptionTests.Sql(data, "UPDATE v_snapshots SET format = format + 1");
                break;
            case "root": // another log's root at that size
                CorruptionTests.Sql(data, "UPDATE v_snapshots SET root = $r", ("$r", new string('0', 64)));
                break;
            case "size": // claims to reflect more of the log than there is
                CorruptionTests.Sql(data, "UPDATE v_snapshots SET size = size + 1000");
                break;
            default: // bytes that match their digest but do not read: no plane, then a count larger than what follows
                byte[] bytes = [0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];
                CorruptionTests.Sql(data, "UPDATE v_snapshots SET payload = $p, sha256 = $h", ("$p", bytes),
                    ("$h", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
                break;
        }
        await using (var d = Deployment.Open(data))
        {
            Assert.Empty(d.Ledger.LoadedSnapshots);
            Assert.Equal(expected, d.Ledger.StateDigest());
        }
    }
}
