using Truce.Places;
using Truce.Spatial;

namespace Truce.Incidents.Correlation;

/// <summary>
/// What naming a settlement says about where an event was: nearer to it than to the other settlements the speaker
/// names (docs/INCIDENTS.md, "The settlement named"). A circle around the village says only "somewhere near"; the
/// village's cell among its rivals says "not nearer to any of them", which rules out events closer to the next village
/// and, since the cell is smaller than the circle, weighs an event inside it more. The boundary is soft (<see
/// cref="SoftKm"/>), because speakers misjudge which of two villages is nearer.
/// </summary>
/// <param name="Lat">The named settlement.</param>
/// <param name="East">The rivals' offsets (km east) from the named settlement.</param>
/// <param name="North">The rivals' offsets (km north).</param>
/// <param name="Normaliser">The share of the report's own location estimate inside the cell (the integral of the
/// estimate times the cell's weight): dividing by it keeps the location a density, so that a small cell weighs an
/// event inside it more.</param>
public sealed record NamedSettlement(string Id, double Lat, double Lon, double[] East, double[] North, double Normaliser)
{
    /// <summary>How much wider than its source kind's radius the circle about the settlement is taken when rivals bound
    /// the cell: alone, the circle must say both how far and in which direction the event may be; in a cell, the rivals
    /// say how far towards them, and the circle only how far beyond them (across the line, where the speaker names no
    /// settlement). A party's 6 km becomes 10. Chosen on the tuning profiles (docs/BENCHMARKS.md: 4/3, 3/2, 5/3, 2).</summary>
    public const double CircleWidening = 5.0 / 3;

    /// <summary>How far (km) nearer a rival must be for the cell's weight to fall to 1/(1 + e).</summary>
    public const double SoftKm = 0.5;

    /// <summary>Rivals considered: those this far beyond the estimate's reach.</summary>
    const double RivalReachKm = 8;

    /// <summary>Quadrature points per axis over ±3σ of the estimate.</summary>
    const int Steps = 17;

    public int Rivals => East.Length;

    /// <summary>The cell's weight at a point: 1 well inside, falling to 0 where a rival is clearly nearer.</summary>
    public double Weight(double lat, double lon)
    {
        var (e, n) = LocalFrame.Offset(Lat, Lon, lat, lon);
        return WeightAt(e, n);
    }

    /// <summary>The cell's weight averaged over where an event may be (<paramref name="where"/>): an incident whose
    /// estimate straddles the boundary is partly inside, where its mean alone would say all in or all out. A 5 × 5
    /// Gauss–Hermite rule along the estimate's Cholesky axes; a sharp estimate is read at its mean. The rule is coarse
    /// against a boundary 0.5 km soft (within about 0.04 of the exact average at σ 1 km, 0.15 at 3 km), and a 41 × 41
    /// grid on the estimates a boundary crosses scored alike on the tuning profiles at 18 times the cost
    /// (docs/BENCHMARKS.md). The normaliser keeps the finer grid of <see cref="Share"/>: a circle 5–10 km wide is where
    /// this rule would be coarsest, and every statement's score divides by it.</summary>
    public double Weight(Gaussian where)
    {
        var (me, mn) = LocalFrame.Offset(Lat, Lon, where.Lat, where.Lon);
        if (where.MaxSigma < SharpKm)
        {
            return WeightAt(me, mn);
        }
        var l11 = Math.Sqrt(Math.Max(where.Cxx, 0));
        var l21 = l11 > 0 ? where.Cxy / l11 : 0;
        var l22 = Math.Sqrt(Math.Max(where.Cyy - l21 * l21, 0));
        var sum = 0.0;
        for (var a = 0; a < HermiteNodes.Length; a++)
        {
            for (var b = 0; b < HermiteNodes.Length; b++)
            {
                var (z1, z2) = (HermiteNodes[a], HermiteNodes[b]);
                sum += HermiteWeights[a] * HermiteWeights[b] * WeightAt(me + l11 * z1, mn + l21 * z1 + l22 * z2);
            }
        }
        return sum;
    }

    /// <summary>Below this σ (km) an estimate is read at its mean: a fifth of the boundary's width along the line between
    /// two villages (where the gap to a rival changes twice as fast as the position).</summary>
    const double SharpKm = SoftKm / 10;

    // Gauss–Hermite nodes and weights for a standard normal (probabilists'), five points; the weights sum to 1.
    static readonly double[] HermiteNodes = [-2.8569700138728056, -1.3556261799742659, 0, 1.3556261799742659, 2.8569700138728056];
    static readonly double[] HermiteWeights = [0.011257411327720691, 0.22207592200561266, 0.5333333333333333, 0.22207592200561266, 0.011257411327720691];

    double WeightAt(double e, double n)
    {
        var own = Math.Sqrt(e * e + n * n);
        var sum = 1.0;
        for (var k = 0; k < East.Length; k++)
        {
            var (de, dn) = (e - East[k], n - North[k]);
            var gap = own - Math.Sqrt(de * de + dn * dn);
            sum += gap > 20 * SoftKm ? 1e9 : Math.Exp(gap / SoftKm);
        }
        return 1 / sum;
    }

    /// <summary>The cell of <paramref name="place"/> among <paramref name="rivals"/>, for a report whose location
    /// estimate is <paramref name="where"/>; null when no rival is within reach (the cell is then everything, and the
    /// estimate stands alone).</summary>
    public static NamedSettlement? Of(Place place, Gaussian where, IEnumerable<Place> rivals)
    {
        var (east, north) = (new List<double>(), new List<double>());
        foreach (var r in rivals)
        {
            if (r.Id != place.Id)
            {
                var (e, n) = LocalFrame.Offset(place.Lat, place.Lon, r.Lat, r.Lon);
                east.Add(e);
                north.Add(n);
            }
        }
        if (east.Count == 0)
        {
            return null;
        }
        var cell = new NamedSettlement(place.Id, place.Lat, place.Lon, [.. east], [.. north], 1);
        return cell with { Normaliser = cell.Share(where) };
    }

    /// <summary>How far around the estimate's mean rivals matter (km).</summary>
    public static double Reach(Place place, Gaussian where)
    {
        var (e, n) = LocalFrame.Offset(place.Lat, place.Lon, where.Lat, where.Lon);
        return Math.Sqrt(e * e + n * n) + 3 * where.MaxSigma + RivalReachKm;
    }

    /// <summary>The estimate's mass inside the cell, by quadrature on a grid over ±3σ of each axis.</summary>
    double Share(Gaussian where)
    {
        var (sx, sy) = (Math.Sqrt(where.Cxx), Math.Sqrt(where.Cyy));
        var (me, mn) = LocalFrame.Offset(Lat, Lon, where.Lat, where.Lon);
        var det = Math.Max(where.Det, 1e-12);
        var (ixx, ixy, iyy) = (where.Cyy / det, -where.Cxy / det, where.Cxx / det);
        double mass = 0, inside = 0;
        for (var a = 0; a < Steps; a++)
        {
            var de = sx * (6.0 * a / (Steps - 1) - 3);
            for (var b = 0; b < Steps; b++)
            {
                var dn = sy * (6.0 * b / (Steps - 1) - 3);
                var g = Math.Exp(-0.5 * (ixx * de * de + 2 * ixy * de * dn + iyy * dn * dn));
                mass += g;
                inside += g * WeightAt(me + de, mn + dn);
            }
        }
        return mass <= 0 ? 1 : Math.Max(inside / mass, 1e-6);
    }
}
