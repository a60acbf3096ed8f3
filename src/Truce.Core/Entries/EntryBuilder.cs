using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Entries;

/// <summary>A party's signing key as the CLI and tests hold it: the seed never leaves the party's machine.</summary>
public sealed class SigningKey
{
    public SigningKey(string party, byte[] seed)
    {
        Party = party;
        Seed = seed;
        Pair = new(seed);
        KeyId = Registry.KeyIdOf(Pair.PublicKey);
    }

    public string Party { get; }
    public byte[] Seed { get; }

    /// <summary>The seed imported once: a party signs many entries with it.</summary>
    public Ledger.Crypto.Ed25519KeyPair Pair { get; }

    public byte[] PublicKey => Pair.PublicKey;
    public string KeyId { get; }

    public static SigningKey New(string party) => new(party, Ledger.Crypto.Ed25519.NewSeed());

    public JsonObject Describe(DateTimeOffset validFrom) => new()
    {
        ["id"] = KeyId,
        ["publicKey"] = Convert.ToBase64String(PublicKey),
        ["validFrom"] = Envelope.FormatTime(validFrom),
    };
}

/// <summary>Builds and signs an entry on the author's side: canonical body, its digest, the envelope, the signature.</summary>
public static class EntryBuilder
{
    public static (JsonElement Envelope, JsonElement Body) Build(string origin, string kind, SigningKey key, JsonNode body,
        DateTimeOffset time, Visibility visibility = Visibility.Public, IReadOnlyList<string>? to = null, string? cid = null, bool serverHeld = false)
    {
        if (visibility != Visibility.Public && body is JsonObject o && !o.ContainsKey("nonce"))
        {
            o["nonce"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        }
        var bodyElement = JsonSerializer.SerializeToElement(body);
        var env = new Envelope
        {
            Log = origin,
            Kind = kind,
            Party = key.Party,
            Key = key.KeyId,
            Time = DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds()),
            // Time-ordered (UUIDv7): a log's replay index is keyed by (party, cid), and ids that grow with time
            // are inserted at the end of their party's range, a page per batch rather than a page per entry.
            Cid = cid ?? Guid.CreateVersion7().ToString("n"),
            Body = Envelope.DigestOf(CanonicalJson.Canonicalize(bodyElement)),
            Vis = visibility.Label(),
            To = to ?? [],
            // A key its party left with the server says so on every entry it signs (docs/PROTOCOL.md §3).
            Signer = serverHeld ? "server" : null,
        }.SignWith(key.Pair);
        return (JsonSerializer.SerializeToElement(env.ToJson(true)), bodyElement);
    }
}
