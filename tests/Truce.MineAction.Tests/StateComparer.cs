using System.Collections;
using System.Reflection;
using NetTopologySuite.Geometries;
using Truce.Spatial;

namespace Truce.MineAction.Tests;

/// <summary>
/// Compares two object graphs field by field, public and private, through every object reachable from them, and names
/// the path of the first difference. Written for snapshots: a field a snapshot forgets comes back null or zero.
/// </summary>
/// <remarks>
/// <para>Which objects are shared matters for what can change: a hazard two books hold is one object, and changing it
/// by copy, indexing it once and the books' later entries all depend on that. So every object that can change (a class
/// that is not a record, any collection in one) must be shared in one graph exactly where its counterpart is shared in
/// the other. Values that never change once made are compared by value only, wherever they sit: strings, records,
/// collections held in fields declared read-only (IReadOnlyList and kin), geometries, metre shapes and planes (a replay and a load may share or copy them differently, to no effect).</para>
/// <para>Collections are compared by their items, in their own order (enumeration order is what a book answers in),
/// and by their comparers; their inner arrays and version counters are not state. Geometries are compared by type,
/// SRID and every ordinate (X, Y, Z, M) exactly; NTS's cached envelopes and the coordinate sequence classes (an import
/// packs coordinates, a point reads into an array) are not state.</para>
/// </remarks>
sealed class StateComparer(params string[] skipped)
{
    readonly Dictionary<object, object> _leftToRight = new(ReferenceEqualityComparer.Instance);
    readonly Dictionary<object, object> _rightToLeft = new(ReferenceEqualityComparer.Instance);
    readonly HashSet<string> _skipped = [.. skipped];
    readonly HashSet<FieldInfo> _seen = [];
    readonly HashSet<FieldInfo> _set = [];

    /// <summary>The fields of the application's own types that no object compared so far held a value in (not null,
    /// zero, false or empty): a snapshot could leave any of them out and still compare equal.</summary>
    public IEnumerable<string> NeverSet => _seen.Except(_set).Select(f => $"{f.DeclaringType!.Name}.{Name(f)}").Order(StringComparer.Ordinal);

    /// <summary>Null when equal, else the path of the first difference and what differs there.</summary>
    public string? Difference(object? left, object? right, string path) => Compare(left, right, path, byValue: false);

