using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// The real server, as a process, writing onto a "full disk": its file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored) is
/// lowered to just above the database's write-ahead log while writers keep posting, then lifted again.
/// </summary>
[Collection("processes")]
public class DiskFullTests(Xunit.Abstractions.ITestOutputHelper output)
{
    sealed record Write(string Cid, string Party, HttpStatusCode Status, string Body, long? Index);

    [Fact]
    public async Task On_a_full_disk_writes_get_507_reads_go_on_and_once_space_is_freed_every_acknowledged_entry_is_there()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test fills the disk through RLIMIT_FSIZE, which needs Linux");
        var dir = Directory.CreateTempSubdirectory("truce-full").FullName;
        var data = Path.Combine(dir, "data");
        string origin, key;
        var tokens = new Dictionary<string, string>();
        var keys = new Dictionary<string, SigningKey>();
        await using (var d = await DemoLoader.CreateAsync(data))
        {
            origin = d.Ledger.Origin;
            key = d.Ledger.LogKey.ToString();
            foreach (var party in new[] { "az", "pk" })
            {
                tokens[party] = d.ReadSecret($"{party}-admin.token")!;
                keys[party] = d.LoadKey(party);
            }
        }
        using var server = ServerProcess.Start(data, ignoreFileSizeSignal: true);
        await server.WaitUpAsync();
        var clients = tokens.ToDictionary(t => t.Key, t => server.Client(t.Value));
        using var anon = server.Client();
        var writes = new List<Write>();
        var serial = 0;

