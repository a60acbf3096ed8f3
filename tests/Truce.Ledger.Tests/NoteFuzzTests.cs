using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Truce.Ledger.Crypto;
using Truce.Ledger.Notes;
using Truce.Tests.Shared;

namespace Truce.Ledger.Tests;

/// <summary>
/// Property tests of the signed-note and checkpoint parsers on mutated valid notes and random bytes: the parsers
/// answer with a <see cref="FormatException"/> or <see cref="NoteVerificationException"/> naming the problem, or a
/// note whose signed text is exactly the original; never another exception, and never a changed text that verifies.
/// </summary>
public class NoteFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly int Cases = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly" ? 50_000 : 3_000;

    static readonly NoteSigner Log = new("example.org/log", Ed25519.NewSeed());
    static readonly NoteSigner Witness = new("witness.example", Ed25519.NewSeed());
    static readonly string Text = new Checkpoint("example.org/log", 4242, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()).ToText();
    static readonly string Note = SignedNote.Sign(Text, Log).With([Cosignature.Sign(Witness, Text, 1_700_000_000)]).Serialize();

    [Fact]
    public void Mutated_notes_are_refused_with_a_reason_or_open_to_exactly_the_signed_text()
    {
        var counts = new int[NoteMutations.Kinds];
        int refused = 0, opened = 0;
        var gen = Gen.Choose(0, NoteMutations.Kinds - 1).SelectMany(kind => Gen.Choose(0, int.MaxValue).Select(seed => (kind, seed)));
        var property = Prop.ForAll(Arb.From(gen), c =>
        {
            var bytes = NoteMutations.Mutate(Note, c.kind, c.seed);
            counts[c.kind]++;
            var message = Encoding.UTF8.GetString(bytes);
            try
            {
                var parsed = SignedNote.Parse(message);
                // What parses serializes to something that parses to the same note.
                var again = SignedNote.Parse(parsed.Serialize());
                if (again.Text != parsed.Text || again.Signatures.Count != parsed.Signatures.Count)
                {
                    return false.Label($"{NoteMutations.Name(c.kind)}: does not round-trip");
                }
            }
            catch (FormatException e) when (e.Message.Length > 0)
            {
            }
            try
            {
                var cp = SignedCheckpoint.Open(message, Log.Verifier);
                opened++;
                return (cp.Note.Text == Text && cp.Checkpoint.Size == 4242).Label($"{NoteMutations.Name(c.kind)}: a changed text verified");
            }
            catch (Exception e) when (e is FormatException or NoteVerificationException && e.Message.Length > 0)
            {
                refused++;
                return true.ToProperty();
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);
        output.WriteLine($"{Cases} mutated signed notes: {refused} refused with a reason, {opened} opened to the signed text; " +
            string.Join(", ", counts.Select((n, k) => $"{NoteMutations.Name(k)} {n}")));
        Assert.Equal(Cases, refused + opened);
        Assert.True(refused > Cases / 2, $"only {refused} of {Cases} mutations were refused: the mutations are too gentle");
    }

    [Fact]
    public void Random_text_never_throws_anything_but_a_format_error()
    {
        var gen = ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")
            .Or(ArbMap.Default.GeneratorFor<byte[]>().Select(b => Encoding.UTF8.GetString(b ?? [])));
        var property = Prop.ForAll(Arb.From(gen), s =>
        {
            foreach (var parse in new Action[] { () => SignedNote.Parse(s), () => Checkpoint.Parse(s), () => NoteKeys.ParseVerifier(s), () => SignedCheckpoint.Open(s, Log.Verifier) })
            {
                try
                {
                    parse();
                }
                catch (Exception e) when (e is FormatException or NoteVerificationException)
                {
                }
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), property);
        output.WriteLine($"{Cases} random strings through SignedNote.Parse, Checkpoint.Parse, NoteKeys.ParseVerifier and SignedCheckpoint.Open");
    }
}
