using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Entries;

/// <summary>
/// Checks an entry's body against its kind and the registry before it is admitted; every problem names the field.
/// Registry bodies are read by <see cref="Registry.Apply"/>, which trusts what passed here.
/// </summary>
public static partial class BodyRules
{
    public const int MaxNameLength = 200;

    public static void Check(long index, Envelope env, JsonElement body, Registry registry, Modules.IModule? module = null)
    {
        CheckVisibility(env, body);
        switch (env.Kind)
        {
            case EntryKinds.Genesis:
                Only(body, "body", env.Kind, "deployment", "mission");
                Genesis(index, env, body);
                break;
            case EntryKinds.PartyRegister:
                RequireMission(env, registry);
                PartyBody(body, "body", registry);
                break;
            case EntryKinds.KeyAdd:
                Only(body, "body", env.Kind, "party", "key");
                var owner = ExistingParty(body, "party", registry);
                RequireSelfOrMission(env, owner, registry);
                KeyBody(body.GetProperty("key"), "body.key", registry);
                break;
            case EntryKinds.KeyRevoke:
                Only(body, "body", env.Kind, "key", "reason");
                var keyId = Str(body, "key", "body.key");
                var key = registry.FindKey(keyId) ?? throw new ValidationException("body.key", $"'{keyId}' is not a registered key");
                RequireSelfOrMission(env, key.Party, registry);
                Str(body, "reason", "body.reason");
                break;
            case EntryKinds.MemberAdd:
                MemberAdd(env, body, registry);
                break;
            case EntryKinds.MemberRemove:
                Only(body, "body", env.Kind, "id", "reason");
                var member = registry.FindMember(Id(body, "id", "body.id")) ?? throw new ValidationException("body.id", "is not a member");
                RequireSelfOrMission(env, member.Party, registry);
                break;
            case EntryKinds.Erase:
                Only(body, "body", env.Kind, "target", "reason");
                Index(body, "target", "body.target", index);
                Str(body, "reason", "body.reason");
                break;
            case EntryKinds.Note:
                Only(body, "body", env.Kind, "text", "synthetic");
                Str(body, "text", "body.text", 10_000);
                break;
            case EntryKinds.ReportPublish:
                ReportPublish(index, env, body, registry);
                break;
            default:
                if (module is null)
                {
                    throw new ValidationException("envelope.kind", $"'{env.Kind}' is not a kind this deployment knows");
                }
                module.Check(index, env, body, registry);
                break;
        }
    }

