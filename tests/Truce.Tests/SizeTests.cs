using System.Text.RegularExpressions;

namespace Truce.Tests;

/// <summary>
/// Issue 16, item 9: files under src/ stay under about 400 lines and members under about 60, unless a comment says why
/// (<c>// size: reason</c>: for a file, at column 0; for a member, among the comment and attribute lines just above its
/// signature). The members are found by <see cref="SizeScan"/>, a heuristic fitted to this codebase's formatting.
/// </summary>
public sealed class SizeTests
{
    const int MaxFileLines = 400;
    const int MaxBodyLines = 60;

    [Fact]
    public void Files_and_members_under_src_stay_small_or_say_why()
    {
        var root = RepoRoot();
        var offences = SourceFiles(root)
            .SelectMany(rel => SizeScan.Offences(rel, File.ReadAllLines(Path.Combine(root, rel)), MaxFileLines, MaxBodyLines))
            .ToList();
        Assert.True(offences.Count == 0, "too long, with no '// size:' comment saying why:\n" + string.Join("\n", offences));
    }

    /// <summary>The heuristic finds a long member of each shape, and a comment saying why excuses it.</summary>
    [Fact]
    public void The_scan_finds_long_members_of_every_shape()
    {
        static string[] Body(int n, string indent) => [.. Enumerable.Range(0, n).Select(i => $"{indent}Step({i});")];
        string[] source =
        [
            "namespace X;", "", "sealed class C(int a) : B", "{",
            "    /// <summary>A method.</summary>", "    [Obsolete]", "    public static async Task<(int A, string B)> Method<T>(int a,",
            "        string b)", "        where T : class", "    {",
            .. Body(61, "        "),
            "        static int Local(int x)", "        {", .. Body(61, "            "), "        }",
            "        if (a > 0)", "        {", .. Body(70, "            "), "        }",
            "    }", "",
            "    public C(int a, int b)", "        : this(a)", "    {", .. Body(61, "        "), "    }", "",
            "    int Property", "    {", "        get", "        {", .. Body(61, "            "), "        }", "    }", "",
            "    static int Expression(int a) =>", .. Body(61, "        ").Select(l => l.Replace(";", " +", StringComparison.Ordinal)), "        0;", "",
            "    static int Switch(int a) => a switch", "    {", .. Enumerable.Range(0, 61).Select(i => $"        {i} => Step({i}),"), "    };", "",
            "    // size: one table of the steps; split, it would read worse", "    void Excused()", "    {", .. Body(61, "        "), "    }", "",
            "    void Short()", "    {", .. Body(60, "        "), "    }",
            "}",
        ];
        var found = SizeScan.Offences("x.cs", source, int.MaxValue, 60).Select(o => o.Split(' ')[1].TrimEnd(':')).ToList();
        Assert.Equal(["Method", "Local", "C", "Property", "Expression", "Switch"], found);
        Assert.Single(SizeScan.Offences("x.cs", source, source.Length - 1, 1000));
        Assert.Empty(SizeScan.Offences("x.cs", ["// size: generated table", .. source], source.Length - 1, 1000));
    }

