using System.Collections.Immutable;

namespace Truce.Places;

/// <summary>A place found by <see cref="Gazetteer.Near"/>, with its great-circle distance from the query point.</summary>
public sealed record Nearby(Place Place, double DistanceMetres);

/// <summary>A circle on the Earth.</summary>
public sealed record Circle(double Lat, double Lon, double RadiusMetres);

/// <summary>
/// The gazetteer: settlements, districts and regions with every party's names, plus the places a mission defines at run time.
/// Reads are lock-free over an immutable snapshot, so any number of threads may look up while one adds.
/// </summary>
public sealed partial class Gazetteer
{
    private const double CellDegrees = 0.1;
    private const int Columns = 3600;
    private const double MetresPerDegree = Geo.EarthRadiusMetres * Math.PI / 180;

    private sealed record Entry(Place Place, PlaceName Name);

    private sealed record Index(
        ImmutableSortedDictionary<string, Place> ById,
        ImmutableDictionary<string, ImmutableArray<Entry>> ByFold,
        ImmutableDictionary<string, ImmutableArray<Entry>> BySkeleton,
        ImmutableDictionary<string, ImmutableArray<Entry>> ByStemFold,
        ImmutableDictionary<string, ImmutableArray<Entry>> ByStemSkeleton,
        ImmutableDictionary<long, ImmutableArray<Place>> Grid,
        ImmutableHashSet<string> Conventions);

    private static readonly Index Empty = new(
        ImmutableSortedDictionary.Create<string, Place>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<Entry>>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<Entry>>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<Entry>>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<Entry>>(StringComparer.Ordinal),
        ImmutableDictionary<long, ImmutableArray<Place>>.Empty,
        ImmutableHashSet.Create<string>(StringComparer.Ordinal));

    private readonly Lock writeLock = new();
    private volatile Index index = Empty;
    private volatile string[] namingOrder;
    private volatile Circle conflictZone = new(39.75, 46.75, 90_000);

    /// <summary>An empty gazetteer, or one holding <paramref name="places"/>.</summary>
    /// <param name="namingOrder">The order of conventions in a neutral display; by default none, so conventions sort by id.</param>
    public Gazetteer(IEnumerable<Place>? places = null, IEnumerable<string>? namingOrder = null)
    {
        this.namingOrder = [.. namingOrder ?? []];
        foreach (var place in places ?? [])
        {
            Add(place);
        }
    }

    /// <summary>
    /// A new gazetteer holding the data shipped with Truce (GeoNames settlements and the table of each party's names).
    /// Each call returns its own instance, so places one deployment adds never leak into another.
    /// </summary>
    public static Gazetteer LoadDefault()
    {
        var (places, conventions) = DefaultData.Load();
        // No convention is the default truth: the shipped order is alphabetical by convention id; a deployment sets its own.
        return new Gazetteer(places, conventions.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The order in which a neutral display lists conventions. Conventions a place has that are not listed follow,
    /// alphabetically by id. Chosen by the deployment; the shipped default is alphabetical.
    /// </summary>
    public IReadOnlyList<string> NamingOrder
    {
        get => Array.AsReadOnly(namingOrder);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("a naming order lists convention ids; an empty id is not one", nameof(value));
            }
            namingOrder = [.. value];
        }
    }

