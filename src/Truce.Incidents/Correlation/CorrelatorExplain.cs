using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>Why a report matches an incident, in words a monitor can check against the map.</summary>
    public IReadOnlyList<string> Explain(Report r, Incident i) => Explain(ReaderSeen(r), r, i);

    IReadOnlyList<string> Explain(Seen v, Report r, Incident i) => new Reasons(Weigh(v, r, i, null));

    /// <summary>The reasons of a candidate with its share of the posterior: the factor that decided it first
    /// (<see cref="Weighed"/>), then the others.</summary>
    /// <param name="sourceRule">False for a same-source swap, weighed with the other report of its source still there.</param>
    IReadOnlyList<string> Explain(Seen v, Report r, Incident i, double share, double newEvent, Incident? leader, double leaderShare, double bar,
        bool sourceRule = true)
    {
        // A lag likelier than the window's mean counts as perfect: the window read evenly is what a perfect match scores.
        var time = TimeOfPerfect(v, i, GapHours(v, i), ToleranceHours(v)) * Math.Min(1, LagFactor(v, r, i));
        var sameSource = sourceRule && i.Sources.Contains(r.SourceKey);
        return new Reasons(Weigh(v, r, i, new Decision(share, newEvent, leader?.Id, leaderShare, bar, time, sameSource ? Settings.SameSourceFactor : 1), sameSource));
    }

    /// <summary>What the reasons say, read now: the incident changes after, the words must not.</summary>
    Weighed Weigh(Seen v, Report r, Incident i, Decision? decided, bool? sameSource = null)
    {
        var (_, sigmas) = v.Where.Agreement(i.Estimate);
        var combined = Math.Sqrt(v.Where.MeanSigma * v.Where.MeanSigma + i.Estimate.MeanSigma * i.Estimate.MeanSigma);
        var (incidentType, typeFactor) = ClosestType(v, r, i);
        var compatibility = taxonomy.Compatibility(r.Type, incidentType);
        var counts = CountsOf(v, r, i);
        var lean = counts is not null && ByHabit(v, i) ? _habits.CountLean(r.SourceKind) : null;
        var agree = counts is { } c ? CountEvidence.Factor(c.Report, c.Incident, v.Coarse, _countSpread.Variance).OfPerfect : 1;
        double? apart = Onsets.Between(v, i) ? Onsets.Apart(v.Start, i, OnsetSpreadMinutes).Minutes : null;
        var lag = ByHabit(v, i) && _habits.LagMedian(r.SourceKind) is { } median
            ? ((r.Logged - i.End).TotalHours, LagFactor(v, r, i), median.Hours, median.Reports) : ((double, double, double, double)?)null;
        var busy = v.Background is { } b && b.Density > b.Floor ? (b.Nearby, b.Factor) : ((int, double)?)null;
        return new Weighed(r, i.Id, i.Observed, sameSource ?? i.Sources.Contains(r.SourceKey), v.Coarse, GapHours(v, i), ToleranceHours(v),
            (v.End - v.Start).TotalHours, ToleranceMinutes(v), apart, OnsetSpreadMinutes, sigmas, v.Where.DistanceKm(i.Estimate), combined,
            v.Where.MeanSigma, v.SettlementRadiusKm, v.Cell, v.Cell?.Weight(v.Where.Fuse(i.Estimate)) ?? 1, incidentType, typeFactor,
            compatibility, compatibility is >= 0.7 and < 1 ? taxonomy.FindType(r.Type)?.Family : null, counts, lean, agree, lag, busy, decided);
    }

    /// <summary>The time factor as a share of a perfect match's: windows that overlap and, where onsets count, the same start.</summary>
    double TimeOfPerfect(Seen v, Incident i, double gapH, double tolH)
    {
        var (density, _) = TimeDensity(v, i, gapH, tolH);
        var (perfect, _) = TimeDensity(v, i, 0, tolH, apart: 0);
        return perfect > 0 ? Math.Min(1, density / perfect) : 0;
    }

    /// <summary>The incident's type closest to the report's (ties by name), and the type factor of the two (<see cref="TypeFactor"/>).</summary>
    (string Type, double Compatibility) ClosestType(Seen v, Report r, Incident i)
    {
        var (best, compatibility) = ("", -1.0);
        foreach (var t in i.TypeCounts.Keys)
        {
            var c = TypeFactor(v, r, i, t);
            // On a tie the report's own type, then by name: a learnt factor may reach an exact match's 1.
            if (c > compatibility || (c == compatibility && best != r.Type && (t == r.Type || string.CompareOrdinal(t, best) < 0)))
            {
                (best, compatibility) = (t, c);
            }
        }
        return (best, compatibility);
    }
}