    static IEnumerable<string> SourceFiles(string root)
    {
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace(sep, '/'))
            .Order(StringComparer.Ordinal);
    }

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Truce.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("no Truce.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Finds members and their lengths by the shape `dotnet format` gives them here (Allman braces, four-space indents):
/// <list type="bullet">
/// <item>a block member: a line with only <c>{</c> whose head (the lines before it, taken upward while their parentheses
/// do not balance, a line continues with <c>where</c> or <c>:</c>, or the line above ends with a comma) is a declaration: a method, constructor, local
/// function or operator (a parameter list, then nothing or a constraint or <c>: base(…)</c>), or a property or
/// indexer (two or more words and no parenthesis); not a control statement, initializer, lambda or type. Its body is
/// the lines between that <c>{</c> and the next <c>}</c> at the same indentation;</item>
/// <item>an expression-bodied member: a declaration followed by <c>=&gt;</c>, its body the lines from the arrow to
/// the <c>;</c> at the same nesting (a switch arm or a lambda argument ends at a <c>,</c> or a closing bracket first,
/// and is not counted).</item>
/// </list>
/// Contents of raw string literals (<c>"""</c>) are ignored. A member nested in another (a local function) counts on
/// its own and in its container.
/// </summary>
static partial class SizeScan
{
    public static IEnumerable<string> Offences(string path, string[] lines, int maxFileLines, int maxBodyLines)
    {
        if (lines.Length > maxFileLines && !lines.Any(l => FileComment().IsMatch(l)))
        {
            yield return $"{path}: {lines.Length} lines";
        }
        foreach (var (line, name, length) in Members(lines).Where(m => m.Length > maxBodyLines))
        {
            if (!Excused(lines, line))
            {
                yield return $"{path}:{line + 1} {name}: {length} lines";
            }
        }
    }

    /// <summary>Each member found: the first line of its signature (0-based), its name, and its body's lines.</summary>
    public static IEnumerable<(int Line, string Name, int Length)> Members(string[] lines)
    {
        var code = WithoutRawStrings(lines);
        for (int i = 1; i < code.Length; i++)
        {
            var arrow = WithoutComment(code[i]).IndexOf("=>", StringComparison.Ordinal);
            if (code[i].Trim() == "{")
            {
                var start = HeadStart(code, i - 1, "");
                if (Declared(Head(code, start, i - 1, "")) is { } name)
                {
                    yield return (start, name, Closing(code, i) - i - 1);
                }
            }
            else if (arrow >= 0)
            {
                var before = code[i][..arrow];
                var start = before.Trim().Length == 0 ? HeadStart(code, i - 1, "") : HeadStart(code, i, before);
                var head = before.Trim().Length == 0 ? Head(code, start, i - 1, "") : Head(code, start, i, before);
                if (Declared(head) is { } name && ExpressionEnd(code, i, arrow + 2) is { } end && end > i)
                {
                    var rest = code[i][(arrow + 2)..].Trim().Length > 0 ? 1 : 0;
                    yield return (start, name, end - i + rest);
                }
            }
        }
    }

    /// <summary>Whether a <c>// size:</c> comment is among the comment and attribute lines just above a signature.</summary>
    static bool Excused(string[] lines, int signature)
    {
        for (int i = signature - 1; i >= 0; i--)
        {
            var t = lines[i].TrimStart();
            if (MemberComment().IsMatch(t))
            {
                return true;
            }
            if (!t.StartsWith("//", StringComparison.Ordinal) && !t.StartsWith('['))
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>The first line of the head ending at <paramref name="last"/> (whose text there is <paramref name="tail"/>
    /// if not empty): upward while parentheses do not balance, or the line continues a signature.</summary>
    static int HeadStart(string[] code, int last, string tail)
    {
        var start = last;
        while (start > 0)
        {
            var t = code[start].TrimStart();
            if (Balance(Head(code, start, last, tail)) < 0 || t.StartsWith("where ", StringComparison.Ordinal) || t.StartsWith(": ", StringComparison.Ordinal)
                || WithoutComment(code[start - 1]).TrimEnd().EndsWith(','))
            {
                start--;
                continue;
            }
            break;
        }
        return start;
    }

    static string Head(string[] code, int start, int last, string tail) =>
        string.Join(" ", code[start..(tail.Length > 0 ? last : last + 1)].Select(l => WithoutComment(l).Trim()).Append(tail.Trim())).Trim();

    /// <summary>A line without its trailing <c>//</c> comment (unless a string comes before it).</summary>
    static string WithoutComment(string line)
    {
        var slashes = line.IndexOf("//", StringComparison.Ordinal);
        return slashes >= 0 && !line.AsSpan(0, slashes).Contains('"') ? line[..slashes] : line;
    }

    /// <summary>The member's name if the head declares one.</summary>
    static string? Declared(string head)
    {
        head = Attributes().Replace(head, "").Trim();
        if (head.Length == 0 || NotADeclaration().IsMatch(head) || !(char.IsLetterOrDigit(head[^1]) || head[^1] is ')' or ']' or '_'))
        {
            return null;
        }
        var parameters = ParameterList().Match(head);
        var before = parameters.Success ? head[..parameters.Index] : head;
        var words = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (before.Contains('"') || NotInADeclaration().IsMatch(before) || before.Contains('=') && !before.Contains("operator", StringComparison.Ordinal))
        {
            return null;
        }
        if (!parameters.Success)
        {
            return words.Length >= 2 ? words[^1] : null;
        }
        var close = Matching(head, parameters.Index);
        var after = close < 0 ? "" : head[(close + 1)..].Trim();
        var name = words.Length == 0 ? "" : words[^1].Split('<')[0];
        var fits = close >= 0 && (after.Length == 0 || after.StartsWith("where ", StringComparison.Ordinal) || after.StartsWith(": base(", StringComparison.Ordinal) || after.StartsWith(": this(", StringComparison.Ordinal));
        return fits && name.Length > 0 && (words.Length >= 2 || !name.Contains('.')) ? name : null;
    }

    /// <summary>The line of the <c>}</c> at the indentation of the <c>{</c> on line <paramref name="open"/>.</summary>
    static int Closing(string[] code, int open)
    {
        var indent = code[open].Length - code[open].TrimStart().Length;
        for (int j = open + 1; j < code.Length; j++)
        {
            if (code[j].Length - code[j].TrimStart().Length == indent && code[j].TrimStart().StartsWith('}'))
            {
                return j;
            }
        }
        return code.Length;
    }

    /// <summary>The line of the <c>;</c> that ends an expression body, or null if a comma or closing bracket at its
    /// nesting comes first (it was a switch arm or an argument, not a member).</summary>
    static int? ExpressionEnd(string[] code, int line, int column)
    {
        var depth = 0;
        for (int j = line; j < code.Length; j++)
        {
            var s = code[j];
            for (int c = j == line ? column : 0; c < s.Length; c++)
            {
                switch (s[c])
                {
                    case '/' when c + 1 < s.Length && s[c + 1] == '/':
                        c = s.Length;
                        break;
                    case '"' or '\'':
                        c = LiteralEnd(s, c);
                        break;
                    case '(' or '[' or '{':
                        depth++;
                        break;
                    case ')' or ']' or '}':
                        if (--depth < 0)
                        {
                            return null;
                        }
                        break;
                    case ',' when depth == 0:
                        return null;
                    case ';' when depth == 0:
                        return j;
                }
            }
        }
        return null;
    }

    /// <summary>The index of a string or character literal's closing quote (or the line's end).</summary>
    static int LiteralEnd(string s, int open)
    {
        for (int c = open + 1; c < s.Length; c++)
        {
            if (s[c] == '\\')
            {
                c++;
            }
            else if (s[c] == s[open])
            {
                return c;
            }
        }
        return s.Length;
    }

    static int Balance(string s) => s.Count(c => c == '(') - s.Count(c => c == ')');

    static int Matching(string s, int open)
    {
        var depth = 0;
        for (int c = open; c < s.Length; c++)
        {
            depth += s[c] == '(' ? 1 : s[c] == ')' ? -1 : 0;
            if (depth == 0)
            {
                return c;
            }
        }
        return -1;
    }

    /// <summary>The lines with the contents of raw string literals blanked (their closing line keeps what follows).</summary>
    static string[] WithoutRawStrings(string[] lines)
    {
        var code = (string[])lines.Clone();
        var inside = false;
        for (int i = 0; i < code.Length; i++)
        {
            var quotes = code[i].IndexOf("\"\"\"", StringComparison.Ordinal);
            if (inside)
            {
                code[i] = quotes < 0 ? "" : new string(' ', quotes) + code[i][quotes..];
                inside = quotes < 0;
            }
            else if (quotes >= 0 && code[i].IndexOf("\"\"\"", quotes + 3, StringComparison.Ordinal) < 0)
            {
                inside = true;
            }
        }
        return code;
    }

    [GeneratedRegex(@"^//\s*size:\s*\S")]
    private static partial Regex FileComment();

    [GeneratedRegex(@"^///?\s*size:\s*\S")]
    private static partial Regex MemberComment();

    [GeneratedRegex(@"^(\[[^\]]*\]\s*)+")]
    private static partial Regex Attributes();

    /// <summary>Heads that begin a statement, an accessor or an expression rather than a declaration.</summary>
    [GeneratedRegex(@"^(if|else|for|foreach|while|do|switch|try|catch|finally|using|lock|fixed|checked|unchecked|unsafe|case|default|return|await|yield|throw|new|var|get|set|init|add|remove|when|base|this)\b")]
    private static partial Regex NotADeclaration();

    /// <summary>Words before a parameter list (or in a property's head) that make it a type, or a pattern.</summary>
    [GeneratedRegex(@"\b(class|struct|interface|record|enum|namespace|extension|delegate|or|and|not|is|when|switch|with)\b")]
    private static partial Regex NotInADeclaration();

    /// <summary>The parenthesis that opens a parameter list: right after a name or a generic argument list.</summary>
    [GeneratedRegex(@"(?<=[\w>])\(")]
    private static partial Regex ParameterList();
}