    string? Compare(object? a, object? b, string path, bool byValue)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? null : $"{path}: {a ?? "null"} against {b ?? "null"}";
        }
        var type = a.GetType();
        if (Leaf(a, b) is { } equal)
        {
            return equal ? null : $"{path}: {Show(a)} against {Show(b)}";
        }
        if (a is Geometry ga)
        {
            return b is Geometry gb ? Geometries(ga, gb, path) : $"{path}: a geometry against {b.GetType().Name}";
        }
        var isCollection = a is IEnumerable && b is IEnumerable;
        if (type != b.GetType() && !(isCollection && (byValue || a is not IDictionary)))
        {
            return $"{path}: a {type.Name} against a {b.GetType().Name}";
        }
        byValue |= ByValue(type);
        if (!type.IsValueType && !byValue && Shared(a, b, path, out var sharing))
        {
            return sharing;
        }
        return isCollection ? Collections((IEnumerable)a, (IEnumerable)b, path, byValue) : Fields(a, b, type, path, byValue);
    }

    /// <summary>True when this pair was met before (and <paramref name="difference"/> says whether they were met together).</summary>
    bool Shared(object a, object b, string path, out string? difference)
    {
        var (knownA, knownB) = (_leftToRight.TryGetValue(a, out var wasB), _rightToLeft.TryGetValue(b, out var wasA));
        difference = null;
        if (!knownA && !knownB)
        {
            _leftToRight[a] = b;
            _rightToLeft[b] = a;
            return false;
        }
        if (!ReferenceEquals(wasB, b) || !ReferenceEquals(wasA, a))
        {
            difference = $"{path}: a {a.GetType().Name} shared differently (one object in one state, two in the other)";
        }
        return true;
    }

    static bool? Leaf(object a, object b) => a switch
    {
        double x => b is double y && (BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || double.IsNaN(x) && double.IsNaN(y)),
        DateTimeOffset x => b is DateTimeOffset y && x.EqualsExact(y),
        string or decimal or DateTime or TimeSpan or Guid or Enum => a.Equals(b),
        _ when a.GetType().IsPrimitive => a.Equals(b),
        _ => null,
    };

    static bool ByValue(Type type) => type == typeof(MetricShape) || type == typeof(TransverseMercator)
        || type.GetProperty("EqualityContract", BindingFlags.Instance | BindingFlags.NonPublic) is not null; // a record

    string? Collections(IEnumerable a, IEnumerable b, string path, bool byValue)
    {
        if (Comparer(a) is var (ca, cb) && !Equals(ca, cb))
        {
            return $"{path}: compared by {ca} against {cb}";
        }
        var (ia, ib) = (a.GetEnumerator(), b.GetEnumerator());
        for (int i = 0; ; i++)
        {
            var (more, moreB) = (ia.MoveNext(), ib.MoveNext());
            if (more != moreB)
            {
                return $"{path}: {(more ? "more" : "fewer")} items than the other (differs at [{i}])";
            }
            if (!more)
            {
                return null;
            }
            if (Compare(ia.Current, ib.Current, $"{path}[{Label(ia.Current, i)}]", byValue) is { } d)
            {
                return d;
            }
        }

        (object?, object?)? Comparer(IEnumerable x) =>
            x.GetType().GetProperty("Comparer") is { } p ? (p.GetValue(x), p.GetValue(b)) : null;
    }

    /// <summary>A dictionary's item by its key, any other by its position.</summary>
    static string Label(object? item, int i) => item?.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
        ? $"{t.GetProperty("Key")!.GetValue(item)}" : $"{i}";

    string? Fields(object a, object b, Type type, string path, bool byValue)
    {
        foreach (var f in AllFields(type))
        {
            if (_skipped.Contains($"{f.DeclaringType!.Name}.{Name(f)}"))
            {
                continue;
            }
            var (x, y) = (f.GetValue(a), f.GetValue(b));
            Note(f, x);
            if (Compare(x, y, $"{path}.{Name(f)}", byValue || ReadOnly(f.FieldType)) is { } d)
            {
                return d;
            }
        }
        return null;
    }

    /// <summary>A field declared as a read-only collection is never changed through it: what it holds is a value,
    /// whichever books share it (a minefield record's copy in each book shares the parts its entry stated).</summary>
    static bool ReadOnly(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() is var g
        && (g == typeof(IReadOnlyList<>) || g == typeof(IReadOnlyCollection<>) || g == typeof(IReadOnlyDictionary<,>) || g == typeof(IReadOnlySet<>));

    void Note(FieldInfo f, object? value)
    {
        if (f.DeclaringType?.Namespace?.StartsWith("Truce.", StringComparison.Ordinal) != true)
        {
            return;
        }
        _seen.Add(f);
        var set = value switch
        {
            null => false,
            _ when Nullable.GetUnderlyingType(f.FieldType) is not null => true,
            IEnumerable items and not string => items.GetEnumerator().MoveNext(),
            _ when value.GetType().IsValueType => !value.Equals(Activator.CreateInstance(value.GetType())),
            _ => true,
        };
        if (set)
        {
            _set.Add(f);
        }
    }

    static IEnumerable<FieldInfo> AllFields(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return f;
            }
        }
    }

    /// <summary>A property's name for its backing field.</summary>
    static string Name(FieldInfo f) => f.Name.StartsWith('<') ? f.Name[1..f.Name.IndexOf('>', StringComparison.Ordinal)] : f.Name;

    static string Show(object v) => v is DateTimeOffset t ? t.ToString("O") : v.ToString() ?? "";

    static string? Geometries(Geometry a, Geometry b, string path)
    {
        if (a.GetType() != b.GetType() || a.SRID != b.SRID || a.NumGeometries != b.NumGeometries)
        {
            return $"{path}: {a.GeometryType} (SRID {a.SRID}, {a.NumGeometries} parts) against {b.GeometryType} (SRID {b.SRID}, {b.NumGeometries} parts)";
        }
        return (a, b) switch
        {
            (Point p, Point q) => Sequences(p.CoordinateSequence, q.CoordinateSequence, path),
            (LineString l, LineString m) => Sequences(l.CoordinateSequence, m.CoordinateSequence, path),
            (Polygon p, Polygon q) when p.NumInteriorRings != q.NumInteriorRings => $"{path}: {p.NumInteriorRings} holes against {q.NumInteriorRings}",
            (Polygon p, Polygon q) => Sequences(p.Shell.CoordinateSequence, q.Shell.CoordinateSequence, path + ".shell")
                ?? Enumerable.Range(0, p.NumInteriorRings)
                    .Select(i => Sequences(p.Holes[i].CoordinateSequence, q.Holes[i].CoordinateSequence, $"{path}.holes[{i}]")).FirstOrDefault(d => d is not null),
            _ => Enumerable.Range(0, a.NumGeometries).Select(i => Geometries(a.GetGeometryN(i), b.GetGeometryN(i), $"{path}[{i}]")).FirstOrDefault(d => d is not null),
        };
    }

    static string? Sequences(CoordinateSequence a, CoordinateSequence b, string path)
    {
        if (a.Count != b.Count)
        {
            return $"{path}: {a.Count} coordinates against {b.Count}";
        }
        for (int i = 0; i < a.Count; i++)
        {
            foreach (var (name, x, y) in new[] { ("x", a.GetX(i), b.GetX(i)), ("y", a.GetY(i), b.GetY(i)), ("z", a.GetZ(i), b.GetZ(i)), ("m", a.GetM(i), b.GetM(i)) })
            {
                if (Leaf(x, y) != true)
                {
                    return $"{path}[{i}].{name}: {x} against {y}";
                }
            }
        }
        return null;
    }
}
