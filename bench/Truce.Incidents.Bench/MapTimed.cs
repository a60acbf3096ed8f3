using System.Diagnostics;
using System.Globalization;
using Truce.Core.Access;
using Truce.Core.Modules;

namespace Truce.Incidents.Bench;

/// <summary>
/// What the dashboard's map asks at N incidents (<c>/api/map/incidents</c>: <see cref="FeatureLayer.Clusters"/> over the
/// book, in process): the whole zone at zoom 9 (the first render), the same with a type filter and with a time window
/// (a filtered view), and a close view at zoom 13; each timed over ROUNDS, median and ratio to the bare key pass of the
/// same run (every incident's key read and nothing else: the least any pass can do). docs/BENCHMARKS.md.
/// </summary>
static class MapTimed
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(int n, int rounds)
    {
        var clock = Stopwatch.StartNew();
        var book = new ExchangeBook(n);
        GC.Collect();
        Console.WriteLine(string.Create(Inv, $"{book.Count:N0} incidents filled in {clock.Elapsed.TotalSeconds:0.0} s; load {File.ReadAllText("/proc/loadavg")[..14]}"));
        var zone = new BoundingBox(44.5, 38.5, 48.0, 41.0);
        var probes = new (string Name, Func<object> Run)[]
        {
            ("bare key pass (baseline)", () => book.BareKeys()),
            ("zone, zoom 9", () => book.Incidents.Clusters(Reader.Anonymous, new LayerQuery { Bbox = zone }, new MapGrid(9))),
            ("zone, zoom 9, type=mortar", () => book.Incidents.Clusters(Reader.Anonymous,
                new LayerQuery { Bbox = zone, Where = p => (string?)p["type"] == "mortar" }, new MapGrid(9))),
            ("zone, zoom 9, a 30-day window", () => book.Incidents.Clusters(Reader.Anonymous,
                new LayerQuery { Bbox = zone, From = new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2021, 3, 31, 0, 0, 0, TimeSpan.Zero) },
                new MapGrid(9))),
            ("close view, zoom 13", () => book.Incidents.Clusters(Reader.Anonymous,
                new LayerQuery { Bbox = new BoundingBox(46.70, 39.78, 46.80, 39.86) }, new MapGrid(13))),
        };
        var baseline = 0.0;
        foreach (var (name, run) in probes)
        {
            var times = new List<double>();
            object? last = null;
            for (var r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                last = run();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            // The first round also shows a cold book: what the map keeps of each incident (IncidentSummary) is made then.
            var first = times[0];
            times.Sort();
            var median = times[times.Count / 2];
            baseline = baseline == 0 ? median : baseline;
            var what = last is LayerClusters c ? string.Create(Inv, $"; {c.Matched:N0} matched, {c.Clusters.Count:N0} clusters, {c.Features.Count:N0} single") : "";
            Console.WriteLine(string.Create(Inv, $"RESULT map {name}: median {median:0.0} ms ({median / baseline:0.00} × baseline), first {first:0.0} ms{what}"));
        }
        return 0;
    }
}
