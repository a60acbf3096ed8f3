using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSec.Cryptography;
using Truce.Core.Entries;
using Truce.Ledger.Tiles;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>Tests of whole processes and of copies of logs on disk; not run in parallel with each other.</summary>
[Collection("processes")]
public class ProcessTests
{
    [Fact]
    public async Task Verify_accepts_an_exported_copy_and_names_the_entry_that_was_changed()
    {
        var dir = Directory.CreateTempSubdirectory("truce-verify").FullName;
        var copy = Path.Combine(dir, "copy");
        string key;
        await using (var d = await DemoLoader.CreateAsync(Path.Combine(dir, "data")))
        {
            key = d.Ledger.LogKey.ToString();
            await LogTiles.ExportAsync(d.Ledger.Store, d.Ledger.Sequencer.CheckpointNote, copy);
            Directory.CreateDirectory(Path.Combine(copy, "bodies"));
            for (long i = 0; i < d.Ledger.Sequencer.Size; i++)
            {
                if (d.Ledger.Read(i, Core.Access.Reader.Anonymous)?.Body is { } body)
                {
                    await File.WriteAllTextAsync(Path.Combine(copy, "bodies", $"{i}.json"), body);
                }
            }
        }
        var saved = Path.Combine(dir, "saved-checkpoint");
        File.Copy(Path.Combine(copy, "checkpoint"), saved);
        Assert.Equal(0, await Cli.Program.Main(["verify", "--log", copy, "--key", key, "--since", saved]));

        // An operator edits entry 2's envelope (changing its author) and recomputes nothing.
        // The first bundle is full (000) once the demo has 256 entries, partial (000.p/<w>) before.
        var full = Path.Combine(copy, "tile", "entries", "000");
        var bundle = File.Exists(full) ? full : Directory.GetFiles(Path.Combine(copy, "tile", "entries", "000.p")).Single();
        var entries = EntryBundle.Decode(await File.ReadAllBytesAsync(bundle));
        var original = entries[2];
        entries[2] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("\"party\":\"mission\"", "\"party\":\"az\""));
        await File.WriteAllBytesAsync(bundle, EntryBundle.Encode(entries));
        var (code, stderr) = await RunCli("verify", "--log", copy, "--key", key);
        Assert.Equal(1, code);
        Assert.Contains("entry 2: changed", stderr);

        // Restore, then a forged checkpoint by another key.
        entries[2] = original;
        await File.WriteAllBytesAsync(bundle, EntryBundle.Encode(entries));
        Assert.Equal(0, (await RunCli("verify", "--log", copy, "--key", key)).Code);
        var (badKey, err2) = await RunCli("verify", "--log", copy, "--key", "x+00000000+AQ==");
        Assert.Equal(1, badKey);
        Assert.Contains("--key", err2);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Generic_verify_accepts_a_log_written_from_the_specs_alone_and_rejects_tampered_copies()
    {
        var dir = Directory.CreateTempSubdirectory("truce-generic").FullName;
        var vkey = SpecLogWriter.Write(dir, "example.org/other-log", 300);
        Assert.Equal(0, (await RunCli("verify", "--generic", "--log", dir, "--key", vkey)).Code);
        var tile = Path.Combine(dir, "tile", "0", "000");
        var bytes = await File.ReadAllBytesAsync(tile);
        bytes[40] ^= 1;
        await File.WriteAllBytesAsync(tile, bytes);
        var (code, err) = await RunCli("verify", "--generic", "--log", dir, "--key", vkey);
        Assert.Equal(1, code);
        Assert.Contains("entry 1: changed", err);
        Directory.Delete(dir, true);
    }

