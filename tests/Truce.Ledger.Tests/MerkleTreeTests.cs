using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Ledger.Merkle;

namespace Truce.Ledger.Tests;

public class MerkleTreeTests
{
    static byte[] LeafData(int i) => BitConverter.GetBytes(i * 7919);

    static readonly MemoryLogStore Store = MemoryLogStore.WithLeaves(Enumerable.Range(0, 3000).Select(LeafData));

    /// <summary>MTH exactly as RFC 9162 §2.1.1 writes it, recursively over the leaf data.</summary>
    static byte[] ReferenceHash(int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return Hashing.Empty();
        }
        if (n == 1)
        {
            return Hashing.Leaf(LeafData(start));
        }
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }
        return Hashing.Node(ReferenceHash(start, start + k), ReferenceHash(start + k, end));
    }

    static IReadOnlyList<byte[]> FlipBit(IReadOnlyList<byte[]> proof, int hash, int bit)
    {
        var copy = proof.Select(p => (byte[])p.Clone()).ToList();
        copy[hash][bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    [Fact]
    public void Tree_hash_matches_the_RFC_definition_at_every_size_to_130()
    {
        for (int n = 0; n <= 130; n++)
        {
            Assert.Equal(ReferenceHash(0, n), Proofs.TreeHash(n, Store));
        }
    }

    [Fact]
    public void Every_inclusion_proof_to_size_48_verifies_and_fails_after_any_bit_flip()
    {
        for (int n = 1; n <= 48; n++)
        {
            var root = Proofs.TreeHash(n, Store);
            for (int i = 0; i < n; i++)
            {
                var leaf = Hashing.Leaf(LeafData(i));
                var proof = Proofs.Inclusion(i, n, Store);
                Assert.True(ProofVerifier.VerifyInclusion(i, n, leaf, proof, root, out var why), why);
                for (int h = 0; h < proof.Count; h++)
                {
                    for (int bit = 0; bit < 256; bit += 37)
                    {
                        Assert.False(ProofVerifier.VerifyInclusion(i, n, leaf, FlipBit(proof, h, bit), root, out _));
                    }
                }
                if (n > 1)
                {
                    Assert.False(ProofVerifier.VerifyInclusion((i + 1) % n, n, leaf, proof, root, out _));
                }
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_to_size_48_verifies_and_fails_after_any_bit_flip()
    {
        for (int n = 1; n <= 48; n++)
        {
            var root2 = Proofs.TreeHash(n, Store);
            for (int m = 1; m <= n; m++)
            {
                var root1 = Proofs.TreeHash(m, Store);
                var proof = Proofs.Consistency(m, n, Store);
                Assert.True(ProofVerifier.VerifyConsistency(m, n, root1, root2, proof, out var why), $"{m}->{n}: {why}");
                for (int h = 0; h < proof.Count; h++)
                {
                    for (int bit = 0; bit < 256; bit += 41)
                    {
                        Assert.False(ProofVerifier.VerifyConsistency(m, n, root1, root2, FlipBit(proof, h, bit), out _));
                    }
                }
            }
        }
    }

    [Property(MaxTest = 200)]
    public Property Inclusion_proofs_verify_at_random_sizes_and_fail_when_altered(PositiveInt sizeSeed, NonNegativeInt indexSeed, NonNegativeInt bitSeed)
    {
        var n = (sizeSeed.Get % 2999) + 1;
        var i = indexSeed.Get % n;
        var root = Proofs.TreeHash(n, Store);
        var leaf = Hashing.Leaf(LeafData(i));
        var proof = Proofs.Inclusion(i, n, Store);
        var ok = ProofVerifier.VerifyInclusion(i, n, leaf, proof, root, out _);
        var altered = proof.Count == 0 || !ProofVerifier.VerifyInclusion(i, n, leaf,
            FlipBit(proof, bitSeed.Get % proof.Count, bitSeed.Get % 256), root, out _);
        var wrongLeaf = !ProofVerifier.VerifyInclusion(i, n, Hashing.Leaf([1, 2, 3]), proof, root, out _);
        return (ok && altered && wrongLeaf).Label($"size {n} index {i}");
    }

    [Property(MaxTest = 200)]
    public Property Consistency_proofs_verify_at_random_sizes_and_fail_when_altered(PositiveInt a, PositiveInt b, NonNegativeInt bitSeed)
    {
        var n = (Math.Max(a.Get, b.Get) % 2999) + 1;
        var m = (Math.Min(a.Get, b.Get) % n) + 1;
        var root1 = Proofs.TreeHash(m, Store);
        var root2 = Proofs.TreeHash(n, Store);
        var proof = Proofs.Consistency(m, n, Store);
        var ok = ProofVerifier.VerifyConsistency(m, n, root1, root2, proof, out _);
        var altered = proof.Count == 0 || !ProofVerifier.VerifyConsistency(m, n, root1, root2,
            FlipBit(proof, bitSeed.Get % proof.Count, bitSeed.Get % 256), out _);
        return (ok && altered).Label($"{m} -> {n}");
    }

    [Fact]
    public void Compact_range_reloaded_from_the_store_continues_the_same_tree()
    {
        var range = CompactRange.Load(1000, Store);
        var nodes = new List<(NodeId, byte[])>();
        for (int i = 1000; i < 1100; i++)
        {
            range.Append(Hashing.Leaf(LeafData(i)), nodes);
        }
        Assert.Equal(ReferenceHash(0, 1100), range.RootHash());
    }
}