        async Task<Write> Post(string party)
        {
            var n = Interlocked.Increment(ref serial);
            var cid = $"full-{n}";
            // pk writes restrictions (kept by the incidents module in memory), az notes (views only).
            var (kind, body) = party == "pk"
                ? ("restriction", new JsonObject
                {
                    ["kind"] = "patrol-stopped",
                    ["time"] = new JsonObject { ["start"] = "2021-06-12T08:00:00Z", ["end"] = "2021-06-12T09:00:00Z" },
                    ["location"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.75, 39.82) },
                    ["by"] = "checkpoint staff (synthetic)",
                    ["description"] = $"synthetic restriction {n}",
                })
                : ("note", new JsonObject { ["text"] = $"synthetic note {n} written while the disk fills" });
            var (env, b) = EntryBuilder.Build(origin, kind, keys[party], body, DateTimeOffset.UtcNow, cid: cid);
            using var r = await clients[party].PostAsJsonAsync("api/entries", new { envelope = env, body = b });
            var text = await r.Content.ReadAsStringAsync();
            long? index = r.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(text).RootElement.GetProperty("index").GetInt64() : null;
            var w = new Write(cid, party, r.StatusCode, text, index);
            lock (writes)
            {
                writes.Add(w);
            }
            return w;
        }

        for (int i = 0; i < 10; i++)
        {
            var w = await Post(i % 2 == 0 ? "az" : "pk");
            Assert.True(w.Status == HttpStatusCode.Created, $"{w.Status}: {w.Body}");
        }

        var wal = new FileInfo(Path.Combine(data, "truce.db-wal"));
        var limit = wal.Length + (192 << 10);
        FileSizeLimit.Set(server.Process.Id, limit);
        output.WriteLine($"write-ahead log {wal.Length:N0} bytes; file-size limit set to {limit:N0}");

        // Writers run until the disk has refused a good number of writes; readers check that reads go on meanwhile.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var fullFor = DateTime.UtcNow.AddSeconds(3);
        int Refused() { lock (writes) { return writes.Count(w => w.Status != HttpStatusCode.Created); } }
        var writers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            while ((Refused() < 40 || DateTime.UtcNow < fullFor) && DateTime.UtcNow < deadline)
            {
                await Post(i % 2 == 0 ? "az" : "pk");
            }
        })).ToList();
        var reads = 0;
        var firstAcknowledged = writes[0].Index!.Value;
        while (writers.Any(w => !w.IsCompleted))
        {
            foreach (var path in new[] { "log/checkpoint", "api/incidents?limit=5", "api/hazards?limit=5", $"api/entries/{firstAcknowledged}", "log/tile/0/000", "api/restrictions" })
            {
                using var r = await anon.GetAsync(path);
                Assert.True(r.IsSuccessStatusCode, $"GET {path} on a full disk: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                reads++;
            }
        }
        await Task.WhenAll(writers);
        var refused = writes.Where(w => w.Status != HttpStatusCode.Created).ToList();
        output.WriteLine($"{writes.Count} writes: {writes.Count - refused.Count} acknowledged, {refused.Count} refused; {reads} reads answered meanwhile");
        Assert.True(refused.Count >= 40, $"the disk never filled: only {refused.Count} of {writes.Count} writes were refused\n{server.Output}");
        foreach (var w in refused)
        {
            Assert.True(w.Status == HttpStatusCode.InsufficientStorage, $"{w.Cid}: {(int)w.Status} {w.Body}");
            using var problem = JsonDocument.Parse(w.Body);
            Assert.Equal(507, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Contains("storage is full or unwritable", problem.RootElement.GetProperty("detail").GetString());
            Assert.DoesNotContain("   at ", w.Body);
        }

        FileSizeLimit.Set(server.Process.Id, null);
        var after = new List<Write>();
        for (int i = 0; i < 20; i++)
        {
            after.Add(await Post(i % 2 == 0 ? "az" : "pk"));
        }
        Assert.All(after, w => Assert.True(w.Status == HttpStatusCode.Created, $"after space was freed: {(int)w.Status} {w.Body}"));

        var verify = await CliProcess.RunAsync("verify", "--log", new Uri(server.BaseUri, "log/").ToString(), "--key", key);
        Assert.True(verify.Code == 0, verify.Err);
        string[] compared = ["log/checkpoint", "api/entries?after=-1&limit=1000", $"api/entries?after={firstAcknowledged - 1}&limit=1000",
            "api/incidents?limit=1000", "api/restrictions", "api/parties", "api/hazards?limit=1000"];
        var live = new Dictionary<string, string>();
        foreach (var path in compared)
        {
            live[path] = await anon.GetStringAsync(path);
        }
        server.Dispose();

        // Reopened from disk: every acknowledged entry at its index, no refused one anywhere, and the state the live
        // server had built (after its failed batches were rolled back) equal to the one replayed from the log.
        await using (var d = Deployment.Open(data))
        {
            var size = d.Ledger.Sequencer.Size;
            var logged = new Dictionary<string, long>();
            var leaves = d.Ledger.Store.ReadLeaves(0, (int)size);
            for (int i = 0; i < leaves.Count; i++)
            {
                var env = Envelope.FromLeaf(leaves[i]);
                logged[$"{env.Party}/{env.Cid}"] = i;
                Assert.True(d.Ledger.Store.ReadBody(i) is not null, $"entry {i} has no body");
            }
            foreach (var w in writes.Where(w => w.Index is not null))
            {
                Assert.True(logged.TryGetValue($"{w.Party}/{w.Cid}", out var at) && at == w.Index, $"acknowledged {w.Cid} at {w.Index} is missing");
            }
            foreach (var w in refused)
            {
                Assert.False(logged.ContainsKey($"{w.Party}/{w.Cid}"), $"refused {w.Cid} is in the log");
                Assert.Null(d.Ledger.Views.FindByCid(w.Party, w.Cid));
            }
            Assert.Equal(size, d.Ledger.Views.AppliedThrough());
            var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
            await app.StartAsync();
            try
            {
                using var reopened = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
                foreach (var path in compared)
                {
                    Assert.True(live[path] == await reopened.GetStringAsync(path), $"GET {path} differs between the live server and the log replayed");
                }
            }
            finally
            {
                await app.DisposeAsync();
            }
        }
        Directory.Delete(dir, true);
    }
}
