using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Ledger.Notes;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// Mirrors (docs/SCALING.md): `truce mirror` copies the demo's log from its server, verified, and keeps the copy in step
/// as more is written and erased; `truce serve --mirror` answers the public's reads as the demo's server does and refuses
/// writes; and an upstream that forges anything (a checkpoint, an entry, a body, a fork signed with the log's own key, a
/// rollback, an entry its operator made up) is refused with the copy left as it was. Every process is real: the demo's server, the mirror, the mirror's
/// server, and Python's http.server publishing static copies as any web server would.
/// </summary>
[Collection("processes")]
public sealed class MirrorTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("truce-mirror").FullName;
    readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (var p in _processes.Where(p => !p.HasExited))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        Directory.Delete(_root, recursive: true);
    }

    sealed record Demo(string Data, string Origin, string Token, SigningKey Key, string LogKey);

    async Task<Demo> DemoAsync()
    {
        var data = Path.Combine(_root, "demo");
        await using var d = await DemoLoader.CreateAsync(data);
        return new Demo(data, d.Ledger.Origin, d.ReadSecret("az-admin.token")!, d.LoadKey("az"), d.Ledger.LogKey.ToString());
    }

    /// <summary>The public reads compared between the demo's server and the mirror's (links name each one's own port).</summary>
    static readonly string[] Reads =
    [
        "api/entries?limit=1000", "api/parties", "api/incidents?limit=1000", "api/reports?limit=1000", "api/hazards?limit=1000",
        "api/minefields?limit=1000", "api/transits?limit=1000", "api/evidence?limit=1000", "api/layers",
        "ogc/collections", "ogc/collections/incidents/items?limit=1000", "api/changes?after=0&limit=1000", "api/export/hazards", "",
    ];

    static async Task AssertSameReadsAsync(ServerProcess upstream, ServerProcess mirror)
    {
        using var a = upstream.Client();
        using var b = mirror.Client();
        foreach (var path in Reads)
        {
            var expected = (await a.GetStringAsync(path)).Replace(upstream.BaseUri.Authority, "HOST", StringComparison.Ordinal);
            var served = (await b.GetStringAsync(path)).Replace(mirror.BaseUri.Authority, "HOST", StringComparison.Ordinal);
            Assert.True(expected == served, $"GET /{path} differs on the mirror");
        }
    }

    static async Task<long> PostAsync(ServerProcess server, Demo demo, string kind, JsonObject body)
    {
        var (env, b) = EntryBuilder.Build(demo.Origin, kind, demo.Key, body, DateTimeOffset.UtcNow);
        using var http = server.Client(demo.Token);
        using var r = await http.PostAsJsonAsync("api/entries", new { envelope = env, body = b });
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{kind}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("index").GetInt64();
    }

    static async Task<long> SizeAsync(ServerProcess s)
    {
        using var http = s.Client();
        return JsonDocument.Parse(await http.GetStringAsync("healthz")).RootElement.GetProperty("size").GetInt64();
    }

    /// <summary>Waits (a bound: 30 s) for the mirror's server to reach the upstream's size, its entry list included (its
    /// views follow its head by a moment).</summary>
    static async Task CaughtUpAsync(ServerProcess upstream, ServerProcess mirror)
    {
        var target = await SizeAsync(upstream);
        using var http = mirror.Client();
        var clock = Stopwatch.StartNew();
        while (await SizeAsync(mirror) < target
            || !(await http.GetStringAsync($"api/entries?after={target - 2}&limit=1")).Contains($"\"index\":{target - 1}", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the mirror's server is at {await SizeAsync(mirror)} of {target}");
            await Task.Delay(100);
        }
    }

    Process Start(params string[] args) => Spawn("dotnet", [CliProcess.Dll, .. args]);

    Process Spawn(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _processes.Add(p);
        return p;
    }

    [Fact]
    public async Task A_mirror_of_the_demo_is_verified_answers_as_the_public_does_and_follows_writes_and_erasures()
    {
        var demo = await DemoAsync();
        using var upstream = ServerProcess.Start(demo.Data);
        await upstream.WaitUpAsync();
        var dir = Path.Combine(_root, "mirror");
        var first = await CliProcess.RunAsync("mirror", upstream.BaseUri.ToString(), "--out", dir, "--key", demo.LogKey, "--once");
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains($"verified against {demo.Origin}", first.Err);
        Assert.True(Directory.EnumerateFiles(Path.Combine(dir, "blobs"), "*", SearchOption.AllDirectories).Any(), "the demo's public evidence files are copied");
        var verified = await CliProcess.RunAsync("verify", "--log", dir, "--key", demo.LogKey);
        Assert.True(verified.Code == 0, verified.Err);

        Start("mirror", upstream.BaseUri.ToString(), "--out", dir); // keeps following; the key is the one pinned
        using var mirror = ServerProcess.Start(Path.Combine(_root, "unused"), args: ["--mirror", dir]);
        await mirror.WaitUpAsync();
        using (var http = mirror.Client())
        {
            var health = JsonDocument.Parse(await http.GetStringAsync("healthz")).RootElement;
            Assert.Equal("mirror", health.GetProperty("role").GetString());
            Assert.Equal(upstream.BaseUri.ToString().TrimEnd('/'), health.GetProperty("writer").GetString()?.TrimEnd('/'));
            var (env, body) = EntryBuilder.Build(demo.Origin, EntryKinds.Note, demo.Key, new JsonObject { ["text"] = "to the mirror" }, DateTimeOffset.UtcNow);
            http.DefaultRequestHeaders.Authorization = new("Bearer", demo.Token);
            using var refused = await http.PostAsJsonAsync("api/entries", new { envelope = env, body });
            Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        }
        await AssertSameReadsAsync(upstream, mirror);

        // More is written, and one of the new entries erased: the mirror follows both, through the change feed.
        var notes = new List<long>();
        for (int i = 0; i < 12; i++)
        {
            notes.Add(await PostAsync(upstream, demo, EntryKinds.Note, new JsonObject { ["text"] = $"synthetic note {i} written after the mirror" }));
        }
        await CaughtUpAsync(upstream, mirror);
        Assert.True(File.Exists(Path.Combine(dir, "bodies", $"{notes[3]}.json")));
        await PostAsync(upstream, demo, EntryKinds.Erase, new JsonObject { ["target"] = notes[3], ["reason"] = "synthetic erasure" });
        await CaughtUpAsync(upstream, mirror);
        Assert.False(File.Exists(Path.Combine(dir, "bodies", $"{notes[3]}.json")), "the erased body is gone from the copy");
        Assert.True(File.Exists(Path.Combine(dir, "bodies", $"{notes[4]}.json")));
        await AssertSameReadsAsync(upstream, mirror);
        using (var a = upstream.Client())
        using (var b = mirror.Client())
        {
            Assert.Equal(await a.GetStringAsync($"api/entries/{notes[3]}"), await b.GetStringAsync($"api/entries/{notes[3]}"));
        }
    }

    /// <summary>Publishes a folder as any web server would (Python's http.server on loopback); its URL once it answers.</summary>
    async Task<string> PublishAsync(string folder)
    {
        var port = ServerProcess.FreePort();
        Spawn("python3", ["-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", folder]);
        var url = $"http://127.0.0.1:{port}/";
        using var http = new HttpClient();
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(100))
        {
            try
            {
                using var r = await http.GetAsync(url + "checkpoint");
                return url;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
            }
        }
    }

    string Copy(string from, string name)
    {
        var to = Path.Combine(_root, name);
        OneDatabase.CopyFolder(from, to);
        return to;
    }

    /// <summary>Runs `truce mirror --once` from <paramref name="url"/> into <paramref name="target"/>; it must be refused
    /// with one line naming <paramref name="why"/>, and leave the copy's checkpoint as it was.</summary>
    static async Task AssertRefusedAsync(string url, string target, string key, string why)
    {
        var checkpoint = Path.Combine(target, "checkpoint");
        var before = File.Exists(checkpoint) ? await File.ReadAllTextAsync(checkpoint) : null;
        var r = await CliProcess.RunAsync("mirror", url, "--out", target, "--key", key, "--once");
        Assert.True(r.Code == 1, $"{why}: exit {r.Code}: {r.Err}");
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("refused", r.Err);
        Assert.Contains(why, r.Err);
        Assert.Equal(before, File.Exists(checkpoint) ? await File.ReadAllTextAsync(checkpoint) : null);
    }

    [Fact]
    public async Task A_forged_upstream_is_refused_and_the_copy_is_left_as_it_was_while_an_honest_static_copy_is_mirrored()
    {
        var demo = await DemoAsync();
        var (older, good) = (Path.Combine(_root, "older"), Path.Combine(_root, "good"));
        using (var upstream = ServerProcess.Start(demo.Data))
        {
            await upstream.WaitUpAsync();
            Assert.Equal(0, (await CliProcess.RunAsync("mirror", upstream.BaseUri.ToString(), "--out", older, "--key", demo.LogKey, "--once")).Code);
            OneDatabase.CopyFolder(older, good);
            for (int i = 0; i < 3; i++)
            {
                await PostAsync(upstream, demo, EntryKinds.Note, new JsonObject { ["text"] = $"synthetic note {i}" });
            }
            Assert.Equal(0, (await CliProcess.RunAsync("mirror", upstream.BaseUri.ToString(), "--out", good, "--once")).Code);
        }
        var store = new Ledger.Tiles.TileFolderStore(good);
        var (size, note) = store.LoadHead();
        var olderSize = new Ledger.Tiles.TileFolderStore(older).LoadHead().Size;

        // An honest static copy (another mirror's folder on a web server) is mirrored, files and all.
        var again = Path.Combine(_root, "again");
        var fromStatic = await CliProcess.RunAsync("mirror", await PublishAsync(good), "--out", again, "--key", demo.LogKey, "--once");
        Assert.True(fromStatic.Code == 0, fromStatic.Err);
        Assert.Equal(note, await File.ReadAllTextAsync(Path.Combine(again, "checkpoint")));
        Assert.Equal(Directory.GetFiles(Path.Combine(good, "blobs"), "*", SearchOption.AllDirectories).Length,
            Directory.GetFiles(Path.Combine(again, "blobs"), "*", SearchOption.AllDirectories).Length);

        // A checkpoint signed by another key of the same name.
        var resigned = Copy(good, "resigned");
        var impostor = new NoteSigner(demo.Origin, Ledger.Crypto.Ed25519.NewSeed());
        await File.WriteAllTextAsync(Path.Combine(resigned, "checkpoint"), SignedNote.Sign(SignedNote.Parse(note!).Text, impostor).Serialize());
        await AssertRefusedAsync(await PublishAsync(resigned), Path.Combine(_root, "fresh1"), demo.LogKey, "does not verify");

        // One character of one entry changed in its bundle (the hash tiles left as they were).
        var entry = Copy(good, "entry");
        var bundle = Path.Combine(entry, "tile", "entries", "000");
        var bytes = await File.ReadAllBytesAsync(bundle);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("\"note\"", StringComparison.Ordinal) is var n and > 0 ? n : Encoding.UTF8.GetString(bytes).IndexOf("\"kind\"", StringComparison.Ordinal) + 9;
        bytes[at + 2] ^= 0x01;
        await File.WriteAllBytesAsync(bundle, bytes);
        await AssertRefusedAsync(await PublishAsync(entry), Path.Combine(_root, "fresh2"), demo.LogKey, "does not hash to the leaf");

        // A body that is not the one its envelope commits to.
        var body = Copy(good, "body");
        var publicBody = Directory.GetFiles(Path.Combine(body, "bodies")).OrderBy(f => f, StringComparer.Ordinal).First();
        await File.WriteAllTextAsync(publicBody, "{\"text\":\"forged\"}");
        await AssertRefusedAsync(await PublishAsync(body), Path.Combine(_root, "fresh3"), demo.LogKey, "does not hash to the digest");

        // A fork signed with the log's own key: the copy's last entry and those after it rewritten.
        var fork = Path.Combine(_root, "fork");
        var signer = NoteKeys.ParseSigner((await File.ReadAllTextAsync(Path.Combine(demo.Data, "keys", "log.key"))).Trim());
        await using (var seq = new Ledger.Sequencing.Sequencer(new Ledger.Tiles.TileFolderStore(fork), signer))
        {
            var leaves = store.ReadLeaves(0, (int)olderSize - 1);
            await Task.WhenAll(leaves.Select((l, i) => seq.AppendAsync(l, store.ReadBody(i), null)));
            await Task.WhenAll(Enumerable.Range(0, (int)(size - olderSize) + 1).Select(i => seq.AppendAsync(Encoding.UTF8.GetBytes($"forged {i}"), null, null)));
        }
        await AssertRefusedAsync(await PublishAsync(fork), Copy(older, "forked"), demo.LogKey, "do not give its signed root");

        // An entry its operator made up, signed by no key the log registered, in a tree the log's key signed: it
        // extends the copy, and only its party's signature gives it away.
        var madeUp = Path.Combine(_root, "made-up");
        await using (var seq = new Ledger.Sequencing.Sequencer(new Ledger.Tiles.TileFolderStore(madeUp), signer))
        {
            var leaves = store.ReadLeaves(0, (int)size);
            await Task.WhenAll(leaves.Select((l, i) => seq.AppendAsync(l, store.ReadBody(i), null)));
            var (env, b) = EntryBuilder.Build(demo.Origin, EntryKinds.Note, SigningKey.New("az"), new JsonObject { ["text"] = "never said" }, DateTimeOffset.UtcNow);
            await seq.AppendAsync(Ledger.Entries.CanonicalJson.Canonicalize(env), Ledger.Entries.CanonicalJson.Canonicalize(b), null);
        }
        await AssertRefusedAsync(await PublishAsync(madeUp), Copy(good, "made-up-target"), demo.LogKey, $"entry {size} does not carry its party's signature");

        // A rollback: an upstream that now serves an older checkpoint than the copy holds.
        await AssertRefusedAsync(await PublishAsync(older), Copy(good, "rolled"), demo.LogKey, "fewer than");
    }
}