    [Fact]
    [Trait("Store", "both")]
    public async Task After_kill_9_every_acknowledged_entry_is_present_and_the_log_verifies()
    {
        var dir = Directory.CreateTempSubdirectory("truce-crash").FullName;
        var data = Path.Combine(dir, "data");
        string origin, key, token;
        SigningKey az;
        await using (var d = await DemoLoader.CreateAsync(data, store: TestStore.New()))
        {
            origin = d.Ledger.Origin;
            key = d.Ledger.LogKey.ToString();
            token = d.ReadSecret("az-admin.token")!;
            az = d.LoadKey("az");
        }
        var trials = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly" ? 50 : 3;
        var acknowledged = new Dictionary<string, long>();
        for (int trial = 0; trial < trials; trial++)
        {
            using var server = ServerProcess.Start(data);
            using var http = server.Client(token);
            await server.WaitUpAsync();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    var cid = $"t{trial}-w{w}-{n}";
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
                        return;
                    }
                }
            })).ToList();
            await Task.Delay(400 + Random.Shared.Next(800));
            server.Process.Kill(entireProcessTree: true); // SIGKILL
            stop.Cancel();
            await Task.WhenAll(writers);
            await server.Process.WaitForExitAsync();
        }
        Assert.NotEmpty(acknowledged);
        await using (var d = Deployment.Open(data))
        {
            foreach (var (cid, index) in acknowledged)
            {
                var row = d.Ledger.Views.FindByCid("az", cid);
                Assert.True(row is not null && row.Index == index, $"acknowledged entry {cid} at {index} is missing after the crash");
            }
            var copy = Path.Combine(dir, "copy");
            await LogTiles.ExportAsync(d.Ledger.Store, d.Ledger.Sequencer.CheckpointNote, copy);
            Assert.Equal(0, (await RunCli("verify", "--generic", "--log", copy, "--key", key)).Code);
        }
        Directory.Delete(dir, true);
    }

    static async Task<(int Code, string Stderr)> RunCli(params string[] args)
    {
        var (code, _, err) = await CliProcess.RunAsync(args);
        return (code, err);
    }
}

/// <summary>
/// Writes a C2SP tlog-tiles log from the specifications alone (RFC 9162 hashing, tlog-tiles paths and bundles,
/// signed-note and tlog-checkpoint), with no Truce code: the independent log that 'truce verify --generic' audits.
/// </summary>
static class SpecLogWriter
{
    static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    static byte[] Mth(List<byte[]> leaves, int start, int end)
    {
        if (end - start == 1)
        {
            return leaves[start];
        }
        var k = 1;
        while (k * 2 < end - start)
        {
            k *= 2;
        }
        return H([1], Mth(leaves, start, start + k), Mth(leaves, start + k, end));
    }

    public static string Write(string dir, string name, int n)
    {
        var entries = Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetBytes($"record {i}")).ToList();
        var leaves = entries.Select(e => H([0], e)).ToList();
        void Put(string path, byte[] data)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, data);
        }
        for (int t = 0; t * 256 < n; t++)
        {
            var w = Math.Min(256, n - (t * 256));
            var suffix = w == 256 ? "" : $".p/{w}";
            Put($"tile/0/{t:000}{suffix}", [.. leaves.Skip(t * 256).Take(w).SelectMany(h => h)]);
            Put($"tile/entries/{t:000}{suffix}", [.. entries.Skip(t * 256).Take(w).SelectMany(e => new[] { (byte)(e.Length >> 8), (byte)e.Length }.Concat(e))]);
        }
        var level1 = Enumerable.Range(0, n / 256).Select(i => Mth(leaves, i * 256, (i + 1) * 256)).ToList();
        if (level1.Count > 0)
        {
            Put($"tile/1/000.p/{level1.Count}", [.. level1.SelectMany(h => h)]);
        }
        var text = $"{name}\n{n}\n{Convert.ToBase64String(Mth(leaves, 0, n))}\n";
        var alg = SignatureAlgorithm.Ed25519;
        using var key = Key.Create(alg, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var pub = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var keyId = H(Encoding.UTF8.GetBytes(name), [0x0A, 0x01], pub)[..4];
        var sig = alg.Sign(key, Encoding.UTF8.GetBytes(text));
        Put("checkpoint", Encoding.UTF8.GetBytes($"{text}\n\u2014 {name} {Convert.ToBase64String([.. keyId, .. sig])}\n"));
        return $"{name}+{Convert.ToHexStringLower(keyId)}+{Convert.ToBase64String([0x01, .. pub])}";
    }
}