    /// <summary>Where an ambiguous name is preferred: by default a circle of 90 km around the former NKAO and the seven districts.</summary>
    public Circle ConflictZone
    {
        get => conflictZone;
        set => conflictZone = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Every place, sorted by id (a snapshot: places added later are not in it).</summary>
    public IEnumerable<Place> All => index.ById.Values;

    /// <summary>How many places the gazetteer holds.</summary>
    public int Count => index.ById.Count;

    /// <summary>The place with this id, or null.</summary>
    public Place? Find(string id) => index.ById.GetValueOrDefault(id);

    /// <summary>
    /// Adds a place, or replaces the place with the same id: for checkpoints, posts and the corridor, which a mission
    /// defines at run time. Throws <see cref="ArgumentException"/> naming the field when the place is not valid.
    /// </summary>
    public void Add(Place place)
    {
        Validate(place);
        // A copy, so a caller who keeps and changes its lists cannot change the index behind the gazetteer's back.
        place = place with { Names = [.. place.Names], DistrictIds = [.. place.DistrictIds] };
        lock (writeLock)
        {
            var ix = index;
            if (ix.ById.TryGetValue(place.Id, out var old))
            {
                ix = Remove(ix, old);
            }
            index = Insert(ix, place);
        }
    }

    /// <summary>Removes the place with this id, if there is one (a mission's place redefined as something the gazetteer
    /// does not hold).</summary>
    public bool Remove(string id)
    {
        lock (writeLock)
        {
            var ix = index;
            if (!ix.ById.TryGetValue(id, out var old))
            {
                return false;
            }
            index = Remove(ix, old);
            return true;
        }
    }

    /// <summary>Whether a key may not name a naming convention of a place added at run time: "neutral", GeoNames' reference,
    /// "und", or a language the gazetteer's names are in that is not also a convention (a place named under "hy" would
    /// make naming=hy a convention for every place, no longer the Armenian-language names).</summary>
    public bool IsReservedNaming(string key) =>
        key is Conventions.Neutral or Conventions.GeoNames or "und"
        || (!index.Conventions.Contains(key) && !namingOrder.Contains(key) && index.ById.Values.Any(p => p.Names.Any(n => n.Language == key)));

    /// <summary>A gazetteer of its own holding the same places, naming order and conflict zone: what is added to it
    /// later stays in it.</summary>
    public Gazetteer Copy() => new(All, namingOrder) { ConflictZone = conflictZone };

    /// <summary>Places whose point lies within <paramref name="radiusMetres"/> of a point, nearest first, optionally of one kind.</summary>
    public IReadOnlyList<Nearby> Near(double lat, double lon, double radiusMetres, PlaceKind? kind = null)
    {
        CheckPoint(lat, lon, "lat", "lon");
        if (!double.IsFinite(radiusMetres) || radiusMetres < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(radiusMetres), radiusMetres, "radius must be a finite number of metres, not negative");
        }
        var ix = index;
        var found = new List<Nearby>();
        var dLat = radiusMetres / MetresPerDegree;
        var rowLo = Row(Math.Max(-90, lat - dLat));
        var rowHi = Row(Math.Min(90, lat + dLat));
        var poleward = Math.Min(90, Math.Max(Math.Abs(lat - dLat), Math.Abs(lat + dLat)));
        var cos = Math.Cos(poleward * Math.PI / 180);
        var dLon = cos < 1e-6 ? 360 : dLat / cos;
        var colLo = Column(lon - dLon);
        var columns = dLon >= 180 ? Columns : (Column(lon + dLon) - colLo + Columns) % Columns + 1;
        for (var row = rowLo; row <= rowHi; row++)
        {
            for (var i = 0; i < columns; i++)
            {
                if (!ix.Grid.TryGetValue(Key(row, (colLo + i) % Columns), out var cell))
                {
                    continue;
                }
                foreach (var place in cell)
                {
                    if (kind is { } k && place.Kind != k)
                    {
                        continue;
                    }
                    var d = Geo.Distance(lat, lon, place.Lat, place.Lon);
                    if (d <= radiusMetres)
                    {
                        found.Add(new Nearby(place, d));
                    }
                }
            }
        }
        found.Sort((a, b) => a.DistanceMetres != b.DistanceMetres
            ? a.DistanceMetres.CompareTo(b.DistanceMetres)
            : string.CompareOrdinal(a.Place.Id, b.Place.Id));
        return found;
    }

