using System.Text.Json;
using Truce.Ledger.Merkle;

namespace Truce.Ledger.Tests;

/// <summary>transparency-dev/merkle's RFC 6962 proof vectors, read from ../shared/testdata.</summary>
public class MerkleVectorTests
{
    public static TheoryData<string> InclusionFiles() => [.. TestData.Files("rfc6962-proofs/inclusion")];

    public static TheoryData<string> ConsistencyFiles() => [.. TestData.Files("rfc6962-proofs/consistency")];

    static List<byte[]>? Proof(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? null : [.. e.EnumerateArray().Select(h => h.GetBytesFromBase64())];

    static byte[] Bytes(JsonElement e) => e.ValueKind == JsonValueKind.Null ? [] : e.GetBytesFromBase64();

    [Theory]
    [MemberData(nameof(InclusionFiles))]
    public void Inclusion_vector_gives_the_expected_verdict(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var v = doc.RootElement;
        // Indexes beyond int64 (uint64 wrap-arounds in the vectors) cannot even be asked of Truce: a refusal.
        string? why = "out of range";
        var representable = v.GetProperty("leafIdx").TryGetInt64(out var index) & v.GetProperty("treeSize").TryGetInt64(out var size);
        var ok = representable && ProofVerifier.VerifyInclusion(index, size,
            Bytes(v.GetProperty("leafHash")), Proof(v.GetProperty("proof")), Bytes(v.GetProperty("root")), out why);
        Assert.True(ok == !v.GetProperty("wantErr").GetBoolean(), $"{file}: verdict {ok} ({why})");
    }

    [Theory]
    [MemberData(nameof(ConsistencyFiles))]
    public void Consistency_vector_gives_the_expected_verdict(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var v = doc.RootElement;
        string? why = "out of range";
        var representable = v.GetProperty("size1").TryGetInt64(out var size1) & v.GetProperty("size2").TryGetInt64(out var size2);
        var ok = representable && ProofVerifier.VerifyConsistency(size1, size2,
            Bytes(v.GetProperty("root1")), Bytes(v.GetProperty("root2")), Proof(v.GetProperty("proof")), out why);
        Assert.True(ok == !v.GetProperty("wantErr").GetBoolean(), $"{file}: verdict {ok} ({why})");
    }

    static readonly byte[][] RfcLeaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
            .Select(Convert.FromHexString)];

    [Fact]
    public void Tree_of_the_eight_RFC_leaves_has_the_published_root()
    {
        var store = MemoryLogStore.WithLeaves(RfcLeaves);
        Assert.Equal("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
            Convert.ToHexStringLower(Proofs.TreeHash(8, store)));
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            Convert.ToHexStringLower(Hashing.Leaf(RfcLeaves[0])));
    }

    [Theory]
    [InlineData(0, 8, 3)]
    [InlineData(5, 8, 3)]
    [InlineData(6, 7, 2)]
    public void Produced_inclusion_proofs_match_the_vectors(long index, long size, int length)
    {
        var store = MemoryLogStore.WithLeaves(RfcLeaves);
        var proof = Proofs.Inclusion(index, size, store);
        Assert.Equal(length, proof.Count);
        var file = TestData.Files("rfc6962-proofs/inclusion").Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement)
            .FirstOrDefault(v => !v.GetProperty("wantErr").GetBoolean() && v.GetProperty("leafIdx").GetInt64() == index
                && v.GetProperty("treeSize").GetInt64() == size);
        if (file.ValueKind != JsonValueKind.Undefined)
        {
            Assert.Equal(Proof(file.GetProperty("proof"))!.Select(Convert.ToBase64String), proof.Select(Convert.ToBase64String));
        }
        Assert.True(ProofVerifier.VerifyInclusion(index, size, Hashing.Leaf(RfcLeaves[index]), proof, Proofs.TreeHash(size, store), out _));
    }
}
