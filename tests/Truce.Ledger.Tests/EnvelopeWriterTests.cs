using System.Text;
using System.Text.Json;
using Truce.Ledger.Entries;

namespace Truce.Ledger.Tests;

/// <summary>The envelope's direct writer must give byte for byte what canonicalizing its JSON gives.</summary>
public class EnvelopeWriterTests
{
    static byte[] General(Envelope e, bool withSignature) =>
        CanonicalJson.Canonicalize(JsonSerializer.SerializeToElement(e.ToJson(withSignature)));

    /// <summary>Labels the ledger keeps as signed; Truce's four, and one the ledger does not judge.</summary>
    static readonly string[] Labels = ["public", "mission", "party", "restricted"];

    static Envelope Sample(int i) => new()
    {
        Log = i % 3 == 0 ? "truce.example/log" : "demo.truce.invalid/karabakh-2020",
        Kind = (i % 4) switch { 0 => "note", 1 => "party.register", 2 => "key.add", _ => "member-remove.v2" },
        Party = i % 2 == 0 ? "az" : "mine-agency",
        Key = "k0123456789abcdef",
        Time = DateTimeOffset.FromUnixTimeMilliseconds(1_600_000_000_000 + (i * 7919L)),
        Cid = i % 5 == 0 ? "A:b_c.d/e-f" : Guid.NewGuid().ToString("n"),
        Body = new string('a', 63) + (i % 10),
        Vis = Labels[i % 4],
        To = i % 4 == 3 ? new[] { "am", "pk", "jmc" }[..(1 + (i % 3))] : [],
        Amends = i % 6 == 1 ? i * 1000L : null,
        Retracts = i % 7 == 2 ? (1L << 53) - i : null,
        Signer = i % 8 == 3 ? "server" : null,
        Sig = i % 9 == 4 ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes($"signature {i} +/=")),
    };

    [Fact]
    public void Writes_the_RFC_8785_form_of_every_kind_of_envelope()
    {
        for (int i = 0; i < 200; i++)
        {
            var e = Sample(i);
            var context = Encoding.UTF8.GetBytes(Envelope.SigningContext);
            Assert.Equal([.. context, .. General(e, false)], e.SignedMessage());
            if (e.Sig is not null)
            {
                Assert.Equal(General(e, true), e.ToLeaf());
                Assert.Equal(e, Envelope.FromLeaf(e.ToLeaf()) with { To = e.To });
            }
        }
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("quote\"d")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak")]
    public void Strings_that_JCS_escapes_or_that_are_not_ASCII_take_the_general_path(string party)
    {
        var e = Sample(0) with { Party = party, Amends = -1, Retracts = long.MaxValue };
        Assert.Equal(General(e, true), e.ToLeaf());
        Assert.Equal([.. Encoding.UTF8.GetBytes(Envelope.SigningContext), .. General(e, false)], e.SignedMessage());
    }
}
