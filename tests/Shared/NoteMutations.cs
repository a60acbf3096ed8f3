using System.Text;

namespace Truce.Tests.Shared;

/// <summary>
/// Mutations of a valid signed note (C2SP signed-note, as a checkpoint or a cosigned checkpoint carries it), by a
/// seed: flipped bits, truncation, newlines added, dropped or turned into CRLF, huge lines, bytes that are not UTF-8,
/// signatures that are not base64 or carry another key id, a hundred and more signature lines, a changed text, or
/// random bytes in place of the note. Used by the parser's property tests and by the HTTP and CLI fuzz tests.
/// </summary>
public static class NoteMutations
{
    public const int Kinds = 20;

    /// <summary>The kinds that need nothing of the note's shape but a blank line, and so can follow one another.</summary>
    static readonly int[] Composable = [0, 1, 2, 3, 4, 5, 6, 9, 12, 14, 15, 16];

    public static string Name(int kind) => kind switch
    {
        0 => "flip a bit",
        1 => "truncate",
        2 => "insert a newline",
        3 => "drop a newline",
        4 => "duplicate a line",
        5 => "huge line",
        6 => "bytes that are not UTF-8",
        7 => "signature not base64",
        8 => "wrong key id",
        9 => "100+ signature lines",
        10 => "another root hash",
        11 => "another size line",
        12 => "random bytes",
        13 => "no em dash",
        14 => "CRLF line endings",
        15 => "no blank line",
        16 => "empty",
        17 => "another origin",
        18 => "control characters in the text",
        _ => "several at once",
    };

    /// <summary>The note, mutated by <paramref name="kind"/>; <paramref name="seed"/> picks where and what.</summary>
    public static byte[] Mutate(string note, int kind, int seed)
    {
        var rng = new Random(seed);
        var bytes = Encoding.UTF8.GetBytes(note);
        var lines = note.Split('\n').ToList(); // the last element is "" (a note ends with a newline)
        int sigStart = lines.IndexOf("") + 1;
        string Join() => string.Join('\n', lines);
        byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        int AnyLine() => rng.Next(lines.Count - 1);
        int SigLine() => rng.Next(sigStart, lines.Count - 1);
        switch (kind)
        {
            case 0:
                bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return bytes;
            case 1:
                return bytes[..rng.Next(bytes.Length)];
            case 2:
                return [.. bytes[..rng.Next(bytes.Length + 1)], (byte)'\n', .. bytes[rng.Next(bytes.Length + 1)..]];
            case 3:
                var newlines = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == '\n').ToList();
                if (newlines.Count == 0)
                {
                    return bytes;
                }
                var drop = newlines[rng.Next(newlines.Count)];
                return [.. bytes[..drop], .. bytes[(drop + 1)..]];
            case 4:
                var dup = AnyLine();
                lines.Insert(dup, lines[dup]);
                return Utf8(Join());
            case 5:
                var huge = AnyLine();
                lines[huge] += new string(rng.Next(2) == 0 ? 'A' : '\u2014', rng.Next(1, 3) == 1 ? rng.Next(70_000) : rng.Next(1_000_000, 1_200_000));
                return Utf8(Join());
            case 6:
                var at = rng.Next(bytes.Length + 1);
                byte[] bad = rng.Next(4) switch { 0 => [0xFF], 1 => [0xC0, 0x80], 2 => [0xED, 0xA0, 0x80], _ => [0xE2, 0x80] };
                return [.. bytes[..at], .. bad, .. bytes[at..]];
            case 7:
                var s7 = SigLine();
                var parts7 = lines[s7].Split(' ');
                parts7[^1] = rng.Next(3) switch { 0 => parts7[^1].TrimEnd('=') + "=", 1 => parts7[^1].Insert(rng.Next(parts7[^1].Length), "!"), _ => "A" };
                lines[s7] = string.Join(' ', parts7);
                return Utf8(Join());
            case 8:
                var s8 = SigLine();
                var parts8 = lines[s8].Split(' ');
                var raw = Convert.FromBase64String(parts8[^1]);
                raw[rng.Next(4)] ^= (byte)(1 + rng.Next(255));
                parts8[^1] = Convert.ToBase64String(raw);
                lines[s8] = string.Join(' ', parts8);
                return Utf8(Join());
            case 9:
                var extra = rng.Next(95, 140);
                for (int i = 0; i < extra; i++)
                {
                    var sig = new byte[rng.Next(5, 80)];
                    rng.NextBytes(sig);
                    lines.Insert(lines.Count - 1, $"\u2014 extra{rng.Next(1000)}.example {Convert.ToBase64String(sig)}");
                }
                return Utf8(Join());
            case 10:
                var root = new byte[rng.Next(2) == 0 ? 32 : rng.Next(0, 64)];
                rng.NextBytes(root);
                lines[2] = Convert.ToBase64String(root);
                return Utf8(Join());
            case 11:
                lines[1] = new[] { "0" + lines[1], "-" + lines[1], "99999999999999999999", "", "+1", " " + lines[1], "1e3", "\u0661" }[rng.Next(8)];
                return Utf8(Join());
            case 12:
                var random = new byte[rng.Next(0, 3000)];
                rng.NextBytes(random);
                return random;
            case 13:
                var s13 = SigLine();
                lines[s13] = rng.Next(2) == 0 ? "-" + lines[s13][1..] : lines[s13][2..];
                return Utf8(Join());
            case 14:
                return Utf8(note.Replace("\n", "\r\n", StringComparison.Ordinal));
            case 15:
                lines.RemoveAt(sigStart - 1);
                return Utf8(Join());
            case 16:
                return [];
            case 17:
                lines[0] = new[] { "", "other.example/log", lines[0] + " ", lines[0] + "+x", new string('o', 5000) }[rng.Next(5)];
                return Utf8(Join());
            case 18:
                var line18 = rng.Next(sigStart);
                lines[line18] = lines[line18].Insert(rng.Next(lines[line18].Length + 1), ((char)rng.Next(0, 32)).ToString());
                return Utf8(Join());
            default:
                var mutated = bytes;
                for (int i = rng.Next(2, 4); i > 0; i--)
                {
                    var text = Encoding.UTF8.GetString(mutated);
                    if (!text.EndsWith('\n') || text.IndexOf("\n\n", StringComparison.Ordinal) < 0)
                    {
                        break;
                    }
                    mutated = Mutate(text, Composable[rng.Next(Composable.Length)], rng.Next());
                }
                return mutated;
        }
    }
}
