using System.Text;
using Truce.Ledger.Crypto;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Ledger.Tiles;
using Truce.Ledger.Verification;

namespace Truce.Ledger.Tests;

public class SequencerTests
{
    sealed class RefuseOdd : IAdmission
    {
        public void Admit(byte[] leaf, object? tag)
        {
            if (tag is int i && i % 2 == 1)
            {
                throw new InvalidOperationException("odd");
            }
        }

        public void Rollback() { }
    }

    [Fact]
    public async Task Concurrent_appends_get_distinct_indexes_and_a_checkpoint_that_covers_them()
    {
        var store = new MemoryLogStore();
        var signer = new NoteSigner("test.example/log", Ed25519.NewSeed());
        await using var seq = new Sequencer(store, signer, new RefuseOdd());
        var tasks = Enumerable.Range(0, 1000).Select(i => seq.AppendAsync(Encoding.UTF8.GetBytes($"entry {i}"), i)).ToList();
        var results = new List<Appended>();
        var refused = 0;
        foreach (var t in tasks)
        {
            try
            {
                results.Add(await t);
            }
            catch (InvalidOperationException)
            {
                refused++;
            }
        }
        Assert.Equal(500, refused);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), results.Select(r => r.Index).Order());
        Assert.All(results, r => Assert.True(r.CheckpointSize > r.Index));
        var cp = SignedCheckpoint.Open(seq.CheckpointNote, signer.Verifier).Checkpoint;
        Assert.Equal(500, cp.Size);
        Assert.Equal(Proofs.TreeHash(500, store), cp.RootHash);
        var leaf = store.ReadLeaves(7, 1)[0];
        Assert.True(ProofVerifier.VerifyInclusion(7, 500, Hashing.Leaf(leaf), Proofs.Inclusion(7, 500, store), cp.RootHash, out _));
    }

    [Fact]
    public async Task A_failed_store_fails_the_batch_and_the_log_goes_on_where_it_was()
    {
        var store = new MemoryLogStore();
        var signer = new NoteSigner("test.example/log", Ed25519.NewSeed());
        await using var seq = new Sequencer(store, signer);
        await seq.AppendAsync([1]);
        store.FailAppend = _ => true;
        await Assert.ThrowsAsync<LogUnavailableException>(() => seq.AppendAsync([2]));
        store.FailAppend = null;
        var next = await seq.AppendAsync([3]);
        Assert.Equal(1, next.Index);
        Assert.Equal(Proofs.TreeHash(2, store), SignedCheckpoint.Open(seq.CheckpointNote, signer.Verifier).Checkpoint.RootHash);
    }

    [Fact]
    public async Task Cosignatures_are_added_to_the_current_checkpoint_only()
    {
        var store = new MemoryLogStore();
        var signer = new NoteSigner("test.example/log", Ed25519.NewSeed());
        await using var seq = new Sequencer(store, signer);
        await seq.AppendAsync([1]);
        var text = SignedNote.Parse(seq.CheckpointNote).Text;
        var cosig = Cosignature.Sign("witness.a", Ed25519.NewSeed(), text, 1);
        Assert.True(seq.AddCosignatures(text, [cosig]));
        Assert.Equal(2, SignedNote.Parse(store.LoadHead().CheckpointNote!).Signatures.Count);
        await seq.AppendAsync([2]);
        Assert.False(seq.AddCosignatures(text, [cosig]));
    }

    [Fact]
    public async Task Oversized_entries_are_refused_before_they_are_queued()
    {
        var store = new MemoryLogStore();
        await using var seq = new Sequencer(store, new NoteSigner("t", Ed25519.NewSeed()));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => seq.AppendAsync(new byte[70000]));
        Assert.Contains("65535", e.Message);
    }

    [Fact]
    public async Task Auditor_accepts_an_exported_log_and_names_changed_missing_and_reordered_entries()
    {
        var store = new MemoryLogStore();
        var signer = new NoteSigner("test.example/log", Ed25519.NewSeed());
        await using var seq = new Sequencer(store, signer);
        await Task.WhenAll(Enumerable.Range(0, 600).Select(i => seq.AppendAsync(Encoding.UTF8.GetBytes($"e{i}"))));
        var saved = seq.CheckpointNote;
        var dir = Directory.CreateTempSubdirectory("truce-audit").FullName;
        await LogTiles.ExportAsync(store, seq.CheckpointNote, dir);
        var auditor = new LogAuditor(new DirectoryTileSource(dir), signer.Verifier);
        Assert.True((await auditor.AuditAsync(saved)).Ok);

        // Change entry 3 in its bundle.
        var bundlePath = Path.Combine(dir, "tile", "entries", "000");
        var original = await File.ReadAllBytesAsync(bundlePath);
        var entries = EntryBundle.Decode(original);
        entries[3] = Encoding.UTF8.GetBytes("e3-edited");
        await File.WriteAllBytesAsync(bundlePath, EntryBundle.Encode(entries));
        var report = await auditor.AuditAsync();
        Assert.Contains(report.Problems, p => p.Index == 3 && p.Message.StartsWith("changed", StringComparison.Ordinal));

        // Swap entries 5 and 6.
        entries = EntryBundle.Decode(original);
        (entries[5], entries[6]) = (entries[6], entries[5]);
        await File.WriteAllBytesAsync(bundlePath, EntryBundle.Encode(entries));
        report = await auditor.AuditAsync();
        Assert.Contains(report.Problems, p => p.Index == 5 && p.Message.Contains("reordered", StringComparison.Ordinal));

        // Drop entry 9.
        entries = EntryBundle.Decode(original);
        entries.RemoveAt(9);
        await File.WriteAllBytesAsync(bundlePath, EntryBundle.Encode(entries));
        report = await auditor.AuditAsync();
        Assert.Contains(report.Problems, p => p.Message.Contains("entries are missing", StringComparison.Ordinal));

        // A different checkpoint of a bigger size signed by another key.
        await File.WriteAllBytesAsync(bundlePath, original);
        var forger = new NoteSigner("test.example/log", Ed25519.NewSeed());
        await File.WriteAllTextAsync(Path.Combine(dir, "checkpoint"), SignedNote.Sign(SignedNote.Parse(saved).Text, forger).Serialize());
        report = await auditor.AuditAsync();
        Assert.Contains("does not verify", Assert.Single(report.Problems).Message);
        Directory.Delete(dir, true);
    }
}
