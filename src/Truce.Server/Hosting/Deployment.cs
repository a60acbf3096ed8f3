using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Core.Parties;
using Truce.Core.Services;
using Truce.Ledger.Crypto;
using Truce.Ledger.Entries;
using Truce.Ledger.Notes;

namespace Truce.Server.Hosting;

/// <summary>
/// A deployment's data folder (0700): truce.db (SQLite, WAL; the embedded default of SPEC §3.9) or store.json naming
/// a PostgreSQL database instead (<see cref="DeploymentStore"/>), keys/ (private keys and tokens, never logged),
/// deployment.json (origin and public keys), every file 0600 (<see cref="PrivateFiles"/>).
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    Deployment(string dir, DeploymentStore store, LedgerService ledger, IWriterLock writer, JsonElement config)
    {
        Directory = dir;
        _config = config;
        Store = store;
        Ledger = ledger;
        Writer = writer;
        // A process that has not taken the lock (a CLI command) takes it before its first entry, or is refused.
        ledger.BeforeWrite = () =>
        {
            if (Writer.Held)
            {
                return;
            }
            // Many callers may write first at once (a load of submissions): one takes the lock, the others wait for it.
            lock (_taking)
            {
                if (!Writer.Held)
                {
                    Writer.Take(WriterLock.ThisCommand());
                    if (store.Shared)
                    {
                        ledger.TakeOver(); // another process may have written since this one opened the log
                    }
                }
            }
        };
        ledger.Area = RecordedArea.Read(config);
        _ = TilesOf(config);
        TrustedProxies = Hosting.TrustedProxies.Of(config);
    }

    readonly Lock _taking = new();

    /// <summary>deployment.json, or for a mirror what its upstream said of itself (<see cref="Mirroring.MirrorFolder"/>).</summary>
    readonly JsonElement _config;

    /// <summary>The deployment's one writer (<see cref="IWriterLock"/>): a server takes it as it starts, or on a
    /// shared PostgreSQL database follows the one that holds it (<see cref="WriterElection"/>).</summary>
    public IWriterLock Writer { get; }

    /// <summary>Where the writer takes writes, as the last election step saw it: what a follower forwards writes to.</summary>
    public string? WriterUrl { get; set; }

    public string Directory { get; }
    public LedgerService Ledger { get; }

    /// <summary>Where the log, views and credentials are.</summary>
    public DeploymentStore Store { get; }

    /// <summary>The capabilities this deployment runs on top of the ledger: a new instance of each composed module.</summary>
    /// <remarks>A module that keeps files beside the log (<see cref="IDataFolderModule"/>) is told the folder before
    /// the log is replayed into it.</remarks>
    static IReadOnlyList<IModule> Modules(string dir, JsonElement config)
    {
        IReadOnlyList<IModule> all = [.. Composition.Modules.All.Select(m => m.Create())];
        foreach (var m in all.OfType<IDataFolderModule>())
        {
            m.UseFolder(dir, config);
        }
        return all;
    }

    static JsonElement ReadConfig(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "deployment.json")));
        return doc.RootElement.Clone();
    }

    /// <summary>The build's gazetteer, in this deployment's neutral naming order (<see cref="NamingOrder"/>).</summary>
    public Places.Gazetteer LoadGazetteer()
    {
        var g = Places.Gazetteer.LoadDefault();
        if (NamingOrder is { Count: > 0 } order)
        {
            g.NamingOrder = order;
        }
        return g;
    }

    /// <summary>
    /// The order in which neutral displays give each side's name for a place ("namingOrder" in deployment.json, e.g.
    /// ["az", "am"]); alphabetical by convention id when the deployment has not chosen. Not a ledger fact: display only.
    /// </summary>
    public IReadOnlyList<string>? NamingOrder => _config.TryGetProperty("namingOrder", out var o) && o.ValueKind == JsonValueKind.Array
        ? [.. o.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
        : null;

    /// <summary>
    /// A tile server for the dashboard's basemap ("tiles" in deployment.json: an http(s) URL template with {z}, {x}
    /// and {y}, e.g. https://tiles.example.org/{z}/{x}/{y}.png); null for the bundled Natural Earth basemap, which needs
    /// nothing from outside. Display only, like the naming order.
    /// </summary>
    public string? Tiles => TilesOf(_config);

    /// <summary>The tile server deployment.json names; a value that is not such a template stops the deployment
    /// opening, naming the setting, rather than leave a blank map.</summary>
    static string? TilesOf(JsonElement config)
    {
        if (!config.TryGetProperty("tiles", out var t) || t.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return t.ValueKind == JsonValueKind.String && t.GetString() is { Length: <= 500 } url
            && (url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal))
            && url.Contains("{z}", StringComparison.Ordinal) && url.Contains("{x}", StringComparison.Ordinal) && url.Contains("{y}", StringComparison.Ordinal)
            ? url
            : throw new ValidationException("deployment.json tiles", "must be an http(s) URL template of at most 500 characters with {z}, {x} and {y}");
    }

    /// <summary>
    /// The reverse proxies whose <c>X-Forwarded-For</c> this server believes ("trustedProxies" in deployment.json: their
    /// IP addresses, e.g. ["127.0.0.1"], or the networks they are in, e.g. ["10.0.0.0/16"], for a load balancer whose
    /// addresses change): a request from one of them counts against the client address it names, so the public form's
    /// limit per address holds behind a proxy. From anyone else the header is ignored, or any client could name a fresh
    /// address for each request. Empty by default. An address is a network of one (/32, /128).
    /// </summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; }

    /// <summary>What the deployment says of itself to anyone (GET /api/deployment), and a mirror copies.</summary>
    public DeploymentInfo Describe() => new(Ledger.Origin, Ledger.LogKey.ToString(),
        _config.TryGetProperty("area", out var a) && a.ValueKind == JsonValueKind.Object ? a.Clone() : null, NamingOrder, MirrorOf);

    /// <summary>For a mirror's server (<see cref="OpenMirror"/>): where its copy comes from.</summary>
    public string? MirrorOf { get; private init; }

    public static bool Exists(string dir) => File.Exists(Path.Combine(dir, "deployment.json"));

    /// <param name="time">The clock (tests shift it to see tokens expire and deadlines pass).</param>
    /// <param name="holdsOnlyFor">Derive everything from only what this reader may see (open a copy of a folder this way:
    /// its views are rebuilt): the deployment that reader's answers must equal, in the visibility differential test.</param>
    /// <param name="store">A PostgreSQL connection (--store) the folder uses from now on; null: the one it names, or truce.db.</param>
    /// <param name="serving">A server opening the deployment: what it is and where it takes writes. On a shared
    /// PostgreSQL database whose writer lease another server holds, it opens as a follower (<see cref="LedgerService.Following"/>).</param>
    /// <param name="replica">A PostgreSQL streaming replica of the folder's database to read from: the server then
    /// follows the writer for good, and never writes (docs/SCALING.md).</param>
    public static Deployment Open(string dir, TimeProvider? time = null, Reader? holdsOnlyFor = null, string? store = null,
        (string Holder, string Url)? serving = null, string? replica = null)
    {
        if (!Exists(dir))
        {
            throw new ValidationException("--data", $"{dir} holds no Truce deployment (run 'truce init' first)");
        }
        PrivateFiles.TightenDeployment(dir);
        if (store is not null)
        {
            DeploymentStore.Remember(dir, DeploymentStore.Parse(store));
        }
        var signer = NoteKeys.ParseSigner(File.ReadAllText(Path.Combine(dir, "keys", "log.key")).Trim());
        var db = replica is null ? DeploymentStore.Open(dir) : DeploymentStore.OpenPostgres(DeploymentStore.Parse(replica), replica: true);
        var writer = db.NewWriterLock(dir);
        try
        {
            // Elected before the log is replayed: a follower leaves the stored views to the writer.
            var follower = db.ReadOnly;
            if (serving is { } s && !follower)
            {
                if (db.Shared)
                {
                    follower = !writer.TryTake(s.Holder, s.Url);
                }
                else
                {
                    writer.Take(s.Holder);
                }
            }
            var config = ReadConfig(dir);
            return new Deployment(dir, db, new LedgerService(db.Log, db.Views, signer, time, Modules(dir, config), holdsOnlyFor, follower), writer, config);
        }
        catch
        {
            writer.Dispose();
            db.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A mirror's folder (<c>truce mirror</c>): the copy of another deployment's log, served read only as the public sees
    /// it (<see cref="LedgerService.Mirror"/>). Its own derived state goes in serve/ beside the copy: the stored views,
    /// and the lock that makes this the folder's one server.
    /// </summary>
    public static Deployment OpenMirror(string dir, TimeProvider? time = null)
    {
        var mirror = Mirroring.MirrorFolder.Open(dir, "--mirror");
        if (!File.Exists(Path.Combine(dir, "checkpoint")))
        {
            throw new ValidationException("--mirror", $"{dir} holds no copy yet: 'truce mirror' has not completed a round into it");
        }
        var work = Path.Combine(dir, Mirroring.MirrorFolder.ServeFolder);
        if (!System.IO.Directory.Exists(work))
        {
            PrivateFiles.CreateFolder(work);
        }
        var writer = new WriterLock(work);
        DeploymentStore? db = null;
        try
        {
            writer.Take("truce serve --mirror");
            db = DeploymentStore.OpenMirror(dir, Path.Combine(work, "views.db"));
            // The modules' files are the copy's (a mirror copies them beside the log), at the paths they name.
            var ledger = LedgerService.Mirror(db.Log, db.Views, mirror.LogKey, time, Modules(dir, mirror.Config));
            return new Deployment(dir, db, ledger, writer, mirror.Config) { MirrorOf = mirror.Upstream };
        }
        catch
        {
            writer.Dispose();
            db?.Dispose();
            throw;
        }
    }

    /// <summary>Creates the folder, the log key, the mission's key, the genesis entry and the mission admin's token.</summary>
    /// <param name="area">The area it records (deployment.json; see <see cref="RecordedArea"/>).</param>
    /// <param name="store">A PostgreSQL connection to keep the log in (an empty database), or null for truce.db in the folder.</param>
    public static async Task<Deployment> InitAsync(string dir, string origin, string name, bool synthetic, TimeProvider? time = null, RecordedArea? area = null,
        string? store = null)
    {
        if (Exists(dir))
        {
            throw new ValidationException("--data", $"{dir} already holds a deployment");
        }
        if (store is not null)
        {
            store = DeploymentStore.Parse(store);
            using var target = DeploymentStore.OpenPostgres(store);
            if (target.Log.LoadHead().Size != 0)
            {
                throw new ValidationException("--store", $"{target.Location} already holds a log; a new deployment needs an empty database");
            }
        }
        if (!NoteKeys.IsValidName(origin))
        {
            throw new ValidationException("--origin", "must be a key name: no spaces and no '+', e.g. truce.example/log");
        }
        var now = (time ?? TimeProvider.System).GetUtcNow();
        PrivateFiles.CreateFolder(dir);
        PrivateFiles.CreateFolder(Path.Combine(dir, "keys"));
        var logSigner = new NoteSigner(origin, Ed25519.NewSeed());
        WriteSecret(dir, "log.key", logSigner.SignerKeyText());
        var mission = SigningKey.New("mission");
        SaveKey(dir, mission);
        var genesis = new JsonObject
        {
            ["deployment"] = new JsonObject { ["name"] = name, ["synthetic"] = synthetic, ["created"] = Envelope.FormatTime(now) },
            ["mission"] = new JsonObject
            {
                ["id"] = "mission",
                ["kind"] = "mission",
                ["names"] = new JsonObject { ["en"] = "Mission administration" },
                ["keys"] = new JsonArray(mission.Describe(now.AddDays(-1))),
            },
        };
        PrivateFiles.WriteText(Path.Combine(dir, "deployment.json"), JsonSerializer.Serialize(new
        {
            origin,
            logKey = logSigner.Verifier.ToString(),
            created = now,
            area = area is null ? null : new { name = area.Name, bbox = new[] { area.MinLon, area.MinLat, area.MaxLon, area.MaxLat } },
        }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
        var d = Open(dir, time, store: store);
        var (env, body) = EntryBuilder.Build(origin, EntryKinds.Genesis, mission, genesis, now);
        await d.Ledger.SubmitAsync(env, body, null).ConfigureAwait(false);
        await d.AddMemberAsync(mission, "mission-admin", "Mission administrator", [Roles.MissionAdmin], now).ConfigureAwait(false);
        WriteSecret(dir, "mission-admin.token", d.Ledger.IssueToken("mission-admin", TimeSpan.FromDays(365)));
        return d;
    }

    public async Task AddMemberAsync(SigningKey signer, string id, string name, string[] roles, DateTimeOffset now)
    {
        var (env, b) = EntryBuilder.Build(Ledger.Origin, EntryKinds.MemberAdd, signer, MemberBody(signer.Party, id, name, roles), now, Visibility.Mission,
            serverHeld: HeldByServer(signer));
        await Ledger.SubmitAsync(env, b, SystemCaller(signer.Party)).ConfigureAwait(false);
    }

    /// <summary>Signs a body with the party's key in this folder and submits it as that party; returns its index.</summary>
    public async Task<long> SubmitAsAsync(string party, string kind, JsonNode body, DateTimeOffset time,
        Visibility visibility = Visibility.Public, IReadOnlyList<string>? to = null)
    {
        var key = LoadKey(party);
        var (env, b) = EntryBuilder.Build(Ledger.Origin, kind, key, body, time, visibility, to, serverHeld: HeldByServer(key));
        return (await Ledger.SubmitAsync(env, b, SystemCaller(party)).ConfigureAwait(false)).Index;
    }

    /// <summary>Whether the registry says the party left this key with the server: its entries then carry the server's
    /// signer label (the public party's intake key, <see cref="PublicIntake"/>).</summary>
    public bool HeldByServer(SigningKey key) => Ledger.WithRegistry(r => r.FindKey(key.KeyId)?.ServerHeld == true);

    /// <summary>The deployment's own CLI acting for a party whose key is in this folder.</summary>
    public Caller SystemCaller(string party) =>
        new("cli", party, new HashSet<string>(Roles.All), Ledger.Registry.IsMissionParty(party));

    /// <summary>A member.add body: the member of <paramref name="party"/> and its roles.</summary>
    public static JsonObject MemberBody(string party, string id, string name, IEnumerable<string> roles) => new()
    {
        ["id"] = id,
        ["party"] = party,
        ["name"] = name,
        ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]),
    };

    public static void SaveKey(string dir, SigningKey key) =>
        WriteSecret(dir, $"{key.Party}.key", Convert.ToBase64String(key.Seed));

    public SigningKey LoadKey(string party) => LoadKey(Directory, party);

    /// <summary>A party's key from a data folder's keys/, without opening the deployment.</summary>
    public static SigningKey LoadKey(string dir, string party)
    {
        var path = Path.Combine(dir, "keys", $"{party}.key");
        if (!File.Exists(path))
        {
            throw new ValidationException("--party", $"no key for party '{party}' in {Path.Combine(dir, "keys")}");
        }
        return new SigningKey(party, Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    public string? ReadSecret(string name)
    {
        var path = Path.Combine(Directory, "keys", name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Secrets are created with mode 0600 before anything is written to them.</summary>
    public static void WriteSecret(string dir, string name, string content) => PrivateFiles.WriteText(Path.Combine(dir, "keys", name), content);

    int _disposed;

    /// <summary>Once only: a server built while the deployment was opening disposes it too (see <see cref="TruceServer"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await Ledger.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
        Writer.Dispose();
    }
}

/// <summary>What a deployment says of itself to anyone: its log, the area it records and how it orders names; for a
/// mirror, the upstream it copies.</summary>
/// <param name="Area">As deployment.json has it: <c>{name, bbox}</c>.</param>
public sealed record DeploymentInfo(string Origin, string LogKey, JsonElement? Area, IReadOnlyList<string>? NamingOrder, string? MirrorOf);
