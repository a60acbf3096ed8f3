using Truce.Core.Entries;
using Truce.Evidence.Blobs;

namespace Truce.Evidence.Kinds;

/// <summary>The parts of bodies several evidence kinds share.</summary>
static class EvidenceParser
{
    /// <summary>A SHA-256 as 64 lowercase hex digits.</summary>
    public static string? Digest(BodyReader.Scope b, string name, bool required = false)
    {
        var s = b.Str(name, required, max: 64);
        if (s is not null && !BlobStore.IsDigest(s))
        {
            b.Reader.Fail(b.At(name), "must be a SHA-256 digest: 64 lowercase hex digits");
            return null;
        }
        return s;
    }

    /// <summary>A point as {lat, lon}.</summary>
    public static (double Lat, double Lon)? Where(BodyReader.Scope b, string name)
    {
        if (b.Obj(name) is not { } w)
        {
            return null;
        }
        var lat = w.Num("lat", required: true, min: -90, max: 90);
        var lon = w.Num("lon", required: true, min: -180, max: 180);
        return lat is { } a && lon is { } o ? (a, o) : null;
    }

    public static Collected? Collected(BodyReader.Scope b, string name, bool required)
    {
        if (b.Obj(name, required) is not { } c)
        {
            return null;
        }
        var by = c.Str("by", required: true, max: 200);
        var at = c.Time("at", required: true);
        var where = Where(c, "where");
        var place = c.Str("place", max: 200);
        return by is null || at is null ? null : new Collected(by, at.Value, where?.Lat, where?.Lon, place);
    }
}
