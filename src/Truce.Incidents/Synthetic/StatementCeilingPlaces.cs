using Truce.Spatial;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// Where an observed event may be, as its observers' reports say under the generator's own model of them
/// (<see cref="ProfileObservers"/>) and of where events of its kind fall (<see cref="ProfileGenerator"/>): the posterior
/// over the event's place, on a grid, for <see cref="StatementCeiling"/> to weigh a statement's village against. What a
/// live book has of an event's place is its observers' reports; this is them read as well as they can be.
/// </summary>
public static partial class StatementCeiling
{
    /// <summary>A point of an event's place posterior, its weight, and the village each party would name from it.</summary>
    public readonly record struct PlacePoint(double X, double Y, double W, string NearA, string NearB)
    {
        public string Near(string party) => party == SyntheticFront.PartyA ? NearA : NearB;
    }

    /// <summary>Points kept of a posterior: the heaviest, up to this many and <see cref="KeptMass"/> of the mass.</summary>
    const int MaxPoints = 300;

    const double KeptMass = 0.999;

    static Dictionary<int, PlacePoint[]> PlacePosteriors(ProfileScenario scenario)
    {
        var byEvent = scenario.Reports.Where(r => !ProfileScenario.IsStatement(r)).ToLookup(r => r.TrueEvent);
        var posts = scenario.Front.Posts.ToDictionary(p => p.Id);
        return scenario.Events.Where(e => byEvent.Contains(e.Id))
            .ToDictionary(e => e.Id, e => PlacePosterior(e, byEvent[e.Id], scenario.Profile, scenario.Front, posts));
    }

    /// <summary>The posterior over <paramref name="e"/>'s place given its observers' reports: the prior is where the
    /// generator puts an event of its kind across the line (either party struck, evenly); a post's report weighs a point
    /// by its bearing (the profile's error, one in thirty-three four times as wide), its distance band (the post's guess,
    /// off by the profile's log-normal error, cut to the band) and how likely the post was to hear an event that far; a
    /// patrol's, a UAV's and a crater visit's by their points' spread. The grid is fine around a point report, else wide
    /// around the event (every post's band lies within its kind's range).</summary>
    public static PlacePoint[] PlacePosterior(SyntheticEvent e, IEnumerable<LabelledReport> observers, ScenarioProfile profile,
        SyntheticFront front, IReadOnlyDictionary<string, SyntheticPost> posts)
    {
        var reports = observers.Select(r => Observation(r, posts)).ToList();
        var sharpest = reports.Where(o => o.Sigma > 0).OrderBy(o => o.Sigma).FirstOrDefault();
        var (cx, cy, half, n) = sharpest.Sigma > 0 ? (sharpest.X, sharpest.Y, 6 * sharpest.Sigma, 41) : (e.X, e.Y, 20.0, 101);
        var points = new List<(double X, double Y, double W)>(n * n);
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                var (x, y) = (cx - half + 2 * half * a / (n - 1), cy - half + 2 * half * b / (n - 1));
                var w = Prior(e.Kind, x, y, front);
                foreach (var o in reports)
                {
                    w *= w == 0 ? 0 : o.Likelihood(x, y, e.Kind, profile);
                }
                if (w > 0)
                {
                    points.Add((x, y, w));
                }
            }
        }
        points.Sort((p, q) => q.W.CompareTo(p.W));
        var total = points.Sum(p => p.W);
        var kept = new List<(double X, double Y, double W)>();
        var mass = 0.0;
        foreach (var p in points)
        {
            if (kept.Count >= MaxPoints || mass >= KeptMass * total)
            {
                break;
            }
            kept.Add(p);
            mass += p.W;
        }
        return [.. kept.Select(p => new PlacePoint(p.X, p.Y, p.W / mass,
            front.NearestOn(SyntheticFront.PartyA, p.X, p.Y).Id, front.NearestOn(SyntheticFront.PartyB, p.X, p.Y).Id))];
    }

    /// <summary>Where the generator puts an event of this kind, per km east of the line (the northing is even).</summary>
    static double Prior(EventKind kind, double x, double y, SyntheticFront front)
    {
        var d = Math.Abs(x - front.LineX(y));
        return kind.Placement switch
        {
            Placement.AtTheLine => 0.5 * 2 * Density(d / 0.8) / 0.8,
            Placement.Shelling => d < 0.3 ? 0 : 0.5 * 2 * Density((d - 0.3) / 3) / 3,
            Placement.Deep => d is >= 1 and <= 8 ? 0.5 / 7 : 0,
            Placement.OverTheLine => Density(d / 0.8) / 0.8,
            _ => d is >= 0.5 and <= 3 ? 0.5 / 2.5 : 0,
        };
    }

    /// <summary>One observer's report, as its likelihood over places reads it: a point with its spread (σ km), or a
    /// post's bearing and band.</summary>
    readonly record struct Sighting(double X, double Y, double Sigma, double Bearing, double Min, double Max)
    {
        public double Likelihood(double x, double y, EventKind kind, ScenarioProfile profile)
        {
            var (dx, dy) = (x - X, y - Y);
            if (Sigma > 0)
            {
                return Math.Exp(-0.5 * (dx * dx + dy * dy) / (Sigma * Sigma));
            }
            var km = Math.Sqrt(dx * dx + dy * dy);
            if (km >= kind.RangeKm || km < 1e-6)
            {
                return 0;
            }
            var heard = 0.92 * Math.Pow(1 - km / kind.RangeKm, 0.7);
            var off = ((Bearing - Math.Atan2(dx, dy) * 180 / Math.PI) % 360 + 540) % 360 - 180;
            var s = profile.BearingErrorDeg;
            var bearing = 0.97 * Density(off / s) / s + 0.03 * Density(off / (4 * s)) / (4 * s);
            // The band is floor(1.2 g) / 2 to ceil(3 g) / 2 + 0.5 of the post's guess g: g lies in both intervals.
            var low = Math.Max(Min / 0.6, (2 * Max - 2) / 3);
            var high = Math.Min((Min + 0.5) / 0.6, (2 * Max - 1) / 3);
            if (high <= low)
            {
                (low, high) = (Math.Min(Min / 0.6, (2 * Max - 2) / 3), Math.Max((Min + 0.5) / 0.6, (2 * Max - 1) / 3));
            }
            var e = profile.DistanceError;
            var band = Phi(Math.Log(high / km) / e) - (low <= 0 ? 0 : Phi(Math.Log(low / km) / e));
            return heard * bearing * band;
        }
    }

    static Sighting Observation(LabelledReport r, IReadOnlyDictionary<string, SyntheticPost> posts)
    {
        var body = r.Body;
        var made = MadeBy(r);
        if (made == Observer.Post)
        {
            var observer = body["observer"]!;
            var post = posts[(string)observer["id"]!];
            var distance = observer["distance"]!;
            return new(post.X, post.Y, 0, (double)observer["bearing"]!, (double)distance["min"]!, (double)distance["max"]!);
        }
        var coordinates = body["location"]!["geometry"]!["coordinates"]!;
        var (x, y) = LocalFrame.Offset(SyntheticFront.CentreLat, SyntheticFront.CentreLon, (double)coordinates[1]!, (double)coordinates[0]!);
        return new(x, y, made switch { Observer.Craters => 0.05, Observer.Uav => 0.07, _ => 0.5 }, 0, 0, 0);
    }

    static double Density(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
}
