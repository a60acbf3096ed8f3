using System.Globalization;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

/// <summary>
/// A report's count of what it observed (explosions, bursts, flares) as correlation reads it: the logarithm of its best
/// figure (or of the middle of low–high when the best is unknown) and how uncertain that is. Counts are compared on a
/// log scale because their errors are factors: a post that heard a salvo misses some rounds, a party struck doubles the
/// figure, a party blamed halves it.
/// </summary>
/// <param name="Words">The figure as the report gave it ("35", "10–40"); none for several reports' figures fused.</param>
public readonly record struct LogCount(string Key, double Mean, double Variance, string? Words = null)
{
    public string Said => Words ?? $"about {Math.Exp(Mean).ToString("0", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Counts as evidence for "the same event" (docs/INCIDENTS.md, Correlation). Two reports of one event give counts that
/// differ by their sources' errors; two reports of different events give counts that also differ by how much events
/// differ, which is far more (a single shot and a salvo of forty). So the factor is the likelihood of the difference
/// of the logs under "same event" against "another event": counts that agree make the same event likelier, counts an
/// order of magnitude apart make it unlikely. Reports with no count, or counts of different things, leave it at 1.
/// </summary>
public static class CountEvidence
{
    /// <summary>A party's or the media's figure differs from the true one by a factor of about two either way (σ of the
    /// log ln 2): the party struck inflates, the party blamed deflates.</summary>
    const double StatementVariance = 0.48;

    /// <summary>An observer misses or double-counts some rounds: a factor of about 1.4 (σ of the log ln 1.4).</summary>
    const double ObservationVariance = 0.11;

    /// <summary>Some figures are simply wrong (a typo, rounds counted as salvos, a count of something else): one in
    /// twenty, so counts an order of magnitude apart make the same event twenty times less likely, not impossible.</summary>
    const double Blunder = 0.05;

    /// <summary>Several observations' figures share their errors (posts undercount alike), so fusing them never
    /// makes an incident's figure surer than σ 0.2 (a factor of 1.25).</summary>
    public const double FloorVariance = 0.04;

    /// <summary>The report's first count (in key order, names compared as written) with a figure of one or more, or
    /// null: what the book learns how events differ from.</summary>
    public static LogCount? Of(Report r) => All(r) is [var first, ..] ? first : null;

    /// <summary>Each count of the report with a figure of one or more, in key order (names compared as written). A report
    /// is weighed against an incident by the first of them the incident counts too: "bursts" against an incident's
    /// "explosions" says nothing, and a report of mixed fire ("bursts and five explosions") still has its explosions
    /// weighed against an incident that only counted explosions.</summary>
    public static LogCount[] All(Report r)
    {
        // Counts are whole numbers: a figure under one says nothing of how many (and a tiny one would make its
        // rounding, below, unbounded). One array, sized once; most reports count one thing or nothing.
        var n = 0;
        foreach (var (_, e) in r.Counts)
        {
            n += e.High >= 1 ? 1 : 0;
        }
        if (n == 0)
        {
            return [];
        }
        var all = new LogCount[n];
        var k = 0;
        foreach (var (key, e) in r.Counts)
        {
            if (e.High >= 1)
            {
                all[k++] = Read(r, key, e);
            }
        }
        if (n > 1)
        {
            Array.Sort(all, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }
        return all;
    }

    /// <summary>The first of a report's counts (<see cref="All"/>) that an incident counts too, with the incident's.</summary>
    public static (LogCount Report, LogCount Incident)? Shared(LogCount[]? counts, IncidentCounts incident)
    {
        foreach (var mine in counts ?? [])
        {
            if (incident.Find(mine.Key) is { } theirs)
            {
                return (mine, theirs);
            }
        }
        return null;
    }

    static LogCount Read(Report r, string key, Estimate e)
    {
        var (low, high) = (Math.Max(e.Low, 1), e.High);
        var given = e.Best is { } b && b >= 1 ? b : (double?)null;
        var mean = given is { } best ? Math.Log(best) : 0.5 * (Math.Log(low) + Math.Log(high));
        var range = (Math.Log(high) - Math.Log(low)) / 4;
        // A whole number hides up to half a unit: much of a small count, nothing of a large one.
        var rounding = 0.3 / Math.Exp(mean);
        var source = Coarseness.IsStatement(r) ? StatementVariance : ObservationVariance;
        var words = given is { } g ? N(g) : low == high ? N(low) : $"{N(low)}–{N(high)}";
        return new LogCount(key, mean, source + range * range + rounding * rounding, words);
    }

    static string N(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// The odds factor for a report's count against an incident's (<c>Factor</c>), and the same read as a share of
    /// what counts that agree exactly would score (<c>OfPerfect</c>, what the decisive reason compares).
    /// A coarse report gets the whole likelihood ratio: it weighs an observed incident against "an event nobody
    /// observed", whose count is any event's, so counts that agree are evidence for the incident. An observation gets
    /// only the fall-off (never above 1): it is weighed against neighbouring events, and the events of one episode
    /// (a salvo answered by a salvo) count alike far more than events at large do, so agreeing counts tell little among
    /// them while counts that disagree still tell them apart. On the tuning profiles the whole ratio for observations
    /// too joined neighbouring events (pairwise precision 0.867 → 0.853) where the fall-off alone did not.
    /// </summary>
    /// <param name="events">How much events differ in what they count: the variance of the log of their counts
    /// (<see cref="CountSpread"/>). Two events' logs differ by twice that.</param>
    public static (double Factor, double OfPerfect) Factor(LogCount report, LogCount incident, bool coarse, double events)
    {
        var same = report.Variance + Math.Max(incident.Variance, FloorVariance);
        var other = same + 2 * events;
        var d = report.Mean - incident.Mean;
        var agree = Math.Exp(-0.5 * d * d * (1 / same - 1 / other));
        var ofPerfect = Blunder + (1 - Blunder) * agree;
        return (coarse ? Blunder + (1 - Blunder) * Math.Sqrt(other / same) * agree : ofPerfect, ofPerfect);
    }
}

/// <summary>
/// How much events differ in what they count, learnt from the observations' counts in the book so far, in log order (so a
/// rebuild learns the same): the variance of their logs less what the observers' own errors explain. Where reports
/// give figures that say little (every report "2 to 5"), events seem alike and counts weigh little; where they run from
/// a single shot to salvos of forty, counts tell events apart. Until there are enough counts it leans on σ 1 (a factor
/// of e either way), the spread of the first generator's and the profiles' events alike: the estimate counts as
/// <see cref="PriorWeight"/> observations.
/// </summary>
public sealed class CountSpread
{
    const double Prior = 1;
    const double PriorWeight = 20;

    /// <summary>Events never seem more alike than σ 0.2 (a factor of 1.25) apart.</summary>
    const double Floor = 0.04;

    double _n, _sum, _squares, _noise;

    /// <summary>The variance of the log of events' counts, as learnt so far (kept: every candidate scored reads it).</summary>
    public double Variance { get; private set; } = Prior;

    public void Clear() => (_n, _sum, _squares, _noise, Variance) = (0, 0, 0, 0, Prior);

    public void Note(LogCount c) => Add(c, 1);

    /// <summary>Takes back what a report taught (it was retracted): its figure is withdrawn from correlation.</summary>
    public void Forget(LogCount c) => Add(c, -1);

    void Add(LogCount c, int sign)
    {
        _n += sign;
        _sum += sign * c.Mean;
        _squares += sign * c.Mean * c.Mean;
        _noise += sign * c.Variance;
        Variance = Prior;
        if (_n >= 2)
        {
            var mean = _sum / _n;
            var learnt = Math.Max(Floor, (_squares - _n * mean * mean) / (_n - 1) - _noise / _n);
            Variance = (_n * learnt + PriorWeight * Prior) / (_n + PriorWeight);
        }
    }
}

/// <summary>An incident's counts, one per key, fused from the reports that shape it (inverse-variance weights on the log).</summary>
public sealed class IncidentCounts
{
    // Most incidents never count anything, or count one thing: the list is made on the first count. Words: the figure
    // as given while one report gives it; null once several are fused (LogCount.Said then says "about" the fusion).
    List<(string Key, double Weight, double Weighted, string? Words)>? _sums;

    public void Clear() => _sums?.Clear();

    public void Add(LogCount c)
    {
        _sums ??= new(1);
        for (var k = 0; k < _sums.Count; k++)
        {
            if (_sums[k].Key == c.Key)
            {
                var (weight, weighted) = (_sums[k].Weight + 1 / c.Variance, _sums[k].Weighted + c.Mean / c.Variance);
                _sums[k] = (c.Key, weight, weighted, null);
                return;
            }
        }
        _sums.Add((c.Key, 1 / c.Variance, c.Mean / c.Variance, c.Words));
    }

    public LogCount? Find(string key)
    {
        if (_sums is null)
        {
            return null;
        }
        foreach (var s in _sums)
        {
            if (s.Key == key)
            {
                return new LogCount(key, s.Weighted / s.Weight, 1 / s.Weight, s.Words);
            }
        }
        return null;
    }
}
