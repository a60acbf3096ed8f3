using System.Text;
using System.Text.Json;
using Truce.Ledger.Crypto;

namespace Truce.Ledger.Tests;

/// <summary>C2SP/CCTV's 914 Ed25519 edge cases with Go's crypto/ed25519 verdict: Truce never accepts what Go rejects.</summary>
public class Ed25519VectorTests
{
    [Fact]
    public void Truce_accepts_no_signature_that_Go_rejects_and_exactly_the_documented_subset_of_the_rest()
    {
        using var doc = TestData.Json("ed25519-cctv", "ed25519vectors.json");
        int total = 0, goAccepts = 0, trucesAccepts = 0;
        var acceptedFlags = new List<string>();
        foreach (var v in doc.RootElement.EnumerateArray())
        {
            total++;
            var key = Convert.FromHexString(v.GetProperty("key").GetString()!);
            var sig = Convert.FromHexString(v.GetProperty("sig").GetString()!);
            var msg = Encoding.UTF8.GetBytes(v.GetProperty("msg").GetString()!);
            var go = v.GetProperty("go_crypto_ed25519_accepts").GetBoolean();
            var flags = v.GetProperty("flags").ValueKind == JsonValueKind.Array
                ? v.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToList() : [];
            var truce = Ed25519.Verify(key, msg, sig);
            goAccepts += go ? 1 : 0;
            trucesAccepts += truce ? 1 : 0;
            Assert.False(truce && !go, $"vector {v.GetProperty("number")} is accepted by Truce but rejected by Go");
            if (truce)
            {
                // Whatever Truce accepts has no small-order R or A and no non-canonical encoding (docs/SECURITY.md);
                // points with a small-order component are accepted, as by Go.
                Assert.DoesNotContain(flags, f => f is "low_order_R" or "low_order_A" or "low_order_residue" || f.StartsWith("non_canonical", StringComparison.Ordinal));
            }
        }
        Assert.Equal(914, total);
        Assert.Equal(208, goAccepts);
        Assert.InRange(trucesAccepts, 1, 208);
    }

    [Fact]
    public void A_fresh_key_signs_and_verifies_and_a_flipped_bit_fails()
    {
        var seed = Ed25519.NewSeed();
        var sig = Ed25519.Sign(seed, "hello"u8);
        Assert.True(Ed25519.Verify(Ed25519.PublicKeyOf(seed), "hello"u8, sig));
        sig[10] ^= 1;
        Assert.False(Ed25519.Verify(Ed25519.PublicKeyOf(seed), "hello"u8, sig));
        Assert.False(Ed25519.Verify(new byte[31], "hello"u8, sig));
    }
}
