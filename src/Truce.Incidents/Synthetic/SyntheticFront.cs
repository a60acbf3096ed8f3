using Truce.Places;
using Truce.Spatial;

namespace Truce.Incidents.Synthetic;

/// <summary>A settlement of the synthetic front, with the name each party gives it.</summary>
public sealed record SyntheticSettlement(string Id, double X, double Y, string Side, string NameA, string NameB)
{
    /// <summary>The name a party uses: each side has its own, as Shusha / Shushi.</summary>
    public string NameBy(string party) => party == SyntheticFront.PartyA ? NameA : NameB;
}

/// <summary>An observation post of the mission, a little behind the line on one side.</summary>
public sealed record SyntheticPost(string Id, double X, double Y);

/// <summary>
/// The invented geography of <see cref="ProfileGenerator"/>: a winding line of contact 64 km long running north–south,
/// side A west of it and side B east, villages scattered on both sides at a profile's spacing (each with one name per
/// side, so that a party's statement names it in that party's convention), and the mission's observation posts along
/// the line. Positions are kept in km east and north of a centre and turned into WGS 84 only for bodies. Every place is
/// invented and says so (<see cref="Place.Source"/> "synthetic"); the gazetteer holds only these villages, so a
/// statement's place resolves exactly as <c>GET /api/places/resolve</c> would resolve it on this map.
/// </summary>
public sealed class SyntheticFront
{
    public const string PartyA = "az";
    public const string PartyB = "am";
    public const double HalfLengthKm = 32;
    public const double HalfWidthKm = 18;

    // The middle of the 2020 line of contact, so that the local frame's arithmetic is that of the real area.
    public const double CentreLat = 39.9;
    public const double CentreLon = 46.8;

    static readonly string[] Onsets = ["b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "kh", "ch", "gh", "ar", "ha"];
    static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ya"];
    static readonly string[] EndingsA = ["li", "lu", "kend", "abad", "ly", "chi"];
    static readonly string[] EndingsB = ["ashen", "avan", "ik", "adzor", "ut", "er"];

    readonly double _phase1;
    readonly double _phase2;

    public SyntheticFront(int seed, double settlementSpacingKm, double postSpacingKm)
    {
        var rng = new Random(seed);
        (_phase1, _phase2) = (2 * Math.PI * rng.NextDouble(), 2 * Math.PI * rng.NextDouble());
        Settlements = Scatter(rng, settlementSpacingKm);
        Posts = PlacePosts(postSpacingKm);
        Gazetteer = new Gazetteer(Settlements.Select(AsPlace), [PartyA, PartyB]) { ConflictZone = new Circle(CentreLat, CentreLon, 60_000) };
    }

    public IReadOnlyList<SyntheticSettlement> Settlements { get; }
    public IReadOnlyList<SyntheticPost> Posts { get; }
    public Gazetteer Gazetteer { get; }

    /// <summary>Where the line is (km east of the centre) at a northing: two waves, so it bends as real lines do.</summary>
    public double LineX(double y) => 3 * Math.Sin(2 * Math.PI * y / 40 + _phase1) + Math.Sin(2 * Math.PI * y / 13 + _phase2);

    /// <summary>The party whose side of the line a point is on.</summary>
    public string SideOf(double x, double y) => x < LineX(y) ? PartyA : PartyB;

    public static string Other(string party) => party == PartyA ? PartyB : PartyA;

    /// <summary>The x of a point <paramref name="depthKm"/> behind the line on a party's side.</summary>
    public double Behind(string party, double y, double depthKm) => LineX(y) + (party == PartyA ? -depthKm : depthKm);

    public static (double Lat, double Lon) ToLatLon(double x, double y) => LocalFrame.Move(CentreLat, CentreLon, x, y);

    /// <summary>The settlement of a party's side nearest to a point (the one its statement names).</summary>
    public SyntheticSettlement NearestOn(string party, double x, double y) =>
        Settlements.Where(s => s.Side == party).MinBy(s => (s.X - x) * (s.X - x) + (s.Y - y) * (s.Y - y))!;

    /// <summary>One village per cell of a square grid of the spacing, somewhere in the cell; none in the strip along the line.</summary>
    List<SyntheticSettlement> Scatter(Random rng, double spacing)
    {
        var list = new List<SyntheticSettlement>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var y = -HalfLengthKm - 4; y < HalfLengthKm + 4; y += spacing)
        {
            for (var x = -HalfWidthKm; x < HalfWidthKm; x += spacing)
            {
                var (sx, sy) = (x + spacing * rng.NextDouble(), y + spacing * rng.NextDouble());
                if (Math.Abs(sx - LineX(sy)) < 0.7)
                {
                    continue;
                }
                var id = $"synthetic:{list.Count + 1}";
                list.Add(new SyntheticSettlement(id, sx, sy, SideOf(sx, sy), Name(rng, EndingsA, used), Name(rng, EndingsB, used)));
            }
        }
        return list;
    }

    /// <summary>A pronounceable invented name, unique on the map (a shared name would be ambiguous to the gazetteer; the
    /// gazetteer matches a name exactly before it tries looser spellings, so unique letters are enough).</summary>
    static string Name(Random rng, string[] endings, HashSet<string> used)
    {
        while (true)
        {
            var s = Onsets[rng.Next(Onsets.Length)] + Vowels[rng.Next(Vowels.Length)] + Onsets[rng.Next(Onsets.Length)]
                + Vowels[rng.Next(Vowels.Length)] + endings[rng.Next(endings.Length)];
            if (used.Add(s))
            {
                return char.ToUpperInvariant(s[0]) + s[1..];
            }
        }
    }

    List<SyntheticPost> PlacePosts(double spacing)
    {
        var posts = new List<SyntheticPost>();
        for (var y = -HalfLengthKm + spacing / 2; y < HalfLengthKm; y += spacing)
        {
            // Alternate sides, 1.5 km behind the line: the mission watches from both.
            var party = posts.Count % 2 == 0 ? PartyA : PartyB;
            posts.Add(new SyntheticPost($"OP-{posts.Count + 1}", Behind(party, y, 1.5), y));
        }
        return posts;
    }

    static Place AsPlace(SyntheticSettlement s)
    {
        var (lat, lon) = ToLatLon(s.X, s.Y);
        return new Place(s.Id, PlaceKind.Settlement, lat, lon, [new PlaceName(PartyA, "und", s.NameA), new PlaceName(PartyB, "und", s.NameB)])
        {
            Source = "synthetic",
        };
    }
}
