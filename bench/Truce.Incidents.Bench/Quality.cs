using System.Globalization;
using Truce.Incidents.Correlation;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Bench;

/// <summary>Correlation quality per noise profile: 14 days of events, three seeds, medians. Settings may be given as
/// <c>attach=0.6 coarseEventDensity=2e-4 party-statement=6</c> (a source kind names its settlement radius in km).</summary>
static class Quality
{
    public static int Run(IEnumerable<string> overrides)
    {
        var settings = Settings(overrides);
        Console.WriteLine($"settings: {settings}");
        Console.WriteLine("| profile | events/day | reports | events | incidents | pairwise P | pairwise R | B³ P | B³ R | B³ F1 (median of 3 seeds, min–max) | statements attached |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in NoiseProfile.All)
        {
            var runs = new[] { 1, 2, 3 }.Select(seed => CorrelationEvaluation.Run(p, seed, TimeSpan.FromDays(14), settings)).ToList();
            double Med(Func<CorrelationEvaluation.Result, double> f) => runs.Select(f).Order().ElementAt(1);
            var f1 = runs.Select(r => r.Score.BCubedF1).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.EventsPerDay} | {Med(r => r.Reports):0} | {Med(r => r.Events):0} | {Med(r => r.Score.Clusters):0} | {Med(r => r.Score.PairPrecision):0.000} | {Med(r => r.Score.PairRecall):0.000} | {Med(r => r.Score.BCubedPrecision):0.000} | {Med(r => r.Score.BCubedRecall):0.000} | {f1[1]:0.000} ({f1[0]:0.000}–{f1[2]:0.000}) | {Med(r => r.StatementsAttached):0.00} |"));
        }
        return 0;
    }

    public static CorrelationSettings Settings(IEnumerable<string> overrides)
    {
        var s = new CorrelationSettings();
        var radii = new Dictionary<string, double>(s.SettlementRadiusKm);
        foreach (var o in overrides)
        {
            var (key, value) = (o.Split('=')[0], double.Parse(o.Split('=')[1], CultureInfo.InvariantCulture));
            s = key switch
            {
                "join" => s with { Join = value },
                "attach" => s with { Attach = value },
                "eventDensity" => s with { EventDensity = value },
                "coarseEventDensity" => s with { CoarseEventDensity = value },
                "unobservedRatio" => s with { UnobservedRatio = value },
                "clockToleranceMinutes" => s with { ClockToleranceMinutes = value },
                "sameSourceFactor" => s with { SameSourceFactor = value },
                "suggest" => s with { Suggest = value },
                _ when key.Contains('-', StringComparison.Ordinal) || key is "media" or "public" or "hotline" => s,
                _ => throw new ArgumentException($"unknown setting '{key}' (join, attach, suggest, eventDensity, coarseEventDensity, unobservedRatio, clockToleranceMinutes, sameSourceFactor, or a source kind's settlement radius)"),
            };
            if (key.Contains('-', StringComparison.Ordinal) || key is "media" or "public" or "hotline")
            {
                radii[key] = value;
            }
        }
        return s with { SettlementRadiusKm = radii };
    }
}
