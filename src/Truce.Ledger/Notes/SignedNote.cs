using System.Buffers.Binary;
using System.Text;

namespace Truce.Ledger.Notes;

/// <summary>One signature line of a note: "— name base64(keyid || signature)".</summary>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Signature)
{
    public string Line => $"\u2014 {Name} {Convert.ToBase64String([.. KeyIdBytes(KeyId), .. Signature])}\n";

    internal static byte[] KeyIdBytes(uint id)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, id);
        return b;
    }
}

/// <summary>
/// A C2SP signed-note: UTF-8 text ending in a newline, a blank line, then signature lines. Signatures by keys
/// the reader does not know are kept verbatim (a checkpoint carries witness cosignatures that a reader may not
/// be able to check, and must pass on).
/// </summary>
public sealed class SignedNote
{
    public const int MaxSignatures = 100;
    public const int MaxSize = 1 << 20;

    public SignedNote(string text, IEnumerable<NoteSignature> signatures)
    {
        ValidateText(text);
        Text = text;
        Signatures = [.. signatures];
    }

    public string Text { get; }

    public IReadOnlyList<NoteSignature> Signatures { get; }

    public static SignedNote Sign(string text, params NoteSigner[] signers) =>
        new(text, signers.Select(s => new NoteSignature(s.Name, s.KeyId, s.Sign(Encoding.UTF8.GetBytes(text)))));

    /// <summary>Adds signatures, replacing any earlier one by the same key (name and id).</summary>
    public SignedNote With(IEnumerable<NoteSignature> more)
    {
        var list = Signatures.ToList();
        foreach (var s in more)
        {
            list.RemoveAll(x => x.Name == s.Name && x.KeyId == s.KeyId);
            list.Add(s);
        }
        return new SignedNote(Text, list);
    }

    public string Serialize()
    {
        var sb = new StringBuilder(Text).Append('\n');
        foreach (var s in Signatures)
        {
            sb.Append(s.Line);
        }
        return sb.ToString();
    }

    /// <summary>Parses a signed note without checking any signature.</summary>
    public static SignedNote Parse(string message)
    {
        if (message.Length > MaxSize)
        {
            throw new FormatException("the note is too large");
        }
        if (!message.EndsWith('\n'))
        {
            throw new FormatException("a signed note ends with a newline");
        }
        var split = message.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new FormatException("a signed note has a blank line between text and signatures");
        }
        var text = message[..(split + 1)];
        var sigLines = message[(split + 2)..].Split('\n');
        var sigs = new List<NoteSignature>();
        foreach (var line in sigLines[..^1])
        {
            sigs.Add(ParseSignatureLine(line));
        }
        if (sigs.Count == 0)
        {
            throw new FormatException("a signed note has at least one signature");
        }
        if (sigs.Count > MaxSignatures)
        {
            throw new FormatException($"a signed note has at most {MaxSignatures} signatures");
        }
        return new SignedNote(text, sigs);
    }

    /// <summary>
    /// Parses and checks the note: every signature by a known key must verify, and at least one must.
    /// Returns the parsed note and the names of the known keys that signed it.
    /// </summary>
    public static (SignedNote Note, IReadOnlyList<NoteVerifier> SignedBy) Open(string message, IEnumerable<NoteVerifier> known)
    {
        var note = Parse(message);
        var text = Encoding.UTF8.GetBytes(note.Text);
        var verified = new List<NoteVerifier>();
        foreach (var sig in note.Signatures)
        {
            var v = known.FirstOrDefault(k => k.Name == sig.Name && k.KeyId == sig.KeyId);
            if (v is null)
            {
                continue;
            }
            if (!v.Verify(text, sig.Signature))
            {
                throw new NoteVerificationException($"the signature by {sig.Name} ({sig.KeyId:x8}) does not verify");
            }
            verified.Add(v);
        }
        if (verified.Count == 0)
        {
            throw new NoteVerificationException("the note has no signature by a known key");
        }
        return (note, verified);
    }

    static NoteSignature ParseSignatureLine(string line)
    {
        if (!line.StartsWith("\u2014 ", StringComparison.Ordinal))
        {
            throw new FormatException("a signature line starts with an em dash and a space");
        }
        var rest = line[2..];
        var space = rest.IndexOf(' ');
        if (space <= 0)
        {
            throw new FormatException("a signature line has a key name and a signature");
        }
        var name = rest[..space];
        if (!NoteKeys.IsValidName(name))
        {
            // Quoted short: the name is the sender's text, and an error line should stay one readable line.
            throw new FormatException($"'{(name.Length > 40 ? name[..40] + "…" : name)}' is not a valid key name");
        }
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(rest[(space + 1)..]);
        }
        catch (FormatException)
        {
            throw new FormatException("a signature is not base64");
        }
        if (raw.Length < 5)
        {
            throw new FormatException("a signature holds a 4-byte key id and at least one byte");
        }
        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(raw), raw[4..]);
    }

    static void ValidateText(string text)
    {
        if (text.Length == 0 || !text.EndsWith('\n'))
        {
            throw new FormatException("a note's text is non-empty and ends with a newline");
        }
        if (text.Any(c => c < 0x20 && c != '\n'))
        {
            throw new FormatException("a note's text holds no control characters but newlines");
        }
    }
}

/// <summary>A note that parses but whose signatures do not check out: a verdict, not a malformed input.</summary>
public sealed class NoteVerificationException(string message) : Exception(message);