    /// <summary>What every body must be: an object, public for the registry's kinds, with a nonce if not public.</summary>
    static void CheckVisibility(Envelope env, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("body", "must be a JSON object");
        }
        if (EntryKinds.IsRegistry(env.Kind) && env.Visibility != Visibility.Public)
        {
            throw new ValidationException("envelope.vis", $"{env.Kind} entries are public, so that anyone can check every signature");
        }
        if (env.Visibility != Visibility.Public && !(body.TryGetProperty("nonce", out var n) && n.ValueKind == JsonValueKind.String && n.GetString()!.Length >= 16))
        {
            // Without a random nonce, the public digest of a short private body (a name, a yes/no) could be guessed.
            throw new ValidationException("body.nonce", "a non-public body carries a random nonce of at least 16 characters");
        }
    }

    static void MemberAdd(Envelope env, JsonElement body, Registry registry)
    {
        Only(body, "body", env.Kind, "party", "id", "name", "roles");
        var party = ExistingParty(body, "party", registry);
        RequireSelfOrMission(env, party, registry);
        // A member id names one person of one party for good: adding it again would move it (and its tokens) to the
        // adder's party, and bring a removed member back with its old tokens.
        var id = Id(body, "id", "body.id");
        if (registry.FindMember(id) is { } existing)
        {
            throw new ValidationException("body.id", $"'{id}' is a member of '{existing.Party}' already{(existing.Removed ? " (removed: an id is not reused)" : "")}; choose another id");
        }
        Str(body, "name", "body.name");
        var roles = Arr(body, "roles", "body.roles");
        foreach (var (r, i) in roles.Select((r, i) => (r, i)))
        {
            if (r.ValueKind != JsonValueKind.String || !Roles.All.Contains(r.GetString()!))
            {
                throw new ValidationException($"body.roles[{i}]", $"must be one of {string.Join(", ", Roles.All)}");
            }
        }
    }

    static void Genesis(long index, Envelope env, JsonElement body)
    {
        if (index != 0)
        {
            throw new ValidationException("envelope.kind", "genesis is the log's first entry and only that");
        }
        if (body.TryGetProperty("deployment", out var d) is false || d.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("body.deployment", "is required (name, description, synthetic)");
        }
        Str(d, "name", "body.deployment.name");
        var mission = Obj(body, "mission", "body.mission");
        PartyBody(mission, "body.mission", new Registry());
        var keys = mission.GetProperty("keys").EnumerateArray().ToList();
        var signer = keys.FirstOrDefault(k => k.GetProperty("id").GetString() == env.Key);
        if (signer.ValueKind == JsonValueKind.Undefined || mission.GetProperty("id").GetString() != env.Party)
        {
            throw new ValidationException("envelope.key", "the genesis entry is signed by a key of the mission party it declares");
        }
        if (Registry.CheckSignerLabel(env, signer.TryGetProperty("serverHeld", out var held) && held.ValueKind == JsonValueKind.True) is { } label)
        {
            throw new ValidationException("envelope.signer", label);
        }
        if (!env.VerifySignature(Convert.FromBase64String(signer.GetProperty("publicKey").GetString()!)))
        {
            throw new RefusedException(RefusalKind.BadSignature, "the genesis signature does not verify with the key it declares");
        }
    }

    static void PartyBody(JsonElement p, string at, Registry registry)
    {
        Only(p, at, "a party", "id", "kind", "names", "keys", "witness");
        var id = Id(p, "id", $"{at}.id");
        if (registry.FindParty(id) is not null)
        {
            throw new ValidationException($"{at}.id", $"party '{id}' is already registered");
        }
        var kind = Str(p, "kind", $"{at}.kind");
        if (!PartyKinds.All.Contains(kind))
        {
            throw new ValidationException($"{at}.kind", $"must be one of {string.Join(", ", PartyKinds.All)}");
        }
        var names = Obj(p, "names", $"{at}.names");
        if (!names.EnumerateObject().Any() || names.EnumerateObject().Any(n => n.Value.ValueKind != JsonValueKind.String))
        {
            throw new ValidationException($"{at}.names", "maps a language or convention to the party's name, at least one");
        }
        var keys = Arr(p, "keys", $"{at}.keys");
        for (int i = 0; i < keys.Count; i++)
        {
            KeyBody(keys[i], $"{at}.keys[{i}]", registry);
        }
        if (p.TryGetProperty("witness", out var w))
        {
            try
            {
                Ledger.Notes.NoteKeys.ParseVerifier(w.ValueKind == JsonValueKind.String ? w.GetString()! : "");
            }
            catch (FormatException e)
            {
                throw new ValidationException($"{at}.witness", e.Message);
            }
        }
    }

    static void KeyBody(JsonElement k, string at, Registry registry)
    {
        Only(k, at, "a key", "id", "publicKey", "validFrom", "validUntil", "serverHeld");
        var id = Id(k, "id", $"{at}.id");
        var pubText = Str(k, "publicKey", $"{at}.publicKey");
        byte[] pub;
        try
        {
            pub = Convert.FromBase64String(pubText);
        }
        catch (FormatException)
        {
            throw new ValidationException($"{at}.publicKey", "must be base64");
        }
        if (!Registry.IsAcceptableKey(pub))
        {
            throw new ValidationException($"{at}.publicKey", "must be a 32-byte Ed25519 public key of full order");
        }
        if (id != Registry.KeyIdOf(pub))
        {
            throw new ValidationException($"{at}.id", $"must be {Registry.KeyIdOf(pub)}, derived from the public key");
        }
        if (registry.FindKey(id) is not null)
        {
            throw new ValidationException($"{at}.id", $"key '{id}' is already registered");
        }
        Time(k, "validFrom", $"{at}.validFrom");
        if (k.TryGetProperty("validUntil", out _))
        {
            Time(k, "validUntil", $"{at}.validUntil");
        }
        if (k.TryGetProperty("serverHeld", out var held) && held.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            // Registry.Apply reads it as a boolean, after admission: anything else would fail there, not here.
            throw new ValidationException($"{at}.serverHeld", "must be true or false");
        }
    }

    /// <summary>
    /// Strict bodies for the registry's and the ledger's own kinds: a field not among <paramref name="fields"/> is
    /// refused by name (module kinds are held to theirs by <see cref="FieldTracker"/>). A body's nonce is always allowed.
    /// </summary>
    static void Only(JsonElement o, string at, string what, params string[] fields)
    {
        if (o.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var unknown = o.EnumerateObject().Select(p => p.Name).Where(n => !fields.Contains(n) && !(at == "body" && n == "nonce")).Take(100).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationException([.. unknown.Select(n => new FieldError($"{at}.{n}", $"is not a field of {what} (misspelt?)"))]);
        }
    }

    static void RequireMission(Envelope env, Registry registry)
    {
        if (env.Party != registry.MissionParty)
        {
            throw new RefusedException(RefusalKind.Forbidden, $"only the mission ({registry.MissionParty}) may submit {env.Kind}");
        }
    }

    static void RequireSelfOrMission(Envelope env, string party, Registry registry)
    {
        if (env.Party != party && env.Party != registry.MissionParty)
        {
            throw new RefusedException(RefusalKind.Forbidden, $"only party '{party}' or the mission may submit this {env.Kind}");
        }
    }

    static string ExistingParty(JsonElement body, string name, Registry registry)
    {
        var id = Id(body, name, $"body.{name}");
        return registry.FindParty(id) is null ? throw new ValidationException($"body.{name}", $"'{id}' is not a registered party") : id;
    }

    public static string Str(JsonElement o, string name, string at, int max = MaxNameLength)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || v.GetString()!.Trim().Length == 0)
        {
            throw new ValidationException(at, "is a required, non-empty string");
        }
        var s = v.GetString()!;
        return s.Length <= max ? s : throw new ValidationException(at, $"is at most {max} characters");
    }

    static string Id(JsonElement o, string name, string at)
    {
        var s = Str(o, name, at, 64);
        return s.All(EnvelopeParser.IsIdChar) ? s : throw new ValidationException(at, "may hold only A–Z, a–z, 0–9 and . _ : / -");
    }

    static JsonElement Obj(JsonElement o, string name, string at) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw new ValidationException(at, "must be an object");

    static List<JsonElement> Arr(JsonElement o, string name, string at) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() <= 1000
            ? [.. v.EnumerateArray()] : throw new ValidationException(at, "must be an array of at most 1000 items");

    static void Time(JsonElement o, string name, string at)
    {
        var s = Str(o, name, at);
        if (!DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _))
        {
            throw new ValidationException(at, "must be an RFC 3339 time");
        }
    }

    static void Index(JsonElement o, string name, string at, long before)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var i) || i < 0 || i >= before)
        {
            throw new ValidationException(at, "must be the index of an earlier entry");
        }
    }
}
