using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Crypto;
using Truce.Ledger.Entries;

namespace Truce.Core.Parties;

public sealed record PartyKey(string Id, string Party, byte[] PublicKey, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil,
    bool ServerHeld, long AddedAt)
{
    public long? RevokedAt { get; set; }
}

public sealed record Party(string Id, string Kind, IReadOnlyDictionary<string, string> Names, long RegisteredAt)
{
    public string? WitnessKey { get; init; }

    public string DisplayName => Names.TryGetValue("en", out var en) ? en : Names.Values.FirstOrDefault() ?? Id;
}

public sealed record Member(string Id, string Party, string Name, IReadOnlyList<string> Roles)
{
    public bool Removed { get; set; }
}

/// <summary>
/// Who is who, as the log says it: the deployment's genesis, parties, their keys (with validity, rotation and
/// revocation) and members. A pure function of the log's registry entries, applied in log order, so the server's
/// admission and an offline auditor reach the same verdict on every signature.
/// </summary>
public sealed class Registry
{
    readonly Dictionary<string, Party> _parties = new(StringComparer.Ordinal);
    readonly Dictionary<string, PartyKey> _keys = new(StringComparer.Ordinal);
    readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);

    public string? Origin { get; private set; }
    public string? MissionParty { get; private set; }
    public JsonElement? Deployment { get; private set; }

    /// <summary>The deployment's name as its genesis entry gives it ("Truce" before there is one).</summary>
    public string DeploymentName => Deployment?.GetProperty("name").GetString() ?? "Truce";

    /// <summary>Whether the genesis entry labels the deployment's data synthetic (a demo or an exercise).</summary>
    public bool Synthetic => Deployment?.TryGetProperty("synthetic", out var s) == true && s.GetBoolean();

    public IReadOnlyCollection<Party> Parties => _parties.Values;
    public IReadOnlyCollection<PartyKey> Keys => _keys.Values;
    public IReadOnlyCollection<Member> Members => _members.Values;

    public Party? FindParty(string id) => _parties.GetValueOrDefault(id);
    public PartyKey? FindKey(string id) => _keys.GetValueOrDefault(id);
    public Member? FindMember(string id) => _members.GetValueOrDefault(id);

    public bool IsMissionParty(string? party) =>
        party is not null && (party == MissionParty || (_parties.TryGetValue(party, out var p) && PartyKinds.IsMission(p.Kind)));

    /// <summary>
    /// Null if the envelope's key may sign it at this log index; otherwise why not. The signature itself is checked
    /// only if <paramref name="verifySignature"/> (the server checks it once, in parallel, before admission).
    /// </summary>
    public string? CheckSigner(long index, Envelope env, bool verifySignature = true)
    {
        if (index == 0 && env.Kind == EntryKinds.Genesis)
        {
            return null; // the genesis entry introduces the key that signs it; BodyRules checks that it does.
        }
        if (!_keys.TryGetValue(env.Key, out var key))
        {
            return $"key '{env.Key}' is not a registered key";
        }
        if (key.Party != env.Party)
        {
            return $"key '{env.Key}' belongs to party '{key.Party}', not '{env.Party}'";
        }
        if (key.RevokedAt is { } r && index > r)
        {
            return $"key '{env.Key}' was revoked by entry {r}";
        }
        if (env.Time < key.ValidFrom || (key.ValidUntil is { } until && env.Time > until))
        {
            return $"key '{env.Key}' is not valid at {Envelope.FormatTime(env.Time)}";
        }
        if (CheckSignerLabel(env, key.ServerHeld) is { } label)
        {
            return $"the envelope's signer {label}";
        }
        return !verifySignature || env.VerifySignature(key.PublicKey) ? null : "the signature does not verify with the party's key";
    }

    /// <summary>The one signer label (SPEC §3.2): the server signed, with a key its party chose to leave with it.</summary>
    public const string ServerSigner = "server";

    /// <summary>
    /// Null if the envelope's signer label tells the truth about its key: "server" exactly when the key is one its
    /// party left with the server, and no label otherwise; else what is wrong, worded to follow the field's name.
    /// A party cannot pass its own entry off as the server's, nor the server its own as the party's.
    /// </summary>
    public static string? CheckSignerLabel(Envelope env, bool serverHeld) => (env.Signer, serverHeld) switch
    {
        (null, false) or (ServerSigner, true) => null,
        (null, true) => $"is missing: key '{env.Key}' is held by the server for party '{env.Party}', and what the server signs says '{ServerSigner}'",
        (ServerSigner, false) => $"is '{ServerSigner}', but key '{env.Key}' is not one party '{env.Party}' left with the server",
        _ => $"'{env.Signer}' is not a signer label: the only one is '{ServerSigner}', for a key a party left with the server",
    };

    /// <summary>Applies a registry entry (others are ignored). The body has been validated by <see cref="BodyRules"/>.</summary>
    public void Apply(long index, Envelope env, JsonElement? body)
    {
        if (body is not { } b)
        {
            return;
        }
        switch (env.Kind)
        {
            case EntryKinds.Genesis:
                Origin = env.Log;
                Deployment = b.GetProperty("deployment").Clone();
                var mission = b.GetProperty("mission");
                MissionParty = mission.GetProperty("id").GetString();
                AddParty(index, mission);
                break;
            case EntryKinds.PartyRegister:
                AddParty(index, b);
                break;
            case EntryKinds.KeyAdd:
                AddKey(index, b.GetProperty("party").GetString()!, b.GetProperty("key"));
                break;
            case EntryKinds.KeyRevoke:
                if (_keys.TryGetValue(b.GetProperty("key").GetString()!, out var k))
                {
                    k.RevokedAt ??= index;
                }
                break;
            case EntryKinds.MemberAdd:
                var id = b.GetProperty("id").GetString()!;
                _members[id] = new Member(id, b.GetProperty("party").GetString()!, b.GetProperty("name").GetString()!,
                    [.. b.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)]);
                break;
            case EntryKinds.MemberRemove:
                if (_members.TryGetValue(b.GetProperty("id").GetString()!, out var m))
                {
                    m.Removed = true;
                }
                break;
        }
    }

    void AddParty(long index, JsonElement p)
    {
        var id = p.GetProperty("id").GetString()!;
        var names = p.GetProperty("names").EnumerateObject().ToDictionary(n => n.Name, n => n.Value.GetString()!, StringComparer.Ordinal);
        var witness = p.TryGetProperty("witness", out var w) ? w.GetString() : null;
        _parties[id] = new Party(id, p.GetProperty("kind").GetString()!, names, index) { WitnessKey = witness };
        foreach (var k in p.GetProperty("keys").EnumerateArray())
        {
            AddKey(index, id, k);
        }
    }

    void AddKey(long index, string party, JsonElement k)
    {
        var id = k.GetProperty("id").GetString()!;
        DateTimeOffset? until = k.TryGetProperty("validUntil", out var u) ? DateTimeOffset.Parse(u.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null;
        _keys.TryAdd(id, new PartyKey(id, party, Convert.FromBase64String(k.GetProperty("publicKey").GetString()!),
            DateTimeOffset.Parse(k.GetProperty("validFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture), until,
            k.TryGetProperty("serverHeld", out var sh) && sh.GetBoolean(), index));
    }

    /// <summary>A key id derived from the public key, so two parties cannot claim the same id for different keys.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> publicKey) =>
        "k" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(publicKey).AsSpan(0, 8));

    public static bool IsAcceptableKey(byte[] publicKey) => Ed25519.IsAcceptablePublicKey(publicKey);
}
