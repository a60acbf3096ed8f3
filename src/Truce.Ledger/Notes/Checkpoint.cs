using System.Globalization;

namespace Truce.Ledger.Notes;

/// <summary>
/// The body of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, then optional
/// extension lines.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    public Checkpoint(string origin, long size, byte[] rootHash) : this(origin, size, rootHash, []) { }

    public string ToText()
    {
        var text = $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";
        return Extensions.Count == 0 ? text : text + string.Join("", Extensions.Select(e => e + "\n"));
    }

    public static Checkpoint Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[^1].Length != 0)
        {
            throw new FormatException("a checkpoint has an origin, a size and a root hash, each on its own line");
        }
        var origin = lines[0];
        if (origin.Length == 0)
        {
            throw new FormatException("a checkpoint's origin is not empty");
        }
        var sizeText = lines[1];
        if (sizeText.Length == 0 || sizeText.Any(c => c is < '0' or > '9') || (sizeText.Length > 1 && sizeText[0] == '0')
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new FormatException("a checkpoint's size is a decimal number with no leading zeros");
        }
        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("a checkpoint's root hash is not base64");
        }
        if (root.Length != 32)
        {
            throw new FormatException("a checkpoint's root hash is 32 bytes");
        }
        var ext = lines[3..^1];
        if (ext.Any(e => e.Length == 0))
        {
            throw new FormatException("a checkpoint's extension lines are not empty");
        }
        return new Checkpoint(origin, size, root, ext);
    }
}

/// <summary>A checkpoint together with the signed note that carries it.</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, SignedNote Note)
{
    public static SignedCheckpoint Open(string noteText, NoteVerifier logKey)
    {
        if (logKey.Type != NoteKeys.Ed25519Type)
        {
            throw new NoteVerificationException("a log's key is an Ed25519 note key (type 0x01), not a witness's cosignature key");
        }
        var (note, _) = SignedNote.Open(noteText, [logKey]);
        var cp = Checkpoint.Parse(note.Text);
        if (cp.Origin != logKey.Name)
        {
            throw new NoteVerificationException($"the checkpoint's origin '{cp.Origin}' is not the key's name '{logKey.Name}'");
        }
        return new SignedCheckpoint(cp, note);
    }
}
