using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Demo;
using Truce.Core.Entries;
using Truce.Core.Services;
using Truce.Ledger.Entries;
using Truce.Server.Hosting;

namespace Truce.LoadDriver;

/// <summary>
/// One pre-signed note, in every form a run needs: the JSON the service takes, the HTTP request body, and the raw
/// (public key, signed message, signature) triple that the bare verification rate is measured on.
/// </summary>
sealed record SignedEntry(string Party, JsonElement Envelope, JsonElement Body, byte[] HttpBody, byte[] PublicKey, byte[] Message, byte[] Signature);

/// <summary>
/// A real demo deployment (the SQLite file, WAL, synchronous=FULL, in a temp folder) and entries signed by its
/// registered parties: kind "note", public, body {"text": ...}, a fresh client id each.
/// </summary>
sealed class Workload : IAsyncDisposable
{
    Workload(string dir, Deployment deployment, IReadOnlyList<SigningKey> keys, bool randomCids)
    {
        RandomCids = randomCids;
        Dir = dir;
        Deployment = deployment;
        Keys = keys;
        Callers = keys.ToDictionary(k => k.Party, k => deployment.SystemCaller(k.Party), StringComparer.Ordinal);
    }

    public string Dir { get; }

    /// <summary>
    /// UUIDv4 client ids instead of EntryBuilder's time-ordered UUIDv7 ones: the worst case for the (party, cid)
    /// replay index, whose inserts then land on a different page each.
    /// </summary>
    public bool RandomCids { get; }
    public Deployment Deployment { get; }
    public IReadOnlyList<SigningKey> Keys { get; }
    public IReadOnlyDictionary<string, Caller> Callers { get; }

    public static async Task<Workload> CreateAsync(Options o)
    {
        var random = o.Text("cids") switch
        {
            null or "v7" => false,
            "random" => true,
            var other => throw new ArgumentException($"--cids is v7 or random, not '{other}'"),
        };
        var dir = Directory.CreateTempSubdirectory("truce-bench-").FullName;
        var d = await DemoLoader.CreateAsync(Path.Combine(dir, "data"));
        var keys = DemoParties.All.Select(p => d.LoadKey(p.Id)).ToList();
        Console.WriteLine($"# deployment: {d.Directory} (demo data, {d.Ledger.Sequencer.Size} entries, {keys.Count} parties signing, " +
            $"{(random ? "random UUIDv4" : "time-ordered UUIDv7")} client ids)");
        return new Workload(dir, d, keys, random);
    }

    /// <summary>Signs <paramref name="count"/> entries on every core; not part of any timed figure.</summary>
    public IReadOnlyList<SignedEntry> Sign(int count, string label)
    {
        var sw = Stopwatch.StartNew();
        var origin = Deployment.Ledger.Origin;
        var now = DateTimeOffset.UtcNow;
        var entries = new SignedEntry[count];
        Parallel.ForEach(Partitioner.Create(0, count, 1024), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                var key = Keys[i % Keys.Count];
                var body = new JsonObject { ["text"] = $"{label} note {i}: patrol completed without incident (synthetic load)" };
                var (env, b) = EntryBuilder.Build(origin, EntryKinds.Note, key, body, now, cid: RandomCids ? Guid.NewGuid().ToString("n") : null);
                var parsed = EnvelopeParser.Parse(env);
                entries[i] = new SignedEntry(key.Party, env, b, JsonSerializer.SerializeToUtf8Bytes(new { envelope = env, body = b }),
                    key.PublicKey, parsed.SignedMessage(), Convert.FromBase64String(parsed.Sig!));
            }
        });
        Console.WriteLine($"# signed {count:N0} entries in {sw.Elapsed.TotalSeconds:0.0} s (untimed)");
        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        await Deployment.DisposeAsync();
        Directory.Delete(Dir, true);
    }
}
