using BenchmarkDotNet.Attributes;
using Truce.Incidents.Correlation;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Bench;

/// <summary>
/// One new report against 1,000,000 incidents: the candidate query (time-and-cell index) and the scoring of every
/// candidate, which is what deciding join / suggest / new costs. The incidents are 1,000,000 single-camera reports
/// spread over three years of a 67 × 51 km area (about 900 a day, thirty times the demo's rate).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SingleReport
{
    const int Incidents = 1_000_000;
    static readonly DateTimeOffset Start = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);
    Correlator _correlator = null!;
    Report[] _probes = null!;
    int _next;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _correlator = new Correlator(Taxonomy.Taxonomy.Default());
        for (int i = 0; i < Incidents; i++)
        {
            _correlator.Add(Make(rng, i, "fixed-camera", $"cam-{i}", 0.15));
        }
        _probes = [.. Enumerable.Range(0, 4096).Select(i => Make(rng, Incidents + i, "patrol", $"patrol-{i}", 0.5))];
        Console.WriteLine($"// {_correlator.Incidents.Count:N0} incidents");
    }

    internal static Report Make(Random rng, long index, string source, string id, double sigmaKm)
    {
        var t = Start + TimeSpan.FromMinutes(rng.NextDouble() * 3 * 365 * 24 * 60);
        var (lat, lon) = (39.6 + 0.6 * rng.NextDouble(), 46.5 + 0.6 * rng.NextDouble());
        string[] types = ["mortar", "artillery", "small-arms", "heavy-machine-gun"];
        return new Report
        {
            Index = index,
            Cid = $"bench-{index}",
            Party = "jmc",
            Visibility = Core.Access.Visibility.Public,
            To = [],
            Logged = t.AddMinutes(20),
            Category = "ceasefire-violation",
            Type = types[rng.Next(types.Length)],
            Perceptions = [],
            Start = t,
            End = t.AddMinutes(3),
            TimePrecision = "minute",
            Counts = new Dictionary<string, Estimate>(),
            Casualties = [],
            SourceKind = source,
            SourceId = id,
            Evidence = [],
            Confidence = "high",
            Estimate = Gaussian.Round(lat, lon, sigmaKm),
        };
    }

    [Benchmark]
    public int CorrelateOneReport() => _correlator.Candidates(_probes[_next++ & 4095], null, 0.15).Count;
}
