using System.Text.Json;
using NetTopologySuite.Geometries;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Incidents.Correlation;
using Truce.Incidents.Kinds;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.Incidents.Reports;

/// <summary>Reads a report body (see docs/INCIDENTS.md for every field) and names every field that is wrong.</summary>
public static class ReportParser
{
    public static readonly string[] Senses = ["heard", "seen", "heard-and-seen", "recorded"];
    public static readonly string[] TimePrecisions = ["minute", "hour", "part-of-day", "day", "approximate"];
    public static readonly string[] Confidences = ["low", "medium", "high"];
    public static readonly string[] CasualtyStatuses = ["civilian", "military", "unknown"];
    static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>An event dataset dates some events only to a month or a year (UCDP GED's date_prec 5): its rows keep
    /// their window, which the correlator scores low for being long, and its candidate index caps at a week.</summary>
    static readonly TimeSpan MaxDatasetWindow = TimeSpan.FromDays(366);

    /// <summary>A dataset row's original columns (source.fields): at most this many, each at most
    /// <see cref="MaxSourceFieldChars"/> characters.</summary>
    public const int MaxSourceFields = 200;
    public const int MaxSourceFieldChars = 20_000;

    // A report's type is looked up in each book it reaches (ReportBody.Resolve), not here.
    static readonly Taxonomy.Taxonomy Shipped = Taxonomy.Taxonomy.Shipped;

    /// <summary>A report, its type looked up in <paramref name="taxonomy"/> (for reports read outside a module).</summary>
    public static Report Parse(long index, Envelope env, JsonElement body, Taxonomy.Taxonomy taxonomy) =>
        Read(index, env, body).Resolve(taxonomy);

    /// <summary>Reads every field of a report, naming each bad one, and leaves its type to be looked up in a book.</summary>
    public static ReportBody Read(long index, Envelope env, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var category = b.OneOf("category", Shipped.Categories, required: true);
        var type = b.Str("type", required: true, max: 64);
        var typeAt = r.Errors.Count;
        var perceptions = Perceptions(b);
        var source = b.Obj("source", required: true);
        var sourceKind = source?.OneOf("kind", Shipped.Sources, required: true);
        var (start, end, precision) = Window(b.Obj("time", required: true), env, sourceKind == "dataset" ? MaxDatasetWindow : MaxWindow);
        var location = b.Obj("location");
        var where = Where(b, location);
        var counts = Counts(b);
        var casualties = CasualtiesOf(b);
        var evidence = EvidenceOf(b);
        var (sourceId, sourceName, sourceFields) = SourceOf(source, sourceKind);
        var confidence = b.OneOf("confidence", Confidences) ?? "medium";
        var weapon = b.Str("weapon", max: 200);
        var damage = b.Str("damage", max: 2000);
        var description = b.Str("description", max: 10_000);
        var place = location?.Str("place", max: 64);
        var text = location?.Str("text", max: 500);
        var synthetic = b.Bool("synthetic") ?? false;
        if (r.Errors.Count > 0)
        {
            return new ReportBody(null, category, type, r.Errors, typeAt);
        }
        return new ReportBody(new Report
        {
            Index = index,
            Cid = env.Cid,
            Party = env.Party,
            Visibility = env.Visibility,
            To = env.To,
            Logged = env.Time,
            Category = category!,
            Type = type!,
            Perceptions = perceptions,
            Start = start!.Value,
            End = end!.Value,
            TimePrecision = precision,
            Location = where.Geometry,
            LocationPrecision = where.Precision,
            RadiusM = where.RadiusM,
            Place = place,
            LocationText = text,
            Observer = where.Observer,
            Counts = counts,
            Weapon = weapon,
            Casualties = casualties,
            Damage = damage,
            SourceKind = sourceKind!,
            SourceId = sourceId,
            SourceName = sourceName,
            SourceFields = sourceFields,
            Evidence = evidence,
            Confidence = confidence,
            Description = description,
            Synthetic = synthetic,
            Estimate = EstimateOf(where.Geometry, where.RadiusM ?? (where.Precision is null ? null : Shipped.Precisions[where.Precision]), where.Observer),
        }, category, type, [], typeAt);
    }

    static List<Perception> Perceptions(BodyReader.Scope b)
    {
        var perceptions = new List<Perception>();
        foreach (var p in b.Arr("perceptions", max: 50))
        {
            var kind = p.OneOf("kind", Shipped.Perceptions.Keys.ToList(), required: true);
            var assessment = kind is not null && Shipped.Perceptions[kind].Length > 0 ? p.OneOf("assessment", Shipped.Perceptions[kind]) : null;
            if (kind is not null && Shipped.Perceptions[kind].Length == 0 && p.Has("assessment"))
            {
                b.Reader.Fail(p.At("assessment"), $"applies only to explosions, not to '{kind}'");
            }
            perceptions.Add(new Perception(kind ?? "", assessment, p.OneOf("sense", Senses) ?? "heard", p.Num("direction", min: 0, max: 360),
                ReadEstimate(p, "count")));
        }
        return perceptions;
    }

    /// <summary>The time window: <c>end</c> defaults to <c>start</c>; at most 31 days, starting before the entry was signed.</summary>
    static (DateTimeOffset? Start, DateTimeOffset? End, string Precision) Window(BodyReader.Scope? time, Envelope env, TimeSpan maxWindow)
    {
        var start = time?.Time("start", required: true);
        var end = time?.Time("end") ?? start;
        var precision = time?.OneOf("precision", TimePrecisions) ?? "minute";
        if (start is not null && end is not null)
        {
            if (end < start)
            {
                time!.Value.Reader.Fail(time.Value.At("end"), "is before the start");
            }
            else if (end - start > maxWindow)
            {
                time!.Value.Reader.Fail(time.Value.At("end"), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a report's time window is at most {maxWindow.TotalDays:0} days"));
            }
            if (start > env.Time + TimeSpan.FromMinutes(5))
            {
                time!.Value.Reader.Fail(time.Value.At("start"), "is after the time the report was signed");
            }
        }
        return (start, end, precision);
    }

    /// <summary>The source's id; and a dataset's name and the row as the dataset wrote it (column → text), for <c>source.kind</c> "dataset"
    /// only: the columns Truce has no field for are kept, and an export can give them back.</summary>
    static (string? Id, string? Name, IReadOnlyDictionary<string, string>? Fields) SourceOf(BodyReader.Scope? source, string? kind)
    {
        if (source is not { } s)
        {
            return (null, null, null);
        }
        var id = s.Str("id", max: 64);
        var name = s.Str("name", required: kind == "dataset", max: 100);
        if (s.Obj("fields") is not { } f)
        {
            return (id, name, null);
        }
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in f.Element.EnumerateObject())
        {
            if (fields.Count >= MaxSourceFields)
            {
                s.Reader.Fail(s.At("fields"), $"has more than {MaxSourceFields} columns");
                break;
            }
            if (p.Name.Length is 0 or > 100 || p.Value.ValueKind != JsonValueKind.String || p.Value.GetString()!.Length > MaxSourceFieldChars)
            {
                s.Reader.Fail(f.At(p.Name), $"each column is a name of 1–100 characters with a text of at most {MaxSourceFieldChars} characters");
                continue;
            }
            fields[p.Name] = p.Value.GetString()!;
        }
        if (kind != "dataset")
        {
            s.Reader.Fail(s.At("fields"), "only a dataset's row (source.kind \"dataset\") carries its original columns");
        }
        return (id, name, fields);
    }

    /// <summary>Where the event was: a geometry with its precision, an observer's bearing, or both (one is required).</summary>
    static (Geometry? Geometry, string? Precision, double? RadiusM, Observer? Observer) Where(BodyReader.Scope b, BodyReader.Scope? location)
    {
        var r = b.Reader;
        Geometry? geometry = null;
        string? precision = null;
        double? radius = null;
        if (location is { } loc)
        {
            if (loc.Has("geometry"))
            {
                geometry = GeoJson.Read(loc.Element.GetProperty("geometry"), loc.At("geometry"), r.Fail);
            }
            else
            {
                r.Fail(loc.At("geometry"), "is required: resolve a place name first (GET /api/places/resolve) and send its point");
            }
            precision = loc.OneOf("precision", Shipped.Precisions.Keys.ToList());
            radius = loc.Num("radius", min: 1, max: 500_000);
            if (precision is null && radius is null && loc.Has("geometry"))
            {
                r.Fail(loc.At("precision"), "say how precise the location is: a precision or a radius in metres");
            }
        }
        var observer = ObserverOf(b);
        if (geometry is null && location is null && observer?.HasRay != true && !r.Errors.Any(e => e.Field.StartsWith("body.observer", StringComparison.Ordinal)))
        {
            r.Fail("body.location", "is required unless the observer gives a position, bearing and distance band");
        }
        return (geometry, precision, radius, observer);
    }

    static Observer? ObserverOf(BodyReader.Scope b)
    {
        if (b.Obj("observer") is not { } o)
        {
            return null;
        }
        var r = b.Reader;
        var pos = o.Obj("position", required: true);
        Point? point = null;
        if (pos is { } pp)
        {
            point = GeoJson.Read(pp.Element, pp.Path, r.Fail) as Point;
            if (point is null && r.Errors.All(e => !e.Field.StartsWith(pp.Path, StringComparison.Ordinal)))
            {
                r.Fail(pp.At("type"), "an observer's position is a GeoJSON Point");
            }
        }
        var bearing = o.Num("bearing", min: 0, max: 360);
        var error = o.Num("bearingError", min: 0, max: 90) ?? 10;
        double? minKm = null, maxKm = null;
        if (o.Obj("distance") is { } d)
        {
            minKm = d.Num("min", required: true, min: 0, max: 100);
            maxKm = d.Num("max", required: true, min: 0, max: 100);
            if (minKm > maxKm)
            {
                r.Fail(d.At("min"), "is more than max");
            }
        }
        if (bearing is not null && maxKm is null)
        {
            r.Fail(o.At("distance"), "a bearing needs a distance band {min, max} in km to place the event");
        }
        return point is null ? null : new Observer(o.Str("id", max: 64), point.Y, point.X, bearing, error, minKm, maxKm);
    }

    static Dictionary<string, Estimate> Counts(BodyReader.Scope b)
    {
        var counts = new Dictionary<string, Estimate>(StringComparer.Ordinal);
        if (b.Obj("counts") is { } c)
        {
            foreach (var p in c.Element.EnumerateObject().Take(20))
            {
                // A count's name is shown in correlation's reasons ("35 against 40 explosions"): a word, not a text.
                if (p.Name.Length is 0 or > 40)
                {
                    c.Reader.Fail(c.At(p.Name.Length == 0 ? "\"\"" : p.Name[..40] + "…"), "a count's name is 1 to 40 characters (\"explosions\", \"bursts\")");
                    continue;
                }
                if (ReadEstimate(c, p.Name) is { } e)
                {
                    counts[p.Name] = e;
                }
            }
        }
        return counts;
    }

    static List<Casualties> CasualtiesOf(BodyReader.Scope b)
    {
        var casualties = new List<Casualties>();
        foreach (var cas in b.Arr("casualties", max: 20))
        {
            casualties.Add(new Casualties(cas.Str("side", max: 64) ?? "unknown", cas.OneOf("status", CasualtyStatuses) ?? "unknown",
                ReadEstimate(cas, "killed"), ReadEstimate(cas, "injured")));
        }
        return casualties;
    }

    static List<Evidence> EvidenceOf(BodyReader.Scope b)
    {
        var evidence = new List<Evidence>();
        foreach (var ev in b.Arr("evidence", max: 50))
        {
            var digest = ev.Str("digest", required: true, max: 64);
            if (digest is not null && (digest.Length != 64 || !digest.All(Uri.IsHexDigit)))
            {
                b.Reader.Fail(ev.At("digest"), "must be the lowercase hex SHA-256 of the evidence file");
            }
            evidence.Add(new Evidence(digest ?? "", ev.Str("mediaType", max: 100), ev.Str("description", max: 2000)));
        }
        return evidence;
    }

    /// <summary>A number, or <c>{low, best, high}</c>: low and high default to best; best may be left out when it is unknown,
    /// if low and high are both given (a reporter who writes best 0 or a guess for "unknown" would skew the incident's median).</summary>
    static Estimate? ReadEstimate(BodyReader.Scope s, string name)
    {
        if (!s.Has(name))
        {
            return null;
        }
        if (s.Element.GetProperty(name).ValueKind == JsonValueKind.Number)
        {
            var n = s.Num(name, min: 0, max: 1_000_000);
            return n is null ? null : new Estimate(n.Value, n.Value, n.Value);
        }
        if (s.Obj(name) is not { } e)
        {
            return null;
        }
        var (best, low, high) = (e.Num("best", min: 0, max: 1_000_000), e.Num("low", min: 0, max: 1_000_000), e.Num("high", min: 0, max: 1_000_000));
        if ((best is null && e.Has("best")) || (low is null && e.Has("low")) || (high is null && e.Has("high")))
        {
            return null;
        }
        if (best is null && (low is null || high is null))
        {
            s.Reader.Fail(e.At("best"), "is required; when the best figure is unknown, omit best and give both low and high");
            return null;
        }
        (low, high) = (low ?? best, high ?? best);
        if (best is not null && !(low <= best && best <= high))
        {
            s.Reader.Fail(e.Path, "must have low ≤ best ≤ high; when the best figure is unknown, omit best and give low and high");
            return null;
        }
        if (low > high)
        {
            s.Reader.Fail(e.Path, "must have low ≤ high");
            return null;
        }
        return new Estimate(low!.Value, best, high!.Value);
    }

    /// <summary>The location (with its precision radius taken as 2σ) and the observer's bearing, fused.</summary>
    static Gaussian EstimateOf(Geometry? g, double? radiusM, Observer? o)
    {
        Gaussian? fromLocation = null;
        if (g is not null)
        {
            var c = g.Centroid.Coordinate;
            var extentKm = g is Point ? 0 : g.Coordinates.Max(v => LocalFrame.DistanceKm(c.Y, c.X, v.Y, v.X));
            var precisionKm = (radiusM ?? 1000) / 1000;
            fromLocation = Gaussian.Round(c.Y, c.X, Math.Sqrt(Math.Pow(extentKm / 2, 2) + Math.Pow(precisionKm / 2, 2)));
        }
        Gaussian? fromRay = o is { HasRay: true }
            ? Gaussian.Ray(o.Lat, o.Lon, o.Bearing!.Value, o.BearingError, o.MinKm!.Value, o.MaxKm!.Value)
            : null;
        return (fromLocation, fromRay) switch
        {
            ({ } l, { } ray) => l.Fuse(ray),
            ({ } l, null) => l,
            (null, { } ray) => ray,
            _ => throw new InvalidOperationException("a parsed report has a location or a bearing"),
        };
    }
}
