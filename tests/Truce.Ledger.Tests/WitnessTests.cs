using System.Text;
using Truce.Ledger.Crypto;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Ledger.Verification;

namespace Truce.Ledger.Tests;

/// <summary>A witness cosigns only a log that grows; a fork, a rollback or a forged checkpoint is refused.</summary>
public class WitnessTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    static async Task<(Sequencer Seq, MemoryLogStore Store)> Log(NoteSigner key, string prefix, int n)
    {
        var store = new MemoryLogStore();
        var seq = new Sequencer(store, key);
        for (int i = 0; i < n; i++)
        {
            await seq.AppendAsync(Encoding.UTF8.GetBytes($"{prefix} {i}"));
        }
        return (seq, store);
    }

    [Fact]
    public async Task Cosigns_a_growing_log_with_a_verifiable_cosignature()
    {
        var logKey = new NoteSigner("test.example/log", Ed25519.NewSeed());
        var witness = new Witness(logKey.Verifier, new NoteSigner("witness.a", Ed25519.NewSeed()));
        var (seq, store) = await Log(logKey, "entry", 10);
        await using var _ = seq;
        var first = seq.CheckpointNote;
        var c1 = witness.Check(null, first, [], Now);
        var w = NoteKeys.ParseVerifier(witness.VerifierKey);
        Assert.Equal(NoteKeys.CosignatureType, w.Type);
        Assert.True(Cosignature.Verify(c1, w.Name, w.PublicKey, SignedNote.Parse(first).Text, out var t));
        Assert.Equal((ulong)Now.ToUnixTimeSeconds(), t);

        for (int i = 0; i < 7; i++)
        {
            await seq.AppendAsync(Encoding.UTF8.GetBytes($"more {i}"));
        }
        var second = seq.CheckpointNote;
        witness.Check(first, second, Proofs.Consistency(10, 17, store), Now); // does not throw
        witness.Check(second, second, [], Now); // the same checkpoint again is fine
    }

    [Fact]
    public async Task Refuses_forks_rollbacks_bad_proofs_and_checkpoints_the_log_did_not_sign()
    {
        var logKey = new NoteSigner("test.example/log", Ed25519.NewSeed());
        var witness = new Witness(logKey.Verifier, new NoteSigner("witness.a", Ed25519.NewSeed()));
        var (honest, store) = await Log(logKey, "entry", 12);
        var (other, otherStore) = await Log(logKey, "rewritten", 12); // the operator's second history, same key
        await using var a = honest;
        await using var b = other;
        var e1 = Assert.Throws<WitnessException>(() => witness.Check(honest.CheckpointNote, other.CheckpointNote, [], Now));
        Assert.StartsWith("fork", e1.Message);

        var (longer, longerStore) = await Log(logKey, "rewritten", 20);
        await using var c = longer;
        var e2 = Assert.Throws<WitnessException>(() =>
            witness.Check(honest.CheckpointNote, longer.CheckpointNote, Proofs.Consistency(12, 20, longerStore), Now));
        Assert.StartsWith("fork", e2.Message);

        var (shorter, _) = await Log(logKey, "entry", 5);
        await using var d = shorter;
        Assert.StartsWith("rollback", Assert.Throws<WitnessException>(() => witness.Check(honest.CheckpointNote, shorter.CheckpointNote, [], Now)).Message);

        var (stranger, _) = await Log(new NoteSigner("test.example/log", Ed25519.NewSeed()), "entry", 12);
        await using var e = stranger;
        Assert.Contains("does not verify", Assert.Throws<WitnessException>(() => witness.Check(null, stranger.CheckpointNote, [], Now)).Message);
    }
}
