using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Truce.Places;

public sealed partial class Gazetteer
{
    /// <summary>Extent of a settlement whose size is unknown; "near" and offsets add to it.</summary>
    public const double SettlementRadiusMetres = 2_000;

    private const double NearMetres = 5_000;
    private const double OutskirtsMetres = 1_000;
    private const double UnspecifiedOffsetMetres = 5_000;
    private const double LooseSpelling = 0.85;
    private const double UncertainName = 0.7;
    private const double Ambiguous = 0.6;
    private const double GuessedDistrict = 0.7;
    private const double DroppedQualifier = 0.95;
    private const int MaxTextLength = 300;
    /// <summary>Half the Earth's circumference: a stated distance beyond it names no point (the arithmetic would wrap
    /// around the globe and land anywhere), so such a text resolves to nothing.</summary>
    private const double MaxOffsetMetres = 20_000_000;

    [GeneratedRegex(@"^(?:(?:about|approx(?:imately|\.)?|some|around|~)\s*)?(?<d>\d+(?:[.,]\d+)?)\s*(?<u>km|kms|kilomet(?:er|re)s?|m|met(?:er|re)s?)\.?\s+(?:to\s+the\s+)?(?<dir>[a-z][a-z -]*?)\s+(?:of|from)\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPhrase();

    [GeneratedRegex(@"^(?:(?:on|at|in)\s+)?(?:the\s+)?(?:outskirts|edge|suburbs)\s+of\s+(?<rest>.+)$|^(?<rest>.+?)\s+outskirts$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OutskirtsPhrase();

    [GeneratedRegex(@"^(?:near(?:\s+to)?|nearby|close\s+to|around|in\s+the\s+(?:vicinity|area)\s+of|vicinity\s+of|next\s+to|not\s+far\s+from|just\s+outside(?:\s+of)?|outside(?:\s+of)?)\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NearPhrase();

    [GeneratedRegex(@"^(?:to\s+the\s+)?(?<dir>[a-z][a-z -]*?)\s+of\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DirectionPhrase();

    [GeneratedRegex(@"^(?:in|at|the|village\s+of|town\s+of|city\s+of|settlement\s+of)\s+(?<rest>.+)$|^(?<rest>.+?)\s+(?:village|town|city|settlement)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filler();

    [GeneratedRegex(@"^(?<stem>.+?)\s+(?:district|province|region|rayon|rayonu|raion|area|marz|район|շրջան)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DistrictPhrase();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>
    /// Resolves a free-text location ("Shushi", "Ağdam", "near Shusha", "2 km north of Fuzuli", "Fuzuli district",
    /// "outskirts of Khankendi") to a place, a point, a precision and a radius. Names match whatever the case and the
    /// diacritics, then by a transliteration skeleton with lower confidence. A name two places share resolves to the one in
    /// <see cref="ConflictZone"/>, with lower confidence and the other as an alternative. Returns null rather than guess.
    /// </summary>
    public Resolution? Resolve(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            return null;
        }
        var ix = index;
        var zone = conflictZone;
        var t = Spaces().Replace(text.Trim(), " ").TrimEnd('.', ';', ':');

        if (OffsetPhrase().Match(t) is { Success: true } offset && Geo.CompassBearing(offset.Groups["dir"].Value) is { } bearing
            && ResolveBase(ix, zone, offset.Groups["rest"].Value) is { } origin)
        {
            var d = double.Parse(offset.Groups["d"].Value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (offset.Groups["u"].Value.StartsWith('k'))
            {
                d *= 1000;
            }
            if (d > MaxOffsetMetres)
            {
                return null;
            }
            var (lat, lon) = Geo.Destination(origin.Lat, origin.Lon, bearing, d);
            // A stated distance is usually rounded and measured from somewhere in the place: a quarter of it, plus the
            // place's own extent (a settlement's centre, or the vaguer centre of a district), bounds where the point may be.
            var originExtent = origin.Precision is Precision.Exact or Precision.Settlement ? OutskirtsMetres : origin.RadiusMetres;
            return origin with { Precision = Precision.Near, Lat = lat, Lon = lon, RadiusMetres = (0.25 * d) + originExtent };
        }
        if (OutskirtsPhrase().Match(t) is { Success: true } outskirts && ResolveBase(ix, zone, outskirts.Groups["rest"].Value) is { } edge)
        {
            return edge with { Precision = Precision.Near, RadiusMetres = edge.RadiusMetres + OutskirtsMetres };
        }
        if (NearPhrase().Match(t) is { Success: true } near && ResolveBase(ix, zone, near.Groups["rest"].Value) is { } around)
        {
            return around with { Precision = Precision.Near, RadiusMetres = around.RadiusMetres + NearMetres };
        }
        if (DirectionPhrase().Match(t) is { Success: true } side && Geo.CompassBearing(side.Groups["dir"].Value) is { } way
            && ResolveBase(ix, zone, side.Groups["rest"].Value) is { } of)
        {
            // "north of X" gives a side but no distance: a point a few kilometres out that way, with as wide a radius.
            var (lat, lon) = Geo.Destination(of.Lat, of.Lon, way, UnspecifiedOffsetMetres);
            return of with { Precision = Precision.Near, Lat = lat, Lon = lon, RadiusMetres = UnspecifiedOffsetMetres + of.RadiusMetres / 2 };
        }
        return ResolveBase(ix, zone, t);
    }

    // A place named on its own, possibly with filler words, a district word, alternatives ("Shusha / Shushi") or a qualifier after a comma.
    private static Resolution? ResolveBase(Index ix, Circle zone, string text)
    {
        var t = text.Trim();
        for (var m = Filler().Match(t); m.Success; m = Filler().Match(t))
        {
            t = m.Groups["rest"].Value.Trim();
        }
        if (Lookup(ix.ByFold, ix.BySkeleton, t, zone, _ => true) is { } named)
        {
            return named;
        }
        static bool IsUnit(Place p) => p.Kind is PlaceKind.District or PlaceKind.Region;
        // A district or region is often named without its generic word: "Kashatagh", "Syunik".
        if (Lookup(ix.ByStemFold, ix.ByStemSkeleton, t, zone, IsUnit) is { } bare)
        {
            return bare;
        }
        if (DistrictPhrase().Match(t) is { Success: true } district)
        {
            var stem = district.Groups["stem"].Value;
            if ((Lookup(ix.ByStemFold, ix.ByStemSkeleton, stem, zone, IsUnit) ?? Lookup(ix.ByFold, ix.BySkeleton, stem, zone, IsUnit)) is { } unit)
            {
                return unit;
            }
            // "Aghdara district" names a district no current division has: the district around that settlement, loosely.
            if (Lookup(ix.ByFold, ix.BySkeleton, stem, zone, p => p.Kind == PlaceKind.Settlement) is { } town)
            {
                return town with
                {
                    Precision = Precision.District,
                    RadiusMetres = 15_000,
                    Confidence = town.Confidence * GuessedDistrict,
                };
            }
        }
        var parts = t.Split(['/', '(', ')'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length > 1)
        {
            var each = parts.Select(p => Lookup(ix.ByFold, ix.BySkeleton, p, zone, _ => true)).ToList();
            if (each.All(r => r is not null) && each.Select(r => r!.Place.Id).Distinct().Count() == 1)
            {
                return each.MinBy(r => r!.Confidence);
            }
            return null;
        }
        var comma = t.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && ResolveBase(ix, zone, t[..comma]) is { } before)
        {
            return before with { Confidence = before.Confidence * DroppedQualifier };
        }
        return null;
    }

    private static Resolution? Lookup(
        IReadOnlyDictionary<string, ImmutableArray<Entry>> byFold,
        IReadOnlyDictionary<string, ImmutableArray<Entry>> bySkeleton,
        string text, Circle zone, Func<Place, bool> wanted)
    {
        var quality = 1.0;
        var hits = Hits(byFold, NameKey.Fold(text), wanted);
        if (hits.Count == 0)
        {
            hits = Hits(bySkeleton, NameKey.Skeleton(text), wanted);
            quality = LooseSpelling;
        }
        if (hits.Count == 0)
        {
            return null;
        }
        var ranked = hits
            .GroupBy(e => e.Place.Id)
            .Select(g => (Place: g.First().Place, Entry: g.OrderBy(e => e.Name.Uncertain).ThenBy(e => Conventions.IsReference(e.Name.Convention)).First()))
            .Select(c => (c.Place, c.Entry, Quality: quality * (c.Entry.Name.Uncertain ? UncertainName : 1)))
            .OrderByDescending(c => c.Quality)
            .ThenByDescending(c => Geo.Distance(c.Place.Lat, c.Place.Lon, zone.Lat, zone.Lon) <= zone.RadiusMetres)
            .ThenByDescending(c => c.Place.PartyConventions.Any())
            .ThenBy(c => Math.Round(Geo.Distance(c.Place.Lat, c.Place.Lon, zone.Lat, zone.Lon) / 1000))
            .ThenBy(c => c.Place.Kind)
            .ThenBy(c => c.Place.Id, StringComparer.Ordinal)
            .ToList();
        var best = ranked[0];
        var (precision, radius) = Extent(best.Place);
        return new Resolution(best.Place, precision, best.Place.Lat, best.Place.Lon, radius, best.Entry.Name.Name,
            best.Entry.Name.Convention, best.Quality * (ranked.Count > 1 ? Ambiguous : 1))
        {
            Language = best.Entry.Name.Language,
            Alternatives = [.. ranked.Skip(1).Select(c => c.Place)],
        };
    }

    private static List<Entry> Hits(
        IReadOnlyDictionary<string, ImmutableArray<Entry>> map, string key, Func<Place, bool> wanted) =>
        key.Length > 0 && map.TryGetValue(key, out var entries) ? [.. entries.Where(e => wanted(e.Place))] : [];

    private static (Precision, double) Extent(Place p)
    {
        var r = p.RadiusMetres;
        return p.Kind switch
        {
            PlaceKind.Settlement => (Precision.Settlement, r > 0 ? r : SettlementRadiusMetres),
            PlaceKind.District => (Precision.District, r > 0 ? r : 15_000),
            PlaceKind.Region => (Precision.Region, r > 0 ? r : 50_000),
            PlaceKind.Corridor => (Precision.Region, r > 0 ? r : 5_000),
            _ => (Precision.Exact, r > 0 ? r : 100),
        };
    }
}
