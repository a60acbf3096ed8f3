using System.Diagnostics;
using System.Globalization;
using Truce.Incidents.Correlation;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Bench;

/// <summary>
/// Batch correlation of N labelled reports (the dense profile, so the index is under load), timed without the
/// generation and parsing; then the same points go to a CSV for the DBSCAN baseline, run in the same session.
/// </summary>
static class Batch
{
    public static int Run(int n)
    {
        var profile = NoiseProfile.Dense;
        var days = n / (profile.EventsPerDay * 2.5);
        var clock = Stopwatch.StartNew();
        var taxonomy = Taxonomy.Taxonomy.Default();
        var truth = new List<int>();
        var reports = CorrelationEvaluation.Parse(new ScenarioGenerator(profile, 99).Generate(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromDays(days)).Take(n), taxonomy, truth);
        Console.WriteLine($"generated and parsed {reports.Count:N0} reports over {days:0} days in {clock.Elapsed.TotalSeconds:0.0} s");

        GC.Collect();
        var correlator = new Correlator(taxonomy);
        var (allocated, pause, gens) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), Collections());
        clock.Restart();
        foreach (var r in reports)
        {
            correlator.Add(r);
        }
        var elapsed = clock.Elapsed;
        // What the collector took of the time, and what each report allocated (docs/BENCHMARKS.md).
        var g = Collections();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)reports.Count / 1024:0.00} KB per report; GC paused {(GC.GetTotalPauseDuration() - pause).TotalSeconds:0.0} s; collections gen0 {g.Gen0 - gens.Gen0}, gen1 {g.Gen1 - gens.Gen1}, gen2 {g.Gen2 - gens.Gen2}"));
        var score = GroupingScore.Of([.. reports.Select(r => correlator.Reports[r.Index].Incident)], [.. truth.Select(t => (long)t)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"truce incremental correlation: {reports.Count:N0} reports in {elapsed.TotalSeconds:0.00} s ({reports.Count / elapsed.TotalSeconds:N0} reports/s), {correlator.Incidents.Count:N0} incidents; pairwise P {score.PairPrecision:0.000} R {score.PairRecall:0.000}; B³ F1 {score.BCubedF1:0.000}"));

        // The same points for DBSCAN: each report's estimated position (km, local frame) and the middle of its window.
        var csv = Path.Combine(Path.GetTempPath(), "truce-dbscan-points.csv");
        using (var w = new StreamWriter(csv))
        {
            w.WriteLine("x_km,y_km,t_min,truth");
            var origin = reports[0].Estimate;
            for (int i = 0; i < reports.Count; i++)
            {
                var r = reports[i];
                var (e, no) = origin.OffsetTo(r.Estimate.Lat, r.Estimate.Lon);
                var mid = (r.Start + (r.End - r.Start) / 2 - reports[0].Start).TotalMinutes;
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e:0.000},{no:0.000},{mid:0.00},{truth[i]}"));
            }
        }
        Console.WriteLine($"points for the baseline: {csv}");
        return 0;
    }

    static (int Gen0, int Gen1, int Gen2) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
}