    /// <summary>
    /// The name to show a reader. <paramref name="naming"/> is a convention ("az", "am", a mission's), "neutral", or a
    /// language ("ru", "hy", "en"). A convention shows its own name (in <paramref name="language"/> when it has one);
    /// "neutral" and a language show every party convention's name joined with " / " in <see cref="NamingOrder"/>, so one
    /// side's name never stands alone where the sides' names differ. A place a convention does not name is shown neutrally.
    /// </summary>
    public string DisplayName(Place place, string naming = Conventions.Neutral, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(naming);
        ArgumentNullException.ThrowIfNull(language);
        if (naming == Conventions.Neutral)
        {
            return NeutralName(place, language);
        }
        if (Pick(place, naming, language) is { } own)
        {
            return own;
        }
        // A convention that does not name this place: show it neutrally. Anything else is read as a language.
        var isConvention = Conventions.IsReference(naming) || namingOrder.Contains(naming) || index.Conventions.Contains(naming);
        return NeutralName(place, isConvention ? language : naming);
    }

    private string NeutralName(Place place, string language)
    {
        var order = namingOrder;
        var conventions = order.Where(c => place.Names.Any(n => n.Convention == c))
            .Concat(place.PartyConventions.Where(c => !order.Contains(c)).Order(StringComparer.Ordinal));
        var shown = new List<string>();
        foreach (var convention in conventions)
        {
            if (Pick(place, convention, language) is { } name && !shown.Any(s => NameKey.Fold(s) == NameKey.Fold(name)))
            {
                shown.Add(name);
            }
        }
        if (shown.Count > 0)
        {
            return string.Join(" / ", shown);
        }
        return Pick(place, Conventions.GeoNames, language)
            ?? place.Names.FirstOrDefault(n => !Conventions.IsReference(n.Convention))?.Name
            ?? (place.Names.Count > 0 ? place.Names[0].Name : place.Id);
    }

    // A convention's confirmed name: in the language asked for, else its English transliteration, else its first.
    private static string? Pick(Place place, string convention, string language)
    {
        PlaceName? first = null, english = null;
        foreach (var n in place.Names)
        {
            if (n.Convention != convention || n.Uncertain)
            {
                continue;
            }
            if (n.Language == language)
            {
                return n.Name;
            }
            first ??= n;
            if (n.Language == "en")
            {
                english ??= n;
            }
        }
        return (english ?? first)?.Name;
    }

    private static void Validate(Place place)
    {
        ArgumentNullException.ThrowIfNull(place);
        if (string.IsNullOrWhiteSpace(place.Id))
        {
            throw new ArgumentException("place.Id must not be empty", nameof(place));
        }
        CheckPoint(place.Lat, place.Lon, "place.Lat", "place.Lon");
        if (!double.IsFinite(place.RadiusMetres) || place.RadiusMetres < 0)
        {
            throw new ArgumentException($"place.RadiusMetres must be a finite number of metres, not negative (place {place.Id})", nameof(place));
        }
        if (place.Names is null || place.DistrictIds is null)
        {
            throw new ArgumentException($"place.Names and place.DistrictIds must not be null (place {place.Id})", nameof(place));
        }
        foreach (var n in place.Names)
        {
            if (n is null || string.IsNullOrWhiteSpace(n.Name) || string.IsNullOrWhiteSpace(n.Convention) || string.IsNullOrWhiteSpace(n.Language))
            {
                throw new ArgumentException($"place.Names: every name needs a convention, a language and a non-empty name (place {place.Id})", nameof(place));
            }
        }
    }

    private static void CheckPoint(double lat, double lon, string latField, string lonField)
    {
        if (!double.IsFinite(lat) || lat is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(latField, lat, "latitude must be between -90 and 90 degrees");
        }
        if (!double.IsFinite(lon) || lon is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(lonField, lon, "longitude must be between -180 and 180 degrees");
        }
    }

    private static int Row(double lat) => Math.Clamp((int)Math.Floor((lat + 90) / CellDegrees), 0, (int)(180 / CellDegrees) - 1);

    private static int Column(double lon) => (int)Math.Floor((Geo.NormaliseLongitude(lon) + 180) / CellDegrees) % Columns;

