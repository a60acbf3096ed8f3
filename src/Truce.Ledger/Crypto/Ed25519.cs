using NSec.Cryptography;

namespace Truce.Ledger.Crypto;

/// <summary>
/// Ed25519 through libsodium (NSec). libsodium's verification is cofactorless and rejects non-canonical R and S,
/// small-order R and A and non-canonical A, so it accepts a subset of what Go's crypto/ed25519 accepts:
/// nothing Truce admits can be refused by an auditor's Go tools (checked against the CCTV vectors in tests;
/// docs/SECURITY.md lists the extra rejections).
/// </summary>
public static class Ed25519
{
    public const int PublicKeySize = 32;
    public const int SeedSize = 32;
    public const int SignatureSize = 64;

    static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    public static byte[] NewSeed() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(SeedSize);

    public static byte[] PublicKeyOf(ReadOnlySpan<byte> seed)
    {
        using var key = ImportSeed(seed);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        using var key = ImportSeed(seed);
        return Algorithm.Sign(key, message);
    }

    /// <summary>A key imported once, for signing many messages.</summary>
    public static Key ImportSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"an Ed25519 seed is {SeedSize} bytes, not {seed.Length}", nameof(seed));
        }
        return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
    }

    public static byte[] Sign(Key key, ReadOnlySpan<byte> message) => Algorithm.Sign(key, message);

    /// <summary>True only for a valid signature under a well-formed key; never throws for bad input.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }
        if (!PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }
        return Algorithm.Verify(key, message, signature);
    }

    /// <summary>Whether a public key is one Truce will register: well-formed and not of small order.</summary>
    public static bool IsAcceptablePublicKey(ReadOnlySpan<byte> publicKey) =>
        publicKey.Length == PublicKeySize
        && PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) && key is not null;
}

/// <summary>
/// A private key imported once. Importing a seed costs more than two signatures (libsodium puts each private key in
/// its own guarded pages, an mmap and mprotect that stall every thread's page faults), so whatever signs more than
/// once (the log's checkpoints, a party's entries) holds one of these. The key's memory is wiped when it is freed.
/// </summary>
public sealed class Ed25519KeyPair
{
    readonly Key _key;

    public Ed25519KeyPair(ReadOnlySpan<byte> seed)
    {
        _key = Ed25519.ImportSeed(seed);
        PublicKey = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public byte[] PublicKey { get; }

    public byte[] Sign(ReadOnlySpan<byte> message) => Ed25519.Sign(_key, message);
}
