using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>Parties, keys and signed submissions. Keys live in the deployment's keys/ folder (mode 0600).</summary>
static class PartyCommands
{
    static Option<string> PartyOption() => new("--party") { Description = "The party id", Required = true };

    public static Command Keys()
    {
        var keys = new Command("keys", "A party's signing keys: new, list, rotate");
        var data = Cli.Data();
        var party = PartyOption();
        keys.Subcommands.Add(Cli.Command("new", "Make a new key for a party (not yet registered) and print its public part", (pr, ct) =>
        {
            var dir = pr.GetValue(data)!;
            var id = pr.GetValue(party)!;
            if (File.Exists(Path.Combine(dir, "keys", $"{id}.key")))
            {
                throw new ValidationException("--party", $"a key for '{id}' already exists; use 'keys rotate'");
            }
            PrivateFiles.CreateFolder(Path.Combine(dir, "keys"));
            var key = SigningKey.New(id);
            Deployment.SaveKey(dir, key);
            Console.WriteLine(key.Describe(Cli.Time.GetUtcNow()).ToJsonString());
            return Task.CompletedTask;
        }, data, party));
        var data2 = Cli.Data();
        keys.Subcommands.Add(Cli.Command("list", "List registered keys", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data2)!, Cli.Time);
            foreach (var k in d.Ledger.WithRegistry(r => r.Keys.OrderBy(k => k.AddedAt).ToList()))
            {
                Console.WriteLine($"{k.Party,-14} {k.Id}  from {Envelope.FormatTime(k.ValidFrom)}{(k.RevokedAt is { } r ? $"  revoked at entry {r}" : "")}");
            }
        }, data2));
        var data3 = Cli.Data();
        var party3 = PartyOption();
        var through3 = new Through();
        keys.Subcommands.Add(Cli.Command("rotate", "Register a new key for a party and revoke the old one (two signed entries)", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data3)!, Cli.Time);
            var id = pr.GetValue(party3)!;
            var old = d.LoadKey(id);
            var fresh = SigningKey.New(id);
            var now = Cli.Time.GetUtcNow();
            await through3.SubmitAsync(pr, d, old, EntryKinds.KeyAdd, new JsonObject { ["party"] = id, ["key"] = fresh.Describe(now.AddMinutes(-1)) },
                Core.Access.Visibility.Public, ct);
            // Saved once registered: the revocation below is signed with it, and a failure there leaves both keys valid.
            Deployment.SaveKey(d.Directory, fresh);
            await through3.SubmitAsync(pr, d, fresh, EntryKinds.KeyRevoke, new JsonObject { ["key"] = old.KeyId, ["reason"] = "rotation" }, Core.Access.Visibility.Public, ct);
            Console.WriteLine($"{id}: new key {fresh.KeyId}; {old.KeyId} revoked");
        }, [data3, party3, .. through3.All]));
        return keys;
    }

    public static Command Party()
    {
        var party = new Command("party", "Parties: add, list");
        var data = Cli.Data();
        var id = PartyOption();
        var kind = new Option<string>("--kind") { Description = "conflict-party, peacekeeping-force, monitoring-centre, …", Required = true };
        var name = new Option<string>("--name") { Description = "The party's name (English)", Required = true };
        var witness = new Option<string?>("--witness") { Description = "The verifier key of the party's witness (from 'truce witness key')" };
        var through = new Through();
        party.Subcommands.Add(Cli.Command("add", "Register a party (signed by the mission) with a new key", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            var pid = pr.GetValue(id)!;
            var key = SigningKey.New(pid);
            var now = Cli.Time.GetUtcNow();
            var body = new JsonObject
            {
                ["id"] = pid,
                ["kind"] = pr.GetValue(kind),
                ["names"] = new JsonObject { ["en"] = pr.GetValue(name) },
                ["keys"] = new JsonArray(key.Describe(now.AddMinutes(-1))),
            };
            if (pr.GetValue(witness) is { } w)
            {
                body["witness"] = w.Trim();
            }
            var at = await through.SubmitAsync(pr, d, d.Ledger.Registry.MissionParty ?? "mission", EntryKinds.PartyRegister, body, Core.Access.Visibility.Public, ct);
            Deployment.SaveKey(d.Directory, key);
            Console.WriteLine($"party {pid} registered at entry {at}, key {key.KeyId}");
        }, [data, id, kind, name, witness, .. through.All]));
        var data2 = Cli.Data();
        party.Subcommands.Add(Cli.Command("list", "List parties", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data2)!, Cli.Time);
            foreach (var p in d.Ledger.WithRegistry(r => r.Parties.OrderBy(p => p.RegisteredAt).ToList()))
            {
                Console.WriteLine($"{p.Id,-14} {p.Kind,-26} {p.DisplayName}");
            }
        }, data2));
        return party;
    }

    /// <summary>What a signed entry is made from, on the command line: the party, the kind, the body file, who may read it.</summary>
    sealed class EntryOptions
    {
        public Option<string> Party { get; } = PartyOption();
        public Option<string> Kind { get; } = new("--kind") { Description = "The entry kind, e.g. note", Required = true };
        public Option<string> Body { get; } = new("--body") { Description = "A JSON file with the body ('-' for stdin)", Required = true };
        public Option<string> Visibility { get; } = new("--visibility") { Description = "public, mission, party or restricted", DefaultValueFactory = _ => "public" };
        public Option<string[]> To { get; } = new("--to") { Description = "For restricted entries: the parties that may read it", AllowMultipleArgumentsPerToken = true };

        public Option[] All => [Party, Kind, Body, Visibility, To];

        /// <summary>Reads the body, signs it with the party's key in <paramref name="dir"/>, for that deployment's log.</summary>
        public async Task<(JsonElement Env, JsonElement Body)> SignAsync(ParseResult pr, string dir, CancellationToken ct)
        {
            var path = pr.GetValue(Body)!;
            var text = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            JsonNode body;
            try
            {
                body = JsonNode.Parse(text) ?? throw new ValidationException("--body", "is null");
            }
            catch (JsonException e)
            {
                throw new ValidationException("--body", $"is not valid JSON: {e.Message}");
            }
            var visibility = pr.GetValue(Visibility) switch
            {
                "public" => Core.Access.Visibility.Public,
                "mission" => Core.Access.Visibility.Mission,
                "party" => Core.Access.Visibility.Party,
                "restricted" => Core.Access.Visibility.Restricted,
                _ => throw new ValidationException("--visibility", "must be public, mission, party or restricted"),
            };
            var pid = pr.GetValue(Party)!;
            if (!Deployment.Exists(dir))
            {
                throw new ValidationException("--data", $"{dir} holds no Truce deployment: the party's key (keys/{pid}.key) and the log's origin come from it");
            }
            using var deploymentJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "deployment.json"), ct));
            var origin = deploymentJson.RootElement.GetProperty("origin").GetString()!;
            var key = Deployment.LoadKey(dir, pid);
            var (env, b) = EntryBuilder.Build(origin, pr.GetValue(Kind)!, key, body, Cli.Time.GetUtcNow(), visibility, pr.GetValue(To));
            return (env, b);
        }
    }

    /// <summary>Signs without submitting: the request body of POST /api/entries, for shell users and other clients.</summary>
    public static Command Sign()
    {
        var data = Cli.Data();
        var entry = new EntryOptions();
        return Cli.Command("sign", "Sign a JSON body as a party and print {envelope, body}, ready for POST /api/entries; submits nothing", async (pr, ct) =>
        {
            var (env, b) = await entry.SignAsync(pr, pr.GetValue(data)!, ct);
            Console.WriteLine(JsonSerializer.Serialize(new { envelope = env, body = b }));
        }, [data, .. entry.All]);
    }

    public static Command Submit()
    {
        var data = Cli.Data();
        var entry = new EntryOptions();
        var server = new Option<string?>("--server") { Description = "Submit to this server (e.g. http://127.0.0.1:5080) instead of the local deployment" };
        var token = new Option<string?>("--token") { Description = "API token for --server (default: keys/<party>-admin.token)" };
        return Cli.Command("submit", "Sign a JSON body as a party and submit it", async (pr, ct) =>
        {
            var dir = pr.GetValue(data)!;
            var (env, b) = await entry.SignAsync(pr, dir, ct);
            var pid = pr.GetValue(entry.Party)!;
            if (pr.GetValue(server) is { } url)
            {
                var tok = pr.GetValue(token) ?? (await File.ReadAllTextAsync(Path.Combine(dir, "keys", $"{pid}-admin.token"), ct)).Trim();
                var (answer, _) = await Cli.PostAsync(url, tok, "/api/entries", new { envelope = env, body = b }, "server", ct);
                Console.WriteLine(answer);
                return;
            }
            await using var d = Deployment.Open(dir, Cli.Time);
            var at = await d.Ledger.SubmitAsync(env, b, d.SystemCaller(pid), ct);
            Console.WriteLine($"entry {at.Index} (checkpoint size {at.CheckpointSize})");
        }, [data, .. entry.All, server, token]);
    }
}