    private static long Key(int row, int column) => (long)row * Columns + column;

    private static long CellOf(Place p) => Key(Row(p.Lat), Column(p.Lon));

    // Generic words of district and region names: "Fuzuli district" is looked up by its stem "fuzuli".
    private static readonly HashSet<string> GenericWords = new(StringComparer.Ordinal)
    {
        "district", "province", "region", "rayon", "rayonu", "raion", "area", "economic", "iqtisadi", "autonomous", "oblast",
        "marz", "район", "область", "экономический", "автономная", "շրջան", "մարզ",
    };

    private static string Stem(string folded) =>
        string.Join(' ', folded.Split(' ').Where(w => !GenericWords.Contains(w)));

    private static (string Fold, string Skeleton, string? StemFold, string? StemSkeleton) Keys(Place place, PlaceName name)
    {
        var fold = NameKey.Fold(name.Name);
        string? stem = null;
        if (place.Kind is PlaceKind.District or PlaceKind.Region)
        {
            var s = Stem(fold);
            stem = s.Length > 0 && s != fold ? s : null;
        }
        return (fold, NameKey.Skeleton(name.Name), stem, stem is null ? null : NameKey.Skeleton(stem));
    }

    private static Index Insert(Index ix, Place place)
    {
        var byFold = ix.ByFold;
        var bySkeleton = ix.BySkeleton;
        var byStemFold = ix.ByStemFold;
        var byStemSkeleton = ix.ByStemSkeleton;
        foreach (var name in place.Names)
        {
            var entry = new Entry(place, name);
            var (fold, skeleton, stemFold, stemSkeleton) = Keys(place, name);
            byFold = Append(byFold, fold, entry);
            bySkeleton = Append(bySkeleton, skeleton, entry);
            if (stemFold is not null)
            {
                byStemFold = Append(byStemFold, stemFold, entry);
                byStemSkeleton = Append(byStemSkeleton, stemSkeleton!, entry);
            }
        }
        var cell = CellOf(place);
        return new Index(
            ix.ById.SetItem(place.Id, place), byFold, bySkeleton, byStemFold, byStemSkeleton,
            ix.Grid.SetItem(cell, ix.Grid.GetValueOrDefault(cell, []).Add(place)),
            ix.Conventions.Union(place.Names.Select(n => n.Convention)));
    }

    private static Index Remove(Index ix, Place place)
    {
        var cell = CellOf(place);
        return ix with
        {
            ById = ix.ById.Remove(place.Id),
            ByFold = Without(ix.ByFold, place.Id),
            BySkeleton = Without(ix.BySkeleton, place.Id),
            ByStemFold = Without(ix.ByStemFold, place.Id),
            ByStemSkeleton = Without(ix.ByStemSkeleton, place.Id),
            Grid = ix.Grid.SetItem(cell, ix.Grid[cell].RemoveAll(p => p.Id == place.Id)),
        };
    }

    private static ImmutableDictionary<string, ImmutableArray<Entry>> Append(
        ImmutableDictionary<string, ImmutableArray<Entry>> map, string key, Entry entry) =>
        key.Length == 0 ? map : map.SetItem(key, map.GetValueOrDefault(key, []).Add(entry));

    // Replacing a place is rare (a mission moves a checkpoint), so a full pass over the name index is acceptable.
    private static ImmutableDictionary<string, ImmutableArray<Entry>> Without(
        ImmutableDictionary<string, ImmutableArray<Entry>> map, string id)
    {
        var builder = map.ToBuilder();
        foreach (var (key, entries) in map)
        {
            if (entries.Any(e => e.Place.Id == id))
            {
                var kept = entries.RemoveAll(e => e.Place.Id == id);
                if (kept.IsEmpty)
                {
                    builder.Remove(key);
                }
                else
                {
                    builder[key] = kept;
                }
            }
        }
        return builder.ToImmutable();
    }
}
