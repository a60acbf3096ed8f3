using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Truce.Ledger.Entries;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: object members sorted by UTF-16 code units, no whitespace, strings
/// escaped minimally, numbers in ECMAScript's shortest form. Input that JCS cannot represent faithfully
/// (duplicate member names, lone surrogates, numbers out of double range) is refused, naming where it is.
/// </summary>
public static class CanonicalJson
{
    public const int MaxDepth = 64;

    public static byte[] Canonicalize(JsonElement value)
    {
        var sb = new StringBuilder();
        Write(value, sb, "$", 0);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] Canonicalize(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(json);
        return Canonicalize(doc.RootElement);
    }

    public static JsonDocument Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new CanonicalJsonException("$", $"not valid JSON ({e.Message})");
        }
    }

    static void Write(JsonElement e, StringBuilder sb, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new CanonicalJsonException(path, $"nested deeper than {MaxDepth}");
        }
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(e, sb, path, depth);
                break;
            case JsonValueKind.Array:
                WriteArray(e, sb, path, depth);
                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = e.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    throw new CanonicalJsonException(path, "the string holds a lone surrogate");
                }
                WriteString(text, sb, path);
                break;
            case JsonValueKind.Number:
                if (!double.TryParse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    throw new CanonicalJsonException(path, "the number is out of range");
                }
                sb.Append(FormatNumber(d));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    /// <summary>Members sorted by UTF-16 code units (RFC 8785); a name given twice is refused, since which value
    /// counts would be up to each reader.</summary>
    static void WriteObject(JsonElement e, StringBuilder sb, string path, int depth)
    {
        var props = new List<JsonProperty>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name.Any(char.IsSurrogate) && !IsWellFormed(p.Name))
            {
                throw new CanonicalJsonException(path, "a member name holds a lone surrogate");
            }
            if (!names.Add(p.Name))
            {
                throw new CanonicalJsonException($"{path}.{p.Name}", "the member appears twice");
            }
            props.Add(p);
        }
        props.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        sb.Append('{');
        for (int i = 0; i < props.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            WriteString(props[i].Name, sb, $"{path}.{props[i].Name}");
            sb.Append(':');
            Write(props[i].Value, sb, $"{path}.{props[i].Name}", depth + 1);
        }
        sb.Append('}');
    }

    static void WriteArray(JsonElement e, StringBuilder sb, string path, int depth)
    {
        sb.Append('[');
        int n = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (n > 0)
            {
                sb.Append(',');
            }
            Write(item, sb, $"{path}[{n}]", depth + 1);
            n++;
        }
        sb.Append(']');
    }

    static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    static void WriteString(string s, StringBuilder sb, string path)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
                continue;
            }
            if (char.IsSurrogate(c))
            {
                throw new CanonicalJsonException(path, "the string holds a lone surrogate");
            }
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>ECMAScript Number::toString (ECMA-262 §6.1.6.1.20) from .NET's shortest round-trip digits.</summary>
    public static string FormatNumber(double value)
    {
        if (value == 0)
        {
            return "0";
        }
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var mantissa = negative ? shortest[1..] : shortest;
        var ePos = mantissa.IndexOfAny(['E', 'e']);
        var digitsPart = ePos >= 0 ? mantissa[..ePos] : mantissa;
        var dot = digitsPart.IndexOf('.');
        var intPart = dot >= 0 ? digitsPart[..dot] : digitsPart;
        var fracPart = dot >= 0 ? digitsPart[(dot + 1)..] : "";
        int exp = ePos >= 0 ? int.Parse(mantissa[(ePos + 1)..], CultureInfo.InvariantCulture) : 0;
        var digits = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - digits.Length;
        digits = digits.TrimEnd('0');
        // n: the position of the decimal point relative to the start of the digits (value = 0.d1d2… × 10^n).
        int n = intPart.Length - leadingZeros + exp;
        int k = digits.Length;
        string body;
        if (k <= n && n <= 21)
        {
            body = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            body = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            body = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            body = digits[..1] + (k > 1 ? "." + digits[1..] : "") + "e" + (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + body : body;
    }
}

/// <summary>Why a value has no canonical form: where (a JSON path from <c>$</c>) and what.</summary>
public sealed class CanonicalJsonException(string path, string problem) : FormatException($"{path}: {problem}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}
