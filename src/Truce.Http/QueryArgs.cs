using System.Globalization;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Queries;

namespace Truce.Http;

/// <summary>
/// Reads query-string arguments strictly: a bad one is a 400 that names it, never a silent default. Every value comes
/// through <see cref="Str"/>, so a parameter given twice is refused everywhere (the framework would join the values
/// with commas, which reads as a different value); numbers are finite and times lie within <see cref="TimeBounds"/>,
/// so no view does arithmetic on NaN or at the calendar's ends.
/// </summary>
public sealed class QueryArgs(IQueryCollection q)
{
    public string? Str(string name, int max = 200)
    {
        if (!q.TryGetValue(name, out var v))
        {
            return null;
        }
        if (v.Count != 1)
        {
            throw new ValidationException(name, "is given more than once");
        }
        var s = v[0] ?? "";
        return s.Length is > 0 && s.Length <= max ? s : throw new ValidationException(name, $"must be 1 to {max} characters");
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        var s = Str(name, 64);
        return s is null || allowed.Contains(s) ? s : throw new ValidationException(name, $"must be one of {string.Join(", ", allowed)}");
    }

    public long? Long(string name, long min = 0)
    {
        var s = Str(name, 20);
        return s is null ? null
            : long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min ? v
            : throw new ValidationException(name, $"must be an integer of at least {min}");
    }

    public double? Num(string name, double min, double max)
    {
        var s = Str(name, 40);
        return s is null ? null
            : Finite(s, out var v) && v >= min && v <= max ? v
            : throw new ValidationException(name, $"must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    public int Limit(int fallback = 100, int max = 1000)
    {
        var s = Str("limit", 6);
        return s is null ? fallback
            : int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1 && v <= max ? v
            : throw new ValidationException("limit", $"must be between 1 and {max}");
    }

    /// <summary>Where a page of a list starts: <c>limit</c> (default 100, at most 1000) and <c>after</c>, the <c>next</c>
    /// of the page before (opaque to the caller; a cursor this list could not have given is refused by name).</summary>
    public PageStart<TKey> Page<TRecord, TKey>(ListOrder<TRecord, TKey> order)
    {
        var limit = Limit(Paging.DefaultLimit, Paging.MaxLimit);
        var after = Str("after", 300);
        if (after is null)
        {
            return new PageStart<TKey>(false, default!, limit);
        }
        return order.Read(after, out var key) ? new PageStart<TKey>(true, key, limit)
            : throw new ValidationException("after", "must be the `next` of an earlier page of this list");
    }

    public DateTimeOffset? Time(string name)
    {
        var s = Str(name, 40);
        if (s is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) && TimeBounds.Holds(t))
        {
            return t.ToUniversalTime();
        }
        throw new ValidationException(name,
            $"must be an RFC 3339 time or a date from {TimeBounds.FirstYear} to {TimeBounds.LastYear}, e.g. 2021-06-12 or 2021-06-12T08:30:00Z");
    }

    /// <summary>name=lat,lon in WGS 84 degrees.</summary>
    public (double Lat, double Lon)? LatLon(string name)
    {
        var s = Str(name, 60);
        if (s is null)
        {
            return null;
        }
        var parts = s.Split(',');
        return parts.Length == 2 && Finite(parts[0], out var lat) && Finite(parts[1], out var lon) && lat is >= -90 and <= 90 && lon is >= -180 and <= 180
            ? (lat, lon)
            : throw new ValidationException(name, "must be lat,lon in WGS 84 degrees, e.g. 39.76,46.75");
    }

    /// <summary>bbox=minLon,minLat,maxLon,maxLat (OGC API – Features order, WGS 84).</summary>
    public NetTopologySuite.Geometries.Envelope? Bbox()
    {
        var s = Str("bbox", 200);
        if (s is null)
        {
            return null;
        }
        var parts = s.Split(',');
        var n = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => Finite(p, out n[i])).All(ok => ok)
            || n[0] is < -180 or > 180 || n[2] is < -180 or > 180 || n[1] is < -90 or > 90 || n[3] is < -90 or > 90 || n[0] > n[2] || n[1] > n[3])
        {
            throw new ValidationException("bbox", "must be minLon,minLat,maxLon,maxLat in WGS 84 degrees, min before max");
        }
        return new NetTopologySuite.Geometries.Envelope(n[0], n[2], n[1], n[3]);
    }

    /// <summary>area=a GeoJSON Polygon or MultiPolygon, URL-encoded.</summary>
    public NetTopologySuite.Geometries.Geometry? Area()
    {
        var s = Str("area", 100_000);
        if (s is null)
        {
            return null;
        }
        JsonElement e;
        try
        {
            e = JsonDocument.Parse(s).RootElement;
        }
        catch (JsonException)
        {
            throw new ValidationException("area", "must be a GeoJSON Polygon or MultiPolygon");
        }
        var reader = new BodyReader();
        var g = Truce.Spatial.GeoJson.Read(e, "area", reader.Fail);
        reader.ThrowIfAny();
        return g is NetTopologySuite.Geometries.Polygon or NetTopologySuite.Geometries.MultiPolygon ? g
            : throw new ValidationException("area.type", "must be Polygon or MultiPolygon");
    }

    /// <summary>A decimal number that is neither NaN nor infinite: .NET reads "NaN", "Infinity" and "1e400" as doubles,
    /// and NaN passes every range check written as "v &lt; min || v &gt; max".</summary>
    static bool Finite(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}
