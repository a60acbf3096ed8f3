using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Ledger.Crypto;

namespace Truce.Ledger.Entries;

/// <summary>
/// The signed envelope of a ledger entry (SPEC §3.1). The leaf is the RFC 8785 canonical JSON of the whole
/// envelope, signature included; the author signs <see cref="SigningContext"/> followed by the canonical JSON
/// of the envelope without "sig". The body is not in the leaf: only its SHA-256 digest is, so a body can be
/// withheld or erased while the log still verifies. The ledger gives no meaning to kinds or parties.
/// </summary>
public sealed record Envelope
{
    /// <summary>Domain separation: an entry signature can never be mistaken for a signature of anything else.</summary>
    public const string SigningContext = "truce-entry/v1\n";

    public const int Version = 1;
    public const int MaxIdLength = 128;

    public required string Log { get; init; }
    public required string Kind { get; init; }
    public required string Party { get; init; }
    public required string Key { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string Cid { get; init; }
    public required string Body { get; init; }
    /// <summary>
    /// Who may read the body ("vis"), and the parties it names ("to"), as the author signed them. The ledger keeps
    /// both and gives them no meaning, as with kinds and parties: the application decides which labels exist and
    /// what they allow (Truce.Core.Access).
    /// </summary>
    public string Vis { get; init; } = "public";

    public IReadOnlyList<string> To { get; init; } = [];
    public long? Amends { get; init; }
    public long? Retracts { get; init; }
    /// <summary>"server" when the server signed with a key the party chose to leave with it; otherwise null.</summary>
    public string? Signer { get; init; }
    public string? Sig { get; init; }

    public static string FormatTime(DateTimeOffset t) => Rfc3339.FormatUtcMillis(t);

    public static string DigestOf(ReadOnlySpan<byte> canonicalBody) => Convert.ToHexStringLower(SHA256.HashData(canonicalBody));

    public JsonObject ToJson(bool withSignature)
    {
        var o = new JsonObject
        {
            ["v"] = Version,
            ["log"] = Log,
            ["kind"] = Kind,
            ["party"] = Party,
            ["key"] = Key,
            ["time"] = FormatTime(Time),
            ["cid"] = Cid,
            ["body"] = Body,
            ["vis"] = Vis,
        };
        if (To.Count > 0)
        {
            o["to"] = new JsonArray([.. To.Select(t => (JsonNode)JsonValue.Create(t)!)]);
        }
        if (Amends is { } a)
        {
            o["amends"] = a;
        }
        if (Retracts is { } r)
        {
            o["retracts"] = r;
        }
        if (Signer is not null)
        {
            o["signer"] = Signer;
        }
        if (withSignature && Sig is not null)
        {
            o["sig"] = Sig;
        }
        return o;
    }

    static byte[] Canonical(JsonObject o) => CanonicalJson.Canonicalize(JsonSerializer.SerializeToElement(o));

    /// <summary>The exact bytes the author signs.</summary>
    public byte[] SignedMessage() =>
        EnvelopeWriter.TryWrite(this, false, SigningContext) ?? [.. Encoding.UTF8.GetBytes(SigningContext), .. Canonical(ToJson(false))];

    /// <summary>The leaf: the canonical envelope with its signature.</summary>
    public byte[] ToLeaf()
    {
        if (Sig is null)
        {
            throw new InvalidOperationException("an envelope is signed before it becomes a leaf");
        }
        return EnvelopeWriter.TryWrite(this, true) ?? Canonical(ToJson(true));
    }

    public Envelope SignWith(Ed25519KeyPair key) => this with { Sig = Convert.ToBase64String(key.Sign(SignedMessage())) };

    public bool VerifySignature(ReadOnlySpan<byte> publicKey)
    {
        if (Sig is null)
        {
            return false;
        }
        Span<byte> sig = stackalloc byte[Ed25519.SignatureSize];
        return Convert.TryFromBase64String(Sig, sig, out var n) && n == Ed25519.SignatureSize
            && Ed25519.Verify(publicKey, SignedMessage(), sig);
    }

    public static Envelope FromLeaf(ReadOnlySpan<byte> leaf)
    {
        using var doc = CanonicalJson.Parse(leaf);
        var env = EnvelopeParser.Parse(doc.RootElement);
        if (!env.ToLeaf().AsSpan().SequenceEqual(leaf))
        {
            throw new EnvelopeException("envelope", "the stored envelope is not in canonical form");
        }
        return env;
    }
}

/// <summary>A malformed envelope; <see cref="Field"/> names the field at fault.</summary>
public sealed class EnvelopeException(string field, string problem) : FormatException($"{field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}
