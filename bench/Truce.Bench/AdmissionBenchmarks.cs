using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Truce.Core.Entries;
using Truce.Ledger.Crypto;
using Truce.Ledger.Entries;

namespace Truce.Bench;

/// <summary>
/// The CPU an entry costs on the caller's thread before it reaches the sequencer, step by step, on one core.
/// <see cref="BareVerify"/> is the baseline: Ed25519 alone (libsodium via NSec), on bytes prepared beforehand.
/// The entries are the load driver's: a "note" with body {"text": ...}, signed by a registered party key.
/// </summary>
public class AdmissionBenchmarks
{
    const int Count = 1024;
    (JsonElement Env, JsonElement Body, Envelope Parsed, byte[] Message, byte[] Sig)[] _entries = [];
    byte[] _publicKey = [];
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        var key = SigningKey.New("az");
        _publicKey = key.PublicKey;
        var now = DateTimeOffset.UtcNow;
        _entries = [.. Enumerable.Range(0, Count).Select(i =>
        {
            var (env, body) = EntryBuilder.Build("bench.truce.invalid/log", EntryKinds.Note, key,
                new JsonObject { ["text"] = $"bench note {i}: patrol completed without incident (synthetic load)" }, now);
            var parsed = EnvelopeParser.Parse(env);
            return (env, body, parsed, parsed.SignedMessage(), Convert.FromBase64String(parsed.Sig!));
        })];
    }

    int Next() => _next++ & (Count - 1);

    [Benchmark(Baseline = true)]
    public bool BareVerify()
    {
        var e = _entries[Next()];
        return Ed25519.Verify(_publicKey, e.Message, e.Sig);
    }

    /// <summary>What admission verifies: the signed message rebuilt from the parsed envelope, then Ed25519.</summary>
    [Benchmark]
    public bool EnvelopeVerify() => _entries[Next()].Parsed.VerifySignature(_publicKey);

    [Benchmark]
    public Envelope ParseEnvelope() => EnvelopeParser.Parse(_entries[Next()].Env);

    [Benchmark]
    public byte[] SignedMessage() => _entries[Next()].Parsed.SignedMessage();

    [Benchmark]
    public byte[] ToLeaf() => _entries[Next()].Parsed.ToLeaf();

    [Benchmark]
    public byte[] CanonicalBody() => CanonicalJson.Canonicalize(_entries[Next()].Body);
}
