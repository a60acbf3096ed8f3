using System.Globalization;
using System.Text.Json;

using Truce.Ledger.Entries;

namespace Truce.Core.Entries;

/// <summary>
/// Reads a JSON body field by field and collects every problem, each naming its field, so that one answer lists all
/// that is wrong with a report instead of the first thing. Call <see cref="ThrowIfAny"/> at the end.
/// </summary>
public sealed class BodyReader
{
    readonly List<FieldError> _errors = [];

    // Set only while an entry is admitted (strict bodies); a replay reads without it.
    readonly FieldTracker? _fields = FieldTracker.Current;

    public IReadOnlyList<FieldError> Errors => _errors;

    public void Fail(string field, string problem)
    {
        if (_errors.Count < 100)
        {
            _errors.Add(new FieldError(field, problem));
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationException(_errors);
        }
    }

    public Scope Root(JsonElement body, string path = "body")
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            Fail(path, "must be a JSON object");
        }
        return new Scope(this, body, path);
    }

    /// <summary>One JSON object being read, with its path for error messages.</summary>
    public readonly struct Scope(BodyReader reader, JsonElement element, string parent, string? member = null, int index = -1)
    {
        // The path is put together only when asked for (an error, a nested scope): most bodies are read without one.
        public string Path => member is null ? parent : index < 0 ? $"{parent}.{member}" : $"{parent}.{member}[{index}]";
        public JsonElement Element => element;
        public BodyReader Reader => reader;

        public string At(string name) => $"{Path}.{name}";

        public bool Has(string name)
        {
            reader._fields?.Read(Path, name);
            return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;
        }

        JsonElement? Get(string name, bool required)
        {
            reader._fields?.Read(Path, name);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                return v;
            }
            if (required)
            {
                reader.Fail(At(name), "is required");
            }
            return null;
        }

        public string? Str(string name, bool required = false, int max = 200)
        {
            if (Get(name, required) is not { } v)
            {
                return null;
            }
            var s = v.ValueKind == JsonValueKind.String ? v.GetString()! : null;
            if (s is null || string.IsNullOrWhiteSpace(s))
            {
                reader.Fail(At(name), "must be a non-empty string");
                return null;
            }
            if (s.Length > max)
            {
                reader.Fail(At(name), $"is at most {max} characters");
                return null;
            }
            return s;
        }

        public string? OneOf(string name, IReadOnlyCollection<string> allowed, bool required = false)
        {
            var s = Str(name, required, 64);
            if (s is null)
            {
                return null;
            }
            if (!allowed.Contains(s))
            {
                reader.Fail(At(name), $"must be one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}");
                return null;
            }
            // The vocabulary's own instance, not the parsed copy: records kept for the life of a view then share it.
            if (allowed is HashSet<string> set)
            {
                return set.TryGetValue(s, out var same) ? same : s;
            }
            foreach (var a in allowed)
            {
                if (a == s)
                {
                    return a;
                }
            }
            return s;
        }

        public double? Num(string name, bool required = false, double min = double.MinValue, double max = double.MaxValue)
        {
            if (Get(name, required) is not { } v)
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                reader.Fail(At(name), "must be a number");
                return null;
            }
            if (d < min || d > max)
            {
                reader.Fail(At(name), $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }
            return d;
        }

        public long? Int(string name, bool required = false, long min = 0, long max = long.MaxValue)
        {
            if (Get(name, required) is not { } v)
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var i))
            {
                reader.Fail(At(name), "must be an integer");
                return null;
            }
            if (i < min || i > max)
            {
                reader.Fail(At(name), $"must be between {min} and {max}");
                return null;
            }
            return i;
        }

        public bool? Bool(string name, bool required = false)
        {
            if (Get(name, required) is not { } v)
            {
                return null;
            }
            if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                reader.Fail(At(name), "must be true or false");
                return null;
            }
            return v.GetBoolean();
        }

        public DateTimeOffset? Time(string name, bool required = false)
        {
            var s = Str(name, required, 40);
            if (s is null)
            {
                return null;
            }
            if (!(Rfc3339.TryParseUtc(s, out var t) || DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t))
                || !TimeBounds.Holds(t))
            {
                reader.Fail(At(name), "must be an RFC 3339 time, e.g. 2021-06-12T08:30:00Z");
                return null;
            }
            return t.ToUniversalTime();
        }

        public Scope? Obj(string name, bool required = false)
        {
            if (Get(name, required) is not { } v)
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Object)
            {
                reader.Fail(At(name), "must be an object");
                return null;
            }
            return new Scope(reader, v, Path, name);
        }

        /// <summary>The items of an array (at most <paramref name="max"/>), each with its own path.</summary>
        public IReadOnlyList<Scope> Arr(string name, bool required = false, int max = 1000)
        {
            if (Get(name, required) is not { } v)
            {
                return [];
            }
            if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > max)
            {
                reader.Fail(At(name), $"must be an array of at most {max} items");
                return [];
            }
            var items = new Scope[v.GetArrayLength()];
            var at = Path;
            var i = 0;
            foreach (var e in v.EnumerateArray())
            {
                items[i] = new Scope(reader, e, at, name, i);
                i++;
            }
            return items;
        }

        /// <summary>A list of strings (ids, party codes), each checked to be a non-empty string of bounded length.</summary>
        public IReadOnlyList<string> Strs(string name, bool required = false, int max = 100, int maxLength = 200)
        {
            var list = new List<string>();
            foreach (var item in Arr(name, required, max))
            {
                if (item.Element.ValueKind != JsonValueKind.String || item.Element.GetString()!.Length is 0 || item.Element.GetString()!.Length > maxLength)
                {
                    reader.Fail(item.Path, $"must be a non-empty string of at most {maxLength} characters");
                    continue;
                }
                list.Add(item.Element.GetString()!);
            }
            return list;
        }

        /// <summary>An id that is a log index, written as a number or as text with or without its prefix
        /// (<paramref name="parse"/>, e.g. <c>IncidentIds.Parse</c>: "I-606" or "606").</summary>
        public long? Id(string name, Func<string, long?> parse, string example, bool required = false) =>
            Get(name, required) is { } v ? IdOf(v, At(name), parse, example) : null;

        /// <summary>A list of <see cref="Id"/>s.</summary>
        public IReadOnlyList<long> Ids(string name, Func<string, long?> parse, string example, bool required = false, int max = 1000)
        {
            var list = new List<long>();
            foreach (var item in Arr(name, required, max))
            {
                if (IdOf(item.Element, item.Path, parse, example) is { } id)
                {
                    list.Add(id);
                }
            }
            return list;
        }

        long? IdOf(JsonElement v, string path, Func<string, long?> parse, string example)
        {
            long? id = v.ValueKind switch
            {
                JsonValueKind.Number when v.TryGetInt64(out var i) && i >= 0 => i,
                JsonValueKind.String => parse(v.GetString()!),
                _ => null,
            };
            if (id is null)
            {
                reader.Fail(path, $"must be an id such as {example} (or its number alone)");
            }
            return id;
        }

        public IReadOnlyList<long> Indexes(string name, bool required = false, int max = 1000)
        {
            var list = new List<long>();
            foreach (var item in Arr(name, required, max))
            {
                if (item.Element.ValueKind != JsonValueKind.Number || !item.Element.TryGetInt64(out var i) || i < 0)
                {
                    reader.Fail(item.Path, "must be the index of a log entry");
                    continue;
                }
                list.Add(i);
            }
            return list;
        }
    }
}
