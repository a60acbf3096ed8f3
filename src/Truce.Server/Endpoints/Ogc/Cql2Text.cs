using System.Collections;
using System.Globalization;
using Truce.Core.Entries;
using Truce.Core.Modules;

namespace Truce.Server.Endpoints.Ogc;

/// <summary>
/// CQL2 text, the Basic CQL2 subset (OGC 21-065): comparisons (=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=) of a queryable with a
/// literal (a 'string', a number, TRUE/FALSE, DATE('…'), TIMESTAMP('…')), <c>IS [NOT] NULL</c>, AND, OR, NOT and
/// parentheses. A property that is not one of the collection's queryables, or a literal of the wrong type for it, is
/// refused naming the filter, never read as "no match". The expression is bounded (2,000 characters, 50 comparisons),
/// so its cost is a constant per feature.
/// </summary>
public sealed class Cql2Text
{
    const int MaxTerms = 50;
    readonly List<string> _tokens;
    readonly IReadOnlyDictionary<string, string> _types;
    int _at;
    int _terms;

    Cql2Text(List<string> tokens, IReadOnlyDictionary<string, string> types) => (_tokens, _types) = (tokens, types);

    /// <summary>The filter as a test on a feature's properties.</summary>
    public static Func<IReadOnlyDictionary<string, object?>, bool> Parse(string text, IReadOnlyList<QueryableProperty> queryables)
    {
        var p = new Cql2Text(Tokens(text), queryables.ToDictionary(q => q.Name, q => q.Type, StringComparer.Ordinal));
        var test = p.Or();
        return p._at == p._tokens.Count ? test : throw Bad($"unexpected '{p._tokens[p._at]}'");
    }

    static ValidationException Bad(string why) => new("filter", $"is not a CQL2 text filter this server reads: {why}");

    string? Peek => _at < _tokens.Count ? _tokens[_at] : null;

    bool Take(string word)
    {
        if (Peek is { } t && string.Equals(t, word, StringComparison.OrdinalIgnoreCase))
        {
            _at++;
            return true;
        }
        return false;
    }

    string Next() => _at < _tokens.Count ? _tokens[_at++] : throw Bad("it ends too soon");

    Func<IReadOnlyDictionary<string, object?>, bool> Or()
    {
        var left = And();
        while (Take("OR"))
        {
            var (a, b) = (left, And());
            left = p => a(p) || b(p);
        }
        return left;
    }

    Func<IReadOnlyDictionary<string, object?>, bool> And()
    {
        var left = Not();
        while (Take("AND"))
        {
            var (a, b) = (left, Not());
            left = p => a(p) && b(p);
        }
        return left;
    }

    Func<IReadOnlyDictionary<string, object?>, bool> Not()
    {
        if (Take("NOT"))
        {
            var inner = Not();
            return p => !inner(p);
        }
        if (Take("("))
        {
            var inner = Or();
            return Take(")") ? inner : throw Bad("a '(' is not closed");
        }
        return Comparison();
    }

    Func<IReadOnlyDictionary<string, object?>, bool> Comparison()
    {
        if (++_terms > MaxTerms)
        {
            throw Bad($"it has more than {MaxTerms} comparisons");
        }
        var name = Next().Trim('"');
        if (!_types.TryGetValue(name, out var type))
        {
            throw Bad($"'{name}' is not a queryable of this collection (see its /queryables)");
        }
        if (Take("IS"))
        {
            var negated = Take("NOT");
            return Take("NULL") ? (negated ? p => Value(p, name) is not null : p => Value(p, name) is null) : throw Bad("IS must be followed by [NOT] NULL");
        }
        var op = Next();
        if (op is not ("=" or "<>" or "<" or "<=" or ">" or ">="))
        {
            throw Bad($"'{op}' is not a comparison (=, <>, <, <=, >, >=)");
        }
        var literal = Literal(name, type);
        // The operator is read once, not on each of the million features a map's pass tests.
        Func<int, bool> holds = op switch
        {
            "=" => c => c == 0,
            "<>" => c => c != 0,
            "<" => c => c < 0,
            "<=" => c => c <= 0,
            ">" => c => c > 0,
            _ => c => c >= 0,
        };
        return p => Value(p, name) is { } v && Compare(v, literal) is { } c && holds(c);
    }

    static object? Value(IReadOnlyDictionary<string, object?> p, string name) => p.TryGetValue(name, out var v) ? v : null;

    object Literal(string name, string type)
    {
        var t = Next();
        if (type == "date-time")
        {
            if ((t.Equals("TIMESTAMP", StringComparison.OrdinalIgnoreCase) || t.Equals("DATE", StringComparison.OrdinalIgnoreCase)) && Take("("))
            {
                t = Next();
                if (!Take(")"))
                {
                    throw Bad($"{name}: a time literal is TIMESTAMP('2021-06-12T08:30:00Z') or DATE('2021-06-12')");
                }
            }
            return t.StartsWith('\'') && DateTimeOffset.TryParse(t.Trim('\''), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                && TimeBounds.Holds(time) ? time.ToUniversalTime()
                : throw Bad($"{name} is a time: compare it with TIMESTAMP('2021-06-12T08:30:00Z') or DATE('2021-06-12')");
        }
        if (t.StartsWith('\''))
        {
            return type == "string" ? t[1..^1].Replace("''", "'", StringComparison.Ordinal) : throw Bad($"{name} is a {type}, not a string");
        }
        if (t.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || t.Equals("FALSE", StringComparison.OrdinalIgnoreCase))
        {
            return type == "boolean" ? t.Equals("TRUE", StringComparison.OrdinalIgnoreCase) : throw Bad($"{name} is a {type}, not a boolean");
        }
        return type is "number" or "integer" && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n)
            ? n : throw Bad($"'{t}' is not a {type} literal for {name}");
    }

    /// <summary>Orders a property's value against a literal of the queryable's type; null when they cannot be compared
    /// (a list, a value of another type): such a feature does not match.</summary>
    static int? Compare(object value, object literal) => (value, literal) switch
    {
        (string s, string l) => string.CompareOrdinal(s, l),
        (bool b, bool l) => b.CompareTo(l),
        (DateTimeOffset d, DateTimeOffset l) => d.CompareTo(l),
        (IConvertible c, double l) when value is int or long or double or float or decimal => Convert.ToDouble(c, CultureInfo.InvariantCulture).CompareTo(l),
        (IEnumerable list, string l) when value is not string => list.OfType<string>().Any(x => x == l) ? 0 : null,
        _ => null,
    };

    static List<string> Tokens(string text)
    {
        if (text.Length > 2000)
        {
            throw Bad("it is longer than 2000 characters");
        }
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '=' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '<' or '>')
            {
                var two = i + 1 < text.Length && (text[i + 1] == '=' || (c == '<' && text[i + 1] == '>'));
                tokens.Add(text.Substring(i, two ? 2 : 1));
                i += two ? 2 : 1;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                // A quote inside a string is written twice.
                while (end < text.Length && text[end] != '\'' || end + 1 < text.Length && text[end] == '\'' && text[end + 1] == '\'')
                {
                    end += text[end] == '\'' ? 2 : 1;
                }
                tokens.Add(end < text.Length ? text[i..(end + 1)] : throw Bad("a string is not closed"));
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '=' or '<' or '>' or '\'' or ','))
                {
                    i++;
                }
                tokens.Add(text[start..i]);
            }
        }
        return tokens;
    }
}
