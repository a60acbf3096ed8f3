using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// PostgreSQL itself crashes (<c>pg_ctl stop -m immediate</c>: no shutdown checkpoint, recovery from the write-ahead
/// log at the next start) while a Truce server writes to it: once both are back, every entry the server acknowledged
/// is there, and the log verifies. A cluster of its own (scripts/postgis), since the test stops it.
/// </summary>
[Collection("processes")]
public sealed class PostgresCrashTests
{
    const string PgCtl = "/usr/lib/postgresql/15/bin/pg_ctl";

    static void StopImmediately(string cluster, bool check = true)
    {
        var data = Path.Combine(cluster, "data");
        var psi = Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", PgCtl, "stop", "-D", data, "-m", "immediate", "-w"])
            : new ProcessStartInfo(PgCtl, ["stop", "-D", data, "-m", "immediate", "-w"]);
        psi.WorkingDirectory = "/";
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        Assert.True(!check || p.ExitCode == 0, $"pg_ctl stop -m immediate: exit {p.ExitCode}");
    }

    [Fact]
    public async Task After_postgres_stops_in_immediate_mode_mid_writes_every_acknowledged_entry_is_present()
    {
        var root = Directory.CreateTempSubdirectory("truce-pgcrash").FullName;
        var cluster = Path.Combine("/tmp", $"truce-pgcrash-{Guid.NewGuid():N}"[..24]);
        var port = ServerProcess.FreePort();
        var server = TestStore.Start(cluster, port);
        try
        {
            var data = Path.Combine(root, "data");
            string origin, key, token;
            SigningKey az;
            await using (var d = await DemoLoader.CreateAsync(data, store: server))
            {
                (origin, key, token, az) = (d.Ledger.Origin, d.Ledger.LogKey.ToString(), d.ReadSecret("az-admin.token")!, d.LoadKey("az"));
            }
            Dictionary<string, long> acknowledged;
            using (var truce = ServerProcess.Start(data))
            {
                await truce.WaitUpAsync();
                acknowledged = await WriteUntilStoppedAsync(truce, token, origin, az, cluster);
                truce.Process.Kill(entireProcessTree: true);
                await truce.Process.WaitForExitAsync();
            }
            Assert.NotEmpty(acknowledged);
            TestStore.Start(cluster, port);
            await using (var d = Deployment.Open(data))
            {
                foreach (var (cid, index) in acknowledged)
                {
                    var row = d.Ledger.Views.FindByCid("az", cid);
                    Assert.True(row is not null && row.Index == index, $"acknowledged entry {cid} at {index} is missing after PostgreSQL's crash");
                }
            }
            var verified = await CliProcess.RunAsync("verify", "--store", server, "--key", key);
            Assert.True(verified.Code == 0, verified.Err);
        }
        finally
        {
            StopImmediately(cluster, check: false);
            Directory.Delete(cluster, true);
            Directory.Delete(root, true);
        }
    }

    /// <summary>Eight writers post notes; PostgreSQL is stopped in immediate mode under them. Returns what was acknowledged.</summary>
    static async Task<Dictionary<string, long>> WriteUntilStoppedAsync(ServerProcess truce, string token, string origin, SigningKey az, string cluster)
    {
        var acknowledged = new Dictionary<string, long>();
        using var http = truce.Client(token);
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var cid = $"pg-w{w}-{n}";
                var (env, body) = EntryBuilder.Build(origin, EntryKinds.Note, az, new JsonObject { ["text"] = cid }, DateTimeOffset.UtcNow, cid: cid);
                try
                {
                    using var r = await http.PostAsJsonAsync("api/entries", new { envelope = env, body });
                    if (r.StatusCode == HttpStatusCode.Created)
                    {
                        var index = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("index").GetInt64();
                        lock (acknowledged)
                        {
                            acknowledged[cid] = index;
                        }
                    }
                }
                catch (HttpRequestException)
                {
                }
            }
        })).ToList();
        await Task.Delay(1500);
        StopImmediately(cluster);
        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(writers);
        return acknowledged;
    }
}
