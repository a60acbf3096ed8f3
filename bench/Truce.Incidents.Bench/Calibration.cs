using System.Globalization;
using Truce.Incidents.Correlation;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Bench;

/// <summary>How well the observations' stated uncertainty fits their errors on the tuning profiles: the true event's
/// distance from each report's location estimate in σ (its Mahalanobis distance; for a calibrated 2-D normal 39 % lie
/// within 1σ, 86 % within 2σ, 98.9 % within 3σ), and how far its window is from the event's, by kind of report.</summary>
static class Calibration
{
    public static int Run(int density)
    {
        var taxonomy = Taxonomy.Taxonomy.Default();
        var settings = new CorrelationSettings();
        var sigmas = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var gaps = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var seed in ScenarioProfile.TuningSeeds)
        {
            var scenario = new ProfileGenerator(ScenarioProfile.Draw(seed).Denser(density)).Generate(ProfileEvaluation.Start, TimeSpan.FromDays(7));
            var events = scenario.Events.ToDictionary(e => e.Id);
            var reports = CorrelationEvaluation.Parse(scenario.Reports, taxonomy);
            for (var i = 0; i < reports.Count; i++)
            {
                var r = reports[i];
                var seen = Coarseness.Of(r, settings);
                var kind = r.SourceKind + (r.Observer?.HasRay == true ? " bearing" : "") + (seen.Coarse ? " (coarse)" : "");
                var e = events[scenario.Reports[i].TrueEvent];
                var (lat, lon) = SyntheticFront.ToLatLon(e.X, e.Y);
                var (_, d) = seen.Where.Agreement(Gaussian.Round(lat, lon, 0.02));
                (sigmas.TryGetValue(kind, out var s) ? s : sigmas[kind] = []).Add(d);
                var gap = Math.Max(0, ((seen.Start > e.Start ? seen.Start : e.Start) - (seen.End < e.End ? seen.End : e.End)).TotalMinutes);
                (gaps.TryGetValue(kind, out var g) ? g : gaps[kind] = []).Add(gap);
            }
        }
        Console.WriteLine("| report | n | within 1σ | 2σ | 3σ | 4σ | median σ | window gap 0 | ≤ 2 min | ≤ 5 min | ≤ 10 min | 95th pct gap, min |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (kind, s) in sigmas.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var g = gaps[kind];
            g.Sort();
            s.Sort();
            string Share(List<double> xs, double at) => ((double)xs.Count(x => x <= at) / xs.Count).ToString("0.000", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {s.Count} | {Share(s, 1)} | {Share(s, 2)} | {Share(s, 3)} | {Share(s, 4)} | {s[s.Count / 2]:0.00} | {Share(g, 0)} | {Share(g, 2)} | {Share(g, 5)} | {Share(g, 10)} | {g[(int)(g.Count * 0.95)]:0} |"));
        }
        return 0;
    }
}
