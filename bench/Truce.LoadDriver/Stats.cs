using System.Globalization;

namespace Truce.LoadDriver;

static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>Nearest-rank percentile (no interpolation: every figure printed is one that was measured).</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";

    public static string Rates(IEnumerable<double> perSecond) => string.Join(", ", perSecond.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));

    /// <summary>"median R/s [each round], median C CPU µs each".</summary>
    public static string Summary(IReadOnlyList<Reading> rounds) =>
        $"median {Rate(Median(rounds.Select(r => r.Rate)))} [{Rates(rounds.Select(r => r.Rate))}], " +
        $"median {Median(rounds.Select(r => r.CpuMicrosPerItem)).ToString("0.0", CultureInfo.InvariantCulture)} CPU µs each";

    public static string Ms(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double r) => r.ToString("0.00", CultureInfo.InvariantCulture);
}
