using System.Globalization;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Bench;

/// <summary>Correlation quality per noise profile: 14 days of events, three seeds, medians.</summary>
static class Quality
{
    public static int Run()
    {
        Console.WriteLine("| profile | events/day | reports | events | incidents | pairwise P | pairwise R | B³ P | B³ R | B³ F1 (median of 3 seeds, min–max) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in NoiseProfile.All)
        {
            var runs = new[] { 1, 2, 3 }.Select(seed => CorrelationEvaluation.Run(p, seed, TimeSpan.FromDays(14))).ToList();
            double Med(Func<CorrelationEvaluation.Result, double> f) => runs.Select(f).Order().ElementAt(1);
            var f1 = runs.Select(r => r.Score.BCubedF1).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.EventsPerDay} | {Med(r => r.Reports):0} | {Med(r => r.Events):0} | {Med(r => r.Score.Clusters):0} | {Med(r => r.Score.PairPrecision):0.000} | {Med(r => r.Score.PairRecall):0.000} | {Med(r => r.Score.BCubedPrecision):0.000} | {Med(r => r.Score.BCubedRecall):0.000} | {f1[1]:0.000} ({f1[0]:0.000}–{f1[2]:0.000}) |"));
        }
        return 0;
    }
}
