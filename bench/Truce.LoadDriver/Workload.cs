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
/// A real demo deployment in a temp folder, its log and views in the SQLite file (WAL, synchronous=FULL) or, with
/// --store, in a new database on that PostgreSQL server, and entries signed by its registered parties: kind "note",
/// public, body {"text": ...}, a fresh client id each.
/// </summary>
sealed class Workload : IAsyncDisposable
{
    readonly string? _server;

    Workload(string dir, Deployment deployment, bool randomCids, string? server, string? database)
    {
        RandomCids = randomCids;
        Dir = dir;
        Deployment = deployment;
        _server = server;
        Database = database;
        Keys = DemoParties.All.Select(p => deployment.LoadKey(p.Id)).ToList();
        Callers = Keys.ToDictionary(k => k.Party, k => deployment.SystemCaller(k.Party), StringComparer.Ordinal);
        // The public party left its key with the server (the public report form's): its entries carry the server's label.
        ServerHeld = Keys.Where(deployment.HeldByServer).Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
        Console.WriteLine($"# deployment: {deployment.Directory} in {deployment.Store.Location} " +
            $"(demo data, {deployment.Ledger.Sequencer.Size} entries, {Keys.Count} parties signing, " +
            $"{(randomCids ? "random UUIDv4" : "time-ordered UUIDv7")} client ids{BenchDatabase.Durability(database)})");
    }

    public string Dir { get; }

    /// <summary>
    /// UUIDv4 client ids instead of EntryBuilder's time-ordered UUIDv7 ones: the worst case for the (party, cid)
    /// replay index, whose inserts then land on a different page each.
    /// </summary>
    public bool RandomCids { get; }
    public Deployment Deployment { get; }
    public IReadOnlyList<SigningKey> Keys { get; }

    /// <summary>The ids of the keys among <see cref="Keys"/> that their party left with the server.</summary>
    public IReadOnlySet<string> ServerHeld { get; }
    public IReadOnlyDictionary<string, Caller> Callers { get; }

    /// <summary>The connection string of the deployment's own PostgreSQL database, made for this run; null for SQLite.</summary>
    public string? Database { get; }

    public string Store => Database is null ? "sqlite" : "postgres";

    /// <param name="server">A PostgreSQL server (--store) to make the deployment's database on; null for SQLite.</param>
    public static async Task<Workload> CreateAsync(Options o, string? server = null)
    {
        var random = RandomCidsOption(o);
        var dir = Directory.CreateTempSubdirectory("truce-bench-").FullName;
        var database = server is null ? null : BenchDatabase.Create(server);
        var d = await DemoLoader.CreateAsync(Path.Combine(dir, "data"), store: database);
        return new Workload(dir, d, random, server, database);
    }

    /// <summary>
    /// A SQLite and a PostgreSQL deployment holding the same demo log and keys, so that the same signed entries go into
    /// both: the demo made in SQLite, and a copy of its folder moved into a new database on <paramref name="server"/>
    /// as 'truce migrate' moves one.
    /// </summary>
    public static async Task<IReadOnlyList<Workload>> CreatePairAsync(Options o, string server)
    {
        var random = RandomCidsOption(o);
        string sqliteDir = Directory.CreateTempSubdirectory("truce-bench-").FullName, postgresDir = Directory.CreateTempSubdirectory("truce-bench-").FullName;
        string sqliteData = Path.Combine(sqliteDir, "data"), postgresData = Path.Combine(postgresDir, "data");
        await (await DemoLoader.CreateAsync(sqliteData)).DisposeAsync();
        foreach (var file in Directory.EnumerateFiles(sqliteData, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(postgresData, Path.GetRelativePath(sqliteData, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var database = BenchDatabase.Create(server);
        await StoreMigration.MigrateAsync(postgresData, database);
        return [new Workload(sqliteDir, Deployment.Open(sqliteData), random, null, null),
            new Workload(postgresDir, Deployment.Open(postgresData), random, server, database)];
    }

    static bool RandomCidsOption(Options o) => o.Text("cids") switch
    {
        null or "v7" => false,
        "random" => true,
        var other => throw new ValidationException("--cids", $"is v7 or random, not '{other}'"),
    };

    /// <summary>Signs <paramref name="count"/> entries on every core; not part of any timed figure. Notes, or each
    /// <paramref name="make"/>(i) gives: a kind, a body, and the party that signs it.</summary>
    public IReadOnlyList<SignedEntry> Sign(int count, string label, Func<int, (string Kind, JsonObject Body, string Party)>? make = null)
    {
        var sw = Stopwatch.StartNew();
        var origin = Deployment.Ledger.Origin;
        var now = DateTimeOffset.UtcNow;
        var entries = new SignedEntry[count];
        Parallel.ForEach(Partitioner.Create(0, count, 1024), range =>
        {
            for (int i = range.Item1; i < range.Item2; i++)
            {
                var (kind, body, party) = make?.Invoke(i)
                    ?? (EntryKinds.Note, new JsonObject { ["text"] = $"{label} note {i}: patrol completed without incident (synthetic load)" }, Keys[i % Keys.Count].Party);
                var key = Keys.First(k => k.Party == party);
                var (env, b) = EntryBuilder.Build(origin, kind, key, body, now, cid: RandomCids ? Guid.NewGuid().ToString("n") : null,
                    serverHeld: ServerHeld.Contains(key.KeyId));
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
        if (Database is not null)
        {
            BenchDatabase.Drop(_server!, Database);
        }
    }
}
