namespace Truce.Places;

/// <summary>What a place is. Settlements, districts and regions ship with Truce; the rest are defined by a mission at run time.</summary>
public enum PlaceKind
{
    Settlement,
    District,
    Region,
    Checkpoint,
    Post,
    Corridor,
    Other,
}

/// <summary>Well-known naming conventions. Any other string (a mission's own, say) is a convention too.</summary>
public static class Conventions
{
    /// <summary>Names in the Republic of Azerbaijan's official usage.</summary>
    public const string Az = "az";

    /// <summary>Names in the usage of the Republic of Armenia and of the de facto authorities of Nagorno-Karabakh.</summary>
    public const string Am = "am";

    /// <summary>Every party convention's name side by side, in the deployment's naming order.</summary>
    public const string Neutral = "neutral";

    /// <summary>The one name GeoNames records: a reference, no party's convention; shown only when a place has no other name.</summary>
    public const string GeoNames = "geonames";

    /// <summary>Soviet-era or earlier names still met in reports: they resolve but are never displayed.</summary>
    public const string Former = "former";

    /// <summary>Reference conventions are not a party's naming and never take part in a neutral display.</summary>
    public static bool IsReference(string convention) => convention is GeoNames or Former;
}

/// <summary>One name of a place: whose convention, in which language (az, hy, ru, en, or "und" when unknown), and whether it is confirmed.</summary>
/// <param name="Uncertain">A name the data could not confirm: it resolves, with lower confidence, and is displayed only if nothing else exists.</param>
public sealed record PlaceName(string Convention, string Language, string Name, bool Uncertain = false);

/// <summary>A place of the gazetteer: a settlement, a district, a region, or a place a mission defines (checkpoint, post, corridor).</summary>
/// <param name="Id">Stable id: "geonames:N" for GeoNames settlements, "az-district:…", "am-province:…", "region:…", or the mission's own.</param>
/// <param name="Lat">Latitude of the place, or of the centre of a district or region (WGS 84 degrees).</param>
/// <param name="Lon">Longitude, likewise.</param>
/// <param name="Names">Every name, in order of preference within each (convention, language).</param>
public sealed record Place(string Id, PlaceKind Kind, double Lat, double Lon, IReadOnlyList<PlaceName> Names)
{
    /// <summary>A settlement a mission defines by entry: each key of <paramref name="names"/> is a naming convention (a
    /// party's, or the mission's own), the language unknown. One that redefines a <paramref name="shipped"/> settlement
    /// moves it and keeps its names after the entry's, so its shipped names still resolve.</summary>
    public static Place DefinedSettlement(string id, double lat, double lon, IReadOnlyDictionary<string, string> names, long definedBy,
        Place? shipped = null)
    {
        IReadOnlyList<PlaceName> given = [.. names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => new PlaceName(n.Key, "und", n.Value))];
        var source = $"place entry {definedBy}";
        return shipped is { Kind: PlaceKind.Settlement }
            ? shipped with { Lat = lat, Lon = lon, Names = [.. given, .. shipped.Names], Source = $"{source}, moving {shipped.Source}", DefinedBy = definedBy }
            : new(id, PlaceKind.Settlement, lat, lon, given) { Source = source, DefinedBy = definedBy };
    }

    /// <summary>The log index of the entry that defined it (the latest, when several did); −1 for the build's own.</summary>
    public long DefinedBy { get; init; } = -1;

    /// <summary>Extent in metres: the radius of the circle a district or region is approximated by; 0 when unknown.</summary>
    public double RadiusMetres { get; init; }

    /// <summary>The districts the place lies in, one per administrative division that covers it (each party's division is its own).</summary>
    public IReadOnlyList<string> DistrictIds { get; init; } = [];

    /// <summary>ISO 3166-1 alpha-2 country as GeoNames records it, when the place comes from GeoNames.</summary>
    public string? Country { get; init; }

    /// <summary>Where the place and its names come from.</summary>
    public string? Source { get; init; }

    /// <summary>The conventions that name this place, reference conventions excluded.</summary>
    public IEnumerable<string> PartyConventions =>
        Names.Select(n => n.Convention).Where(c => !Conventions.IsReference(c)).Distinct(StringComparer.Ordinal);
}
