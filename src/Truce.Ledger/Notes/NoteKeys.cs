using System.Security.Cryptography;
using System.Text;
using Truce.Ledger.Crypto;

namespace Truce.Ledger.Notes;

/// <summary>
/// Key names, key ids and the text forms of keys, as C2SP signed-note defines them for Ed25519 (type 0x01)
/// and as C2SP tlog-cosignature defines them for witness cosignatures (type 0x04).
/// </summary>
public static class NoteKeys
{
    public const byte Ed25519Type = 0x01;
    public const byte CosignatureType = 0x04;

    /// <summary>key id = first 4 bytes of SHA-256(name || 0x0A || type || public key).</summary>
    public static uint KeyId(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buf = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(buf, 0);
        buf[nameBytes.Length] = 0x0A;
        buf[nameBytes.Length + 1] = type;
        publicKey.CopyTo(buf.AsSpan(nameBytes.Length + 2));
        var h = SHA256.HashData(buf);
        return (uint)(h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3]);
    }

    /// <summary>A key name is non-empty, valid UTF-8 text with no Unicode spaces and no '+'.</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.Contains('+') && !name.Any(char.IsWhiteSpace) && !name.Any(char.IsControl);

    /// <summary>The verifier key text: name+hex(key id)+base64(0x01 || public key).</summary>
    public static string VerifierKey(string name, ReadOnlySpan<byte> publicKey)
    {
        RequireName(name);
        var id = KeyId(name, Ed25519Type, publicKey);
        return $"{name}+{id:x8}+{Convert.ToBase64String([Ed25519Type, .. publicKey])}";
    }

    /// <summary>A witness's verifier key as C2SP tlog-cosignature writes it: name+hex(key id)+base64(0x04 || public key).</summary>
    public static string CosignatureVerifierKey(string name, ReadOnlySpan<byte> publicKey)
    {
        RequireName(name);
        var id = KeyId(name, CosignatureType, publicKey);
        return $"{name}+{id:x8}+{Convert.ToBase64String([CosignatureType, .. publicKey])}";
    }

    /// <summary>The signer key text: PRIVATE+KEY+name+hex(key id)+base64(0x01 || seed).</summary>
    public static string SignerKey(string name, ReadOnlySpan<byte> seed)
    {
        RequireName(name);
        var id = KeyId(name, Ed25519Type, Ed25519.PublicKeyOf(seed));
        return $"PRIVATE+KEY+{name}+{id:x8}+{Convert.ToBase64String([Ed25519Type, .. seed])}";
    }

    /// <summary>Parses a verifier key, splitting on the first two '+' only (base64 may hold '+').</summary>
    public static NoteVerifier ParseVerifier(string text)
    {
        var first = text.IndexOf('+');
        var second = first < 0 ? -1 : text.IndexOf('+', first + 1);
        if (first <= 0 || second < 0)
        {
            throw new FormatException("a verifier key has the form name+keyid+key");
        }
        var name = text[..first];
        var idText = text[(first + 1)..second];
        RequireName(name);
        if (idText.Length != 8 || !uint.TryParse(idText, System.Globalization.NumberStyles.AllowHexSpecifier, null, out var id))
        {
            throw new FormatException("a verifier key's key id is 8 hex digits");
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text[(second + 1)..]);
        }
        catch (FormatException)
        {
            throw new FormatException("a verifier key's key is not base64");
        }
        if (key.Length != 1 + Ed25519.PublicKeySize || key[0] is not (Ed25519Type or CosignatureType))
        {
            throw new FormatException("a verifier key must be an Ed25519 key (type 0x01, or 0x04 for a witness's cosignatures; 32 bytes)");
        }
        var pub = key[1..];
        if (KeyId(name, key[0], pub) != id)
        {
            throw new FormatException("a verifier key's key id does not match its name and key");
        }
        return new NoteVerifier(name, id, pub) { Type = key[0] };
    }

    /// <summary>Parses a signer key of the form PRIVATE+KEY+name+keyid+base64(0x01 || seed).</summary>
    public static NoteSigner ParseSigner(string text)
    {
        const string prefix = "PRIVATE+KEY+";
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new FormatException("a signer key starts with PRIVATE+KEY+");
        }
        var rest = text[prefix.Length..];
        var parts = rest.Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException("a signer key has the form PRIVATE+KEY+name+keyid+key");
        }
        var key = Convert.FromBase64String(parts[2]);
        if (key.Length != 1 + Ed25519.SeedSize || key[0] != Ed25519Type)
        {
            throw new FormatException("a signer key must be an Ed25519 key (type 0x01, 32 bytes)");
        }
        var signer = new NoteSigner(parts[0], key[1..]);
        if (!string.Equals($"{signer.KeyId:x8}", parts[1], StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("a signer key's key id does not match its name and key");
        }
        return signer;
    }

    static void RequireName(string name)
    {
        if (!IsValidName(name))
        {
            throw new FormatException($"'{name}' is not a valid key name (non-empty, no spaces, no '+')");
        }
    }
}

/// <summary>Checks Ed25519 note signatures of one named key.</summary>
public sealed record NoteVerifier(string Name, uint KeyId, byte[] PublicKey)
{
    /// <summary>0x01 for a note signer (a log), 0x04 for a witness's cosignatures.</summary>
    public byte Type { get; init; } = NoteKeys.Ed25519Type;

    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature) => Ed25519.Verify(PublicKey, text, signature);

    public override string ToString() =>
        Type == NoteKeys.CosignatureType ? NoteKeys.CosignatureVerifierKey(Name, PublicKey) : NoteKeys.VerifierKey(Name, PublicKey);
}

/// <summary>Makes Ed25519 note signatures. Holds the seed in memory; never log it.</summary>
public sealed class NoteSigner
{
    readonly byte[] _seed;
    readonly Ed25519KeyPair _key;

    public NoteSigner(string name, byte[] seed)
    {
        Name = name;
        _seed = seed;
        _key = new Ed25519KeyPair(seed);
        PublicKey = _key.PublicKey;
        KeyId = NoteKeys.KeyId(name, NoteKeys.Ed25519Type, PublicKey);
    }

    public string Name { get; }
    public uint KeyId { get; }
    public byte[] PublicKey { get; }

    public NoteVerifier Verifier => new(Name, KeyId, PublicKey);

    public byte[] Sign(ReadOnlySpan<byte> text) => _key.Sign(text);

    public string SignerKeyText() => NoteKeys.SignerKey(Name, _seed);
}
