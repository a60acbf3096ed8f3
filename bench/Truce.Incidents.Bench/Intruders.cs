using System.Globalization;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Bench;

/// <summary>The precision side of the observations, on the tuning profiles: observation reports in an incident whose
/// observations are mostly of another event (intruders), by kind, and how far apart in km and minutes the two true
/// events were. ObservationMisses says why reports stayed out of their event's incident; this says which wrong joins
/// cost pairwise precision, and whether the events could have been told apart.</summary>
static class Intruders
{
    static readonly double[] KmEdges = [0.5, 1, 2, 4];
    static readonly double[] MinuteEdges = [2, 5, 10, 30];

    public static int Run(int density)
    {
        var rows = new List<(string Kind, double Km, double Minutes)>();
        var observations = 0;
        foreach (var seed in ScenarioProfile.TuningSeeds)
        {
            var scenario = new ProfileGenerator(ScenarioProfile.Draw(seed).Denser(density)).Generate(ProfileEvaluation.Start, TimeSpan.FromDays(14));
            var c = ProfileEvaluation.Correlate(scenario).Book.Correlator;
            var events = scenario.Events.ToDictionary(e => e.Id);
            var observed = Enumerable.Range(0, scenario.Reports.Count).Where(i => !ProfileScenario.IsStatement(scenario.Reports[i])).ToList();
            observations += observed.Count;
            foreach (var incident in observed.GroupBy(i => c.Reports[i].Incident))
            {
                // The incident's event: the one most of its observations are of (the earliest such, on a tie).
                var home = events[incident.GroupBy(i => scenario.Reports[i].TrueEvent).OrderByDescending(g => g.Count()).ThenBy(g => g.Min()).First().Key];
                foreach (var i in incident.Where(i => scenario.Reports[i].TrueEvent != home.Id))
                {
                    var e = events[scenario.Reports[i].TrueEvent];
                    var s = c.Reports[i];
                    var kind = s.Seen.Coarse ? "coarse" : s.Report.Observer?.HasRay == true ? "post bearing" : s.Report.SourceKind + " point";
                    rows.Add((kind, Math.Sqrt((e.X - home.X) * (e.X - home.X) + (e.Y - home.Y) * (e.Y - home.Y)), Math.Abs((e.Start - home.Start).TotalMinutes)));
                }
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"density {density}: {rows.Count} of {observations} observation reports are in another event's incident ({(double)rows.Count / observations:0.000}); ")
            + string.Join(", ", rows.GroupBy(r => r.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        Console.WriteLine("| events apart | " + string.Join(" | ", Bins(MinuteEdges, "min")) + " |");
        Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", MinuteEdges.Length + 1)));
        var kmBins = Bins(KmEdges, "km");
        for (var k = 0; k <= KmEdges.Length; k++)
        {
            Console.WriteLine($"| {kmBins[k]} | " + string.Join(" | ", Enumerable.Range(0, MinuteEdges.Length + 1)
                .Select(m => rows.Count(r => Bin(KmEdges, r.Km) == k && Bin(MinuteEdges, r.Minutes) == m))) + " |");
        }
        return 0;
    }

    static int Bin(double[] edges, double x) => edges.Count(e => x >= e);

    static string[] Bins(double[] edges, string unit) =>
        [.. Enumerable.Range(0, edges.Length + 1).Select(k => k == 0 ? $"< {edges[0]} {unit}" : k == edges.Length ? $"≥ {edges[^1]} {unit}" : $"{edges[k - 1]}–{edges[k]} {unit}")];
}
