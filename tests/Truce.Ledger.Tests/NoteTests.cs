using System.Text;
using System.Text.Json;
using Truce.Ledger.Crypto;
using Truce.Ledger.Notes;

namespace Truce.Ledger.Tests;

public class NoteTests
{
    static JsonElement Vector => TestData.Json("signed-note", "vector.json").RootElement;

    [Fact]
    public void Signing_the_Go_vector_text_gives_exactly_the_Go_signed_note()
    {
        var signer = NoteKeys.ParseSigner(Vector.GetProperty("signer_key").GetString()!);
        var note = SignedNote.Sign(Vector.GetProperty("text").GetString()!, signer);
        Assert.Equal(Vector.GetProperty("signed_note").GetString(), note.Serialize());
        Assert.Equal(Vector.GetProperty("verifier_key").GetString(), signer.Verifier.ToString());
        Assert.Equal(Vector.GetProperty("signer_key").GetString(), signer.SignerKeyText());
    }

    [Fact]
    public void The_Go_signed_note_opens_with_its_verifier_key_and_fails_when_altered()
    {
        var verifier = NoteKeys.ParseVerifier(Vector.GetProperty("verifier_key").GetString()!);
        var signed = Vector.GetProperty("signed_note").GetString()!;
        var (note, by) = SignedNote.Open(signed, [verifier]);
        Assert.Equal(Vector.GetProperty("text").GetString(), note.Text);
        Assert.Single(by);
        Assert.Throws<NoteVerificationException>(() => SignedNote.Open(signed.Replace("cryptography", "Cryptography"), [verifier]));
    }

    [Fact]
    public void Unknown_signatures_are_kept_and_passed_on()
    {
        var log = new NoteSigner("example.org/log", Ed25519.NewSeed());
        var other = new NoteSigner("witness.example", Ed25519.NewSeed());
        var text = new Checkpoint("example.org/log", 3, new byte[32]).ToText();
        var note = SignedNote.Sign(text, log, other).Serialize();
        var (opened, by) = SignedNote.Open(note, [log.Verifier]);
        Assert.Equal(2, opened.Signatures.Count);
        Assert.Equal(note, opened.Serialize());
        Assert.Equal("example.org/log", Assert.Single(by).Name);
    }

    [Fact]
    public void Key_id_is_the_first_four_bytes_of_sha256_of_name_newline_type_key()
    {
        var verifier = NoteKeys.ParseVerifier(Vector.GetProperty("verifier_key").GetString()!);
        Assert.Equal(0xc74f20a3u, verifier.KeyId);
        Assert.Equal(0xc74f20a3u, NoteKeys.KeyId("PeterNeumann", 0x01, verifier.PublicKey));
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a3")]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    public void Malformed_verifier_keys_are_refused(string key) =>
        Assert.Throws<FormatException>(() => NoteKeys.ParseVerifier(key));

    [Fact]
    public void Verifier_keys_split_on_the_first_two_plus_signs_only()
    {
        // Find a key whose base64 holds a '+', and check it round-trips.
        for (int i = 0; i < 200; i++)
        {
            var s = new NoteSigner("log.example", Ed25519.NewSeed());
            var text = s.Verifier.ToString();
            if (text.Split('+').Length > 3)
            {
                Assert.Equal(s.PublicKey, NoteKeys.ParseVerifier(text).PublicKey);
                return;
            }
        }
        Assert.Fail("no key with '+' in its base64 in 200 tries");
    }

    [Theory]
    [InlineData("no newline")]
    [InlineData("text\n\u2014 name AAAA\n")]
    [InlineData("text\n\nbad line\n")]
    [InlineData("text\n\n\u2014 name !!!\n")]
    [InlineData("text\n\n\u2014 name AAA=\n")]
    public void Malformed_notes_are_refused(string note) => Assert.ThrowsAny<FormatException>(() => SignedNote.Parse(note));

    [Theory]
    [InlineData("origin\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", true)]
    [InlineData("origin\n012\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", false)]
    [InlineData("origin\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", false)]
    [InlineData("origin\n1\nAAAA\n", false)]
    [InlineData("origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next\n", true)]
    [InlineData("origin\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)]
    public void Checkpoint_bodies_parse_strictly(string text, bool valid)
    {
        if (valid)
        {
            Assert.Equal(text, Checkpoint.Parse(text).ToText());
        }
        else
        {
            Assert.Throws<FormatException>(() => Checkpoint.Parse(text));
        }
    }

    [Fact]
    public void Cosignatures_verify_for_their_checkpoint_only()
    {
        var seed = Ed25519.NewSeed();
        var text = new Checkpoint("log.example", 5, new byte[32]).ToText();
        var sig = Cosignature.Sign("witness.a", seed, text, 1_700_000_000);
        Assert.True(Cosignature.Verify(sig, "witness.a", Ed25519.PublicKeyOf(seed), text, out var t));
        Assert.Equal(1_700_000_000ul, t);
        Assert.False(Cosignature.Verify(sig, "witness.a", Ed25519.PublicKeyOf(seed), text.Replace("5", "6"), out _));
        Assert.Equal(72, sig.Signature.Length);
        _ = Encoding.UTF8;
    }
}
