using System.Diagnostics;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// Three `truce serve` processes on one PostgreSQL database (docs/SCALING.md): exactly one is the writer, the others
/// follow its log and forward writes to it; the writer is killed with SIGKILL under writes to every server, another
/// takes over within seconds, and every acknowledged entry is there at the index it was acknowledged at, on every
/// server left, and in a log that verifies. The public form's limit, through a follower, counts against the client the
/// follower saw.
/// </summary>
[Collection("processes")]
public sealed class WriterTakeoverTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_of_three_servers_writes_the_others_follow_and_forward_and_one_takes_over_after_kill_9()
    {
        var root = Directory.CreateTempSubdirectory("truce-takeover").FullName;
        var store = TestStore.NewDatabase();
        var dirs = new[] { "a", "b", "c" }.Select(n => Path.Combine(root, n)).ToArray();
        string origin, key, token;
        SigningKey az;
        await using (var d = await DemoLoader.CreateAsync(dirs[0], store: store))
        {
            (origin, key, token, az) = (d.Ledger.Origin, d.Ledger.LogKey.ToString(), d.ReadSecret("az-admin.token")!, d.LoadKey("az"));
        }
        // Every server runs on loopback, so each names loopback as a proxy it trusts: the writer, its followers; a
        // follower, the test's client (standing in for the reverse proxy in front of it).
        var config = Path.Combine(dirs[0], "deployment.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["trustedProxies"] = new System.Text.Json.Nodes.JsonArray("127.0.0.1");
        File.WriteAllText(config, json.ToJsonString());
        // Each server has a folder of its own (keys, deployment.json, store.json): the log is the database's.
        foreach (var dir in dirs.Skip(1))
        {
            OneDatabase.CopyFolder(dirs[0], dir);
        }
        var servers = dirs.Select(dir => ServerProcess.Start(dir)).ToList();
        try
        {
            await Task.WhenAll(servers.Select(s => s.WaitUpAsync()));
            var roles = await RolesAsync(servers);
            Assert.True(roles.Count(r => r == "writer") == 1, $"roles: {string.Join(", ", roles)}");
            var writer = servers[roles.IndexOf("writer")];
            var survivors = servers.Where(s => s != writer).ToList();

            // A write sent to a follower is forwarded to the writer, and every server shows it soon after.
            var first = await OneDatabase.PostNoteAsync(survivors[0], token, origin, az, "through-a-follower");
            Assert.True(first is not null, "a write sent to a follower was not acknowledged");
            foreach (var s in servers)
            {
                await EventuallyAsync(() => HasAsync(s, token, first.Value, "through-a-follower"), $"entry {first} on {s.BaseUri}");
            }

            // The public form through a follower: the writer counts its limit against the client the follower saw.
            using (var http = new HttpClient { BaseAddress = survivors[0].BaseUri })
            {
                async Task<System.Net.HttpStatusCode> PublicReportFor(string client)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/public/reports")
                    {
                        Content = System.Net.Http.Json.JsonContent.Create(new { category = "ceasefire-violation", type = "small-arms", start = "2021-03-05T19:30:00Z", lat = 39.95, lon = 46.62, description = "Shooting heard." }),
                    };
                    request.Headers.Add("X-Forwarded-For", client);
                    using var answer = await http.SendAsync(request);
                    return answer.StatusCode;
                }
                for (var i = 0; i < 5; i++)
                {
                    Assert.Equal(System.Net.HttpStatusCode.Created, await PublicReportFor("198.51.100.7"));
                }
                Assert.Equal((System.Net.HttpStatusCode)429, await PublicReportFor("198.51.100.7"));
                Assert.Equal(System.Net.HttpStatusCode.Created, await PublicReportFor("198.51.100.8"));
            }

            var acknowledged = new Dictionary<string, long>();
            using var stop = new CancellationTokenSource();
            var live = servers.ToList();
            var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var cid = $"tk-w{w}-{n}";
                    ServerProcess[] targets;
                    lock (live)
                    {
                        targets = [.. live];
                    }
                    if (await OneDatabase.PostNoteAsync(targets[n % targets.Length], token, origin, az, cid) is { } index)
                    {
                        lock (acknowledged)
                        {
                            acknowledged[cid] = index;
                        }
                    }
                }
            })).ToList();
            await Task.Delay(1500);
            lock (live)
            {
                live.Remove(writer);
            }
            writer.Process.Kill(); // SIGKILL: no shutdown, its session and its lease end with it
            var killed = Stopwatch.StartNew();
            string? newWriter = null;
            while (newWriter is null && killed.Elapsed < TakeoverBound)
            {
                var now = await RolesAsync(survivors);
                newWriter = now.Contains("writer") ? survivors[now.IndexOf("writer")].BaseUri.ToString() : null;
                await Task.Delay(50);
            }
            var takeover = killed.Elapsed;
            Assert.True(newWriter is not null, $"no server took over within {TakeoverBound.TotalSeconds} s: {string.Join("\n", survivors.Select(s => s.Output))}");
            var before = acknowledged.Count;
            await Task.Delay(2000); // writes go on through both survivors after the takeover
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.True(acknowledged.Count > before, $"no write was acknowledged after the takeover ({takeover.TotalSeconds:0.0} s after the kill)");

            output.WriteLine($"takeover {takeover.TotalMilliseconds:0} ms after the kill; {acknowledged.Count} writes acknowledged, {acknowledged.Count - before} after it");
            var last = acknowledged.Values.Max();
            foreach (var s in survivors)
            {
                // What each server derives itself (its modules, which the change feed reads, and its checkpoint) shows it
                // followed the log past every acknowledged entry; a follower lists no entry beyond its checkpoint.
                await EventuallyAsync(async () => await FollowedAsync(s, token) > last, $"{s.BaseUri} following past entry {last}");
                var logged = await CidsAsync(s, token, first.Value);
                foreach (var (cid, index) in acknowledged)
                {
                    Assert.True(logged.TryGetValue(cid, out var at) && at == index, $"acknowledged entry {cid} at {index} is not in the log {s.BaseUri} serves");
                }
            }
        }
        finally
        {
            foreach (var s in servers)
            {
                s.Dispose();
            }
            Directory.Delete(root, true);
        }
        var verified = await CliProcess.RunAsync("verify", "--store", store, "--key", key);
        Assert.True(verified.Code == 0, verified.Err);
    }


    static async Task<List<string>> RolesAsync(IEnumerable<ServerProcess> servers)
    {
        var roles = new List<string>();
        foreach (var s in servers)
        {
            using var http = s.Client();
            try
            {
                var health = JsonDocument.Parse(await http.GetStringAsync("healthz")).RootElement;
                roles.Add(health.GetProperty("role").GetString()!);
            }
            catch (HttpRequestException)
            {
                roles.Add("down");
            }
        }
        return roles;
    }


    /// <summary>The log size a server's modules reflect (the change feed's <c>size</c>), if its checkpoint is as long.</summary>
    static async Task<long> FollowedAsync(ServerProcess s, string token)
    {
        using var http = s.Client(token);
        var changes = JsonDocument.Parse(await http.GetStringAsync("api/changes?after=0&limit=1")).RootElement;
        var health = JsonDocument.Parse(await http.GetStringAsync("healthz")).RootElement;
        return Math.Min(changes.GetProperty("size").GetInt64(), health.GetProperty("size").GetInt64());
    }

    static async Task<bool> HasAsync(ServerProcess s, string token, long index, string cid)
    {
        using var http = s.Client(token);
        using var r = await http.GetAsync($"api/entries/{index}");
        return r.IsSuccessStatusCode
            && JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("body").GetRawText().Contains(cid, StringComparison.Ordinal);
    }

    /// <summary>Every entry a server lists from <paramref name="from"/> on, by client id.</summary>
    static async Task<Dictionary<string, long>> CidsAsync(ServerProcess s, string token, long from)
    {
        using var http = s.Client(token);
        var found = new Dictionary<string, long>();
        for (var after = from - 1; ;)
        {
            var page = JsonDocument.Parse(await http.GetStringAsync($"api/entries?after={after}&limit=1000")).RootElement;
            foreach (var e in page.GetProperty("items").EnumerateArray())
            {
                found[e.GetProperty("cid").GetString()!] = e.GetProperty("index").GetInt64();
            }
            if (page.GetProperty("next") is not { ValueKind: not JsonValueKind.Null } next)
            {
                return found;
            }
            after = long.Parse(next.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    static async Task EventuallyAsync(Func<Task<bool>> check, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await check())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{what}: not seen within 10 s");
    }
}
