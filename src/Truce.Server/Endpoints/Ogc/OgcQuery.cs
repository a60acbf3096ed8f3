using System.Globalization;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Http;
using Truce.Places;

namespace Truce.Server.Endpoints.Ogc;

/// <summary>
/// An items request's query string as a <see cref="LayerQuery"/>: <c>limit</c>, <c>bbox</c>, <c>datetime</c>, the paging
/// cursor <c>after</c>, a CQL2 text <c>filter</c>, a queryable's name for equality (<c>status=open</c>) and <c>naming</c>.
/// Any other parameter is refused (OGC API – Features /req/core/query-param-unknown), as is a bad value, naming it.
/// </summary>
public static class OgcQuery
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "limit", "bbox", "bbox-crs", "datetime", "after", "filter", "filter-lang", "filter-crs", "naming", "f" };

    const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>The parameters of a map's clusters (<c>/api/map/{collection}</c>): an items request's filters, with a
    /// zoom level instead of a page.</summary>
    public static readonly IReadOnlySet<string> MapParameters =
        new HashSet<string>(Known.Except(["limit", "after"]).Append("zoom"), StringComparer.Ordinal);

    public static LayerQuery Read(HttpContext ctx, FeatureLayer layer, Gazetteer g, IReadOnlySet<string>? known = null)
    {
        known ??= Known;
        var query = ctx.Request.Query;
        var q = new QueryArgs(query);
        var queryables = layer.Queryables.ToDictionary(x => x.Name, StringComparer.Ordinal);
        foreach (var name in query.Keys.Where(k => !known.Contains(k) && !queryables.ContainsKey(k)))
        {
            throw new ValidationException(name, $"is not a parameter of this request ({string.Join(", ", known.Where(k => k != "f").Order(StringComparer.Ordinal))}, or a queryable of the collection)");
        }
        foreach (var crs in new[] { "bbox-crs", "filter-crs" })
        {
            if (q.Str(crs, 200) is { } given && given != Crs84)
            {
                throw new ValidationException(crs, $"must be {Crs84}, the only coordinate system served");
            }
        }
        q.OneOf("f", ["json", "geojson"]);
        var naming = Naming.Of(q);
        var tests = new List<Func<IReadOnlyDictionary<string, object?>, bool>>();
        if (q.Str("filter", 2000) is { } filter)
        {
            if (q.Str("filter-lang", 40) is { } lang && lang is not ("cql2-text" or "cql-text"))
            {
                throw new ValidationException("filter-lang", "must be cql2-text, the only filter language read");
            }
            tests.Add(Cql2Text.Parse(filter, layer.Queryables));
        }
        foreach (var name in query.Keys.Where(queryables.ContainsKey))
        {
            tests.Add(Equals(name, q.Str(name, 200)!, queryables[name]));
        }
        var (from, to) = Interval(q.Str("datetime", 100));
        var box = q.Bbox();
        return new LayerQuery
        {
            Bbox = box is null ? null : new BoundingBox(box.MinX, box.MinY, box.MaxX, box.MaxY),
            From = from,
            To = to,
            Where = tests.Count switch { 0 => null, 1 => tests[0], _ => All(tests) },
            Limit = Limit(q),
            After = q.Str("after", 200),
            Naming = naming,
            NearestSettlement = (lat, lon) => Naming.NearestSettlement(g, lat, lon, naming),
            Stop = ctx.RequestAborted,
        };
    }

    /// <summary>A limit above the most served is served as the most (OGC API – Features allows either); below 1 is refused.</summary>
    static int Limit(QueryArgs q)
    {
        var s = q.Str("limit", 12);
        return s is null ? DefaultLimit
            : long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1 ? (int)Math.Min(v, MaxLimit)
            : throw new ValidationException("limit", $"must be a whole number from 1 (at most {MaxLimit} are served)");
    }

    /// <summary>Every test at once. A map's pass runs it on each of a million features: a loop, not a closure per feature.</summary>
    static Func<IReadOnlyDictionary<string, object?>, bool> All(List<Func<IReadOnlyDictionary<string, object?>, bool>> tests) => p =>
    {
        foreach (var t in tests)
        {
            if (!t(p))
            {
                return false;
            }
        }
        return true;
    };

    /// <summary><c>name=value</c>: equality with a queryable, the value read as its type.</summary>
    static Func<IReadOnlyDictionary<string, object?>, bool> Equals(string name, string value, QueryableProperty p)
    {
        var literal = p.Type switch
        {
            "string" => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
            "date-time" => $"TIMESTAMP('{value.Replace("'", "", StringComparison.Ordinal)}')",
            _ => value,
        };
        try
        {
            return Cql2Text.Parse($"\"{name}\" = {literal}", [p]);
        }
        catch (ValidationException)
        {
            throw new ValidationException(name, $"must be a {p.Type}");
        }
    }

    /// <summary><c>datetime</c>: an instant, or an interval <c>start/end</c> with <c>..</c> (or nothing) for an open end. A
    /// date alone is the whole day.</summary>
    static (DateTimeOffset? From, DateTimeOffset? To) Interval(string? s)
    {
        if (s is null)
        {
            return (null, null);
        }
        var parts = s.Split('/');
        if (parts.Length == 1)
        {
            var (start, end) = Time(parts[0]) ?? throw BadTime();
            return (start, end);
        }
        if (parts.Length != 2 || (Open(parts[0]) && Open(parts[1])))
        {
            throw BadTime();
        }
        (DateTimeOffset Start, DateTimeOffset End)? from = Open(parts[0]) ? null : Time(parts[0]) ?? throw BadTime();
        (DateTimeOffset Start, DateTimeOffset End)? to = Open(parts[1]) ? null : Time(parts[1]) ?? throw BadTime();
        return from?.Start > to?.End ? throw new ValidationException("datetime", "starts after it ends") : (from?.Start, to?.End);
    }

    static bool Open(string s) => s is "" or "..";

    static (DateTimeOffset Start, DateTimeOffset End)? Time(string s)
    {
        // GDAL 3.6 turns a date in a -where comparison into "2021-06-12T": the date.
        s = s.Length == 11 && s[10] == 'T' ? s[..10] : s;
        if (s.Length == 10 && DateTimeOffset.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day)
            && TimeBounds.Holds(day))
        {
            return (day, day.AddDays(1).AddTicks(-1));
        }
        return s.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && TimeBounds.Holds(t)
            ? (t.ToUniversalTime(), t.ToUniversalTime()) : null;
    }

    static ValidationException BadTime() => new("datetime",
        "must be an RFC 3339 time or date, or an interval of them: 2021-06-12T08:30:00Z, 2021-06-12, 2021-06-01/2021-06-30, ../2021-06-30, 2021-06-01/..");
}
