using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>Why a report matches an incident, in words a monitor can check against the map.</summary>
    public IReadOnlyList<string> Explain(Report r, Incident i) => Explain(SeenOf(r, keep: false), r, i);

    IReadOnlyList<string> Explain(Seen v, Report r, Incident i)
    {
        var reasons = new List<string>(6);
        reasons.Add(TimeReason(v, r, i));
        var (_, sigmas) = v.Where.Agreement(i.Estimate);
        var km = v.Where.DistanceKm(i.Estimate);
        var combined = Math.Sqrt(v.Where.MeanSigma * v.Where.MeanSigma + i.Estimate.MeanSigma * i.Estimate.MeanSigma);
        reasons.Add(r.Observer?.HasRay == true && r.Location is null
            ? $"bearing {F(r.Observer.Bearing!.Value)}° from {r.Observer.Id ?? "the observer"} passes {F(sigmas)}σ from the incident's estimate"
            : $"{F(km)} km apart, {F(sigmas)}σ of the combined uncertainty (about {F(combined)} km)");
        if (v.SettlementRadiusKm is { } radius)
        {
            reasons.Add($"settlement radius {F(radius)} km for {r.SourceKind} reports (they name the nearest settlement, not the spot)");
        }
        if (v.Cell is { } cell)
        {
            var w = cell.Weight(i.Estimate.Lat, i.Estimate.Lon);
            reasons.Add(w >= 0.5
                ? $"nearer to the settlement named than to the {cell.Rivals} other settlements {r.Party} names within reach (×{Factor(w / cell.Normaliser)})"
                : $"nearer to another settlement {r.Party} names than to the one named (×{Factor(w / cell.Normaliser)})");
        }
        var (incidentType, typeFactor) = ClosestType(r, i);
        reasons.Add(typeFactor >= 1 ? $"same type ({r.Type})"
            : typeFactor >= 0.7 ? $"{r.Type} and {incidentType} are of one family ({taxonomy.FindType(r.Type)?.Family})"
            : $"{r.Type} is compatible with {incidentType}");
        if (CountsOf(v, i) is { } counts)
        {
            var agree = CountEvidence.Factor(counts.Report, counts.Incident, v.Coarse, _countSpread.Variance).OfPerfect;
            reasons.Add(agree >= 0.5
                ? $"counts agree ({CountWords(counts)})"
                : $"counts differ ({CountWords(counts)}: ×{Factor(agree)} of counts that agree)");
        }
        reasons.Add(i.Sources.Contains(r.SourceKey)
            ? $"the incident already has a report from the same source ({r.SourceKey}), so this is more likely another event"
            : $"independent source ({r.SourceKey})");
        if (v.Coarse)
        {
            reasons.Add(i.Observed
                ? $"{Kind(r)} weighed against observed incident I-{i.Id}: it may attach, never moving the incident's place, window, type or count"
                : $"I-{i.Id} holds only coarse reports, which no observation explains yet");
        }
        return reasons;
    }

    /// <summary>
    /// The one factor that decided a candidate, first among its reasons. Each factor is read as a share of what a
    /// perfect match would score (the same spot, overlapping windows, the same type, agreeing counts, another source): a candidate left
    /// below the bar was held back by the furthest of them when one is under half, else by its rivals (a better
    /// candidate, or others sharing the posterior) or by the report's vagueness ("an event nobody observed" fits it
    /// about as well); a chosen one was carried by all of them together (the weakest is named). A second report of one
    /// source is a rule, not only a factor: it is named first.
    /// </summary>
    string Decisive(Seen v, Report r, Incident i, double share, double newEvent, Incident? leader, double leaderShare, double bar)
    {
        var (_, sigmas) = v.Where.Agreement(i.Estimate);
        var cell = v.Cell?.Weight(i.Estimate.Lat, i.Estimate.Lon) ?? 1;
        var place = Math.Exp(-0.5 * sigmas * sigmas) * cell;
        var tolH = ToleranceHours(v);
        var gapH = GapHours(v, i);
        var time = TimeOfPerfect(v, i, gapH, tolH);
        var (incidentType, type) = ClosestType(r, i);
        var source = i.Sources.Contains(r.SourceKey) ? Settings.SameSourceFactor : 1;
        var counts = CountsOf(v, i);
        // Only the factor named is put in words: this runs for every candidate explained, the hot path of a join.
        double[] ratios = [place, time, type, counts is { } both ? CountEvidence.Factor(both.Report, both.Incident, v.Coarse, _countSpread.Variance).OfPerfect : 1, source];
        string What(int k) => k switch
        {
            0 => $"place ({F(sigmas)}σ apart{(cell < 0.5 ? $", nearer to another settlement {r.Party} names" : "")})",
            1 => $"time ({TimeWords(v, i, gapH, tolH)})",
            2 => $"type ({r.Type} against {incidentType})",
            3 => $"count ({CountWords(counts!.Value)})",
            _ => $"source ({r.SourceKey} already reported it)",
        };
        var w = 0;
        for (var k = 1; k < ratios.Length; k++)
        {
            w = ratios[k] < ratios[w] ? k : w;
        }
        if (source < 1)
        {
            // A rule, not only a factor: a second report of one source is never joined automatically.
            return $"{Match.DecidedBy}{What(4)}: ×{Factor(source)} of a perfect match, and never joined automatically";
        }
        if (share >= bar && leader is null)
        {
            return $"{Match.DecidedBy}the factors together ({share:0.00} of the posterior, {(v.Coarse ? "attach" : "join")} at {bar:0.00}); the weakest, {What(w)}, ×{Factor(ratios[w])} of a perfect match";
        }
        if (ratios[w] < 0.5)
        {
            return $"{Match.DecidedBy}{What(w)}: ×{Factor(ratios[w])} of a perfect match";
        }
        if (leader is not null)
        {
            return $"{Match.DecidedBy}a better candidate: I-{leader.Id} has {leaderShare:0.00} of the posterior";
        }
        var rivals = 1 - share - newEvent;
        return rivals > newEvent
            ? $"{Match.DecidedBy}rivals: other incidents share {rivals:0.00} of the posterior"
            : $"{Match.DecidedBy}vagueness: place, time{(counts is null ? "" : ", count")} and type agree, but a report this vague (σ {F(v.Where.MeanSigma)} km, {F((v.End - v.Start).TotalHours)} h) fits an event nobody observed about as well ({newEvent:0.00} of the posterior)";
    }

    /// <summary>The time factor as a share of a perfect match's: windows that overlap and, where onsets count, the same start.</summary>
    double TimeOfPerfect(Seen v, Incident i, double gapH, double tolH)
    {
        var (density, _) = TimeDensity(v, i, gapH, tolH);
        var (perfect, _) = TimeDensity(v, i, 0, tolH, apart: 0);
        return perfect > 0 ? Math.Min(1, density / perfect) : 0;
    }

    string TimeWords(Seen v, Incident i, double gapH, double tolH)
    {
        var windows = gapH <= 0 ? "windows overlap" : $"windows {F(gapH * 60)} min apart, tolerance {F(tolH * 60)} min";
        if (!Onsets.Between(v, i))
        {
            return windows;
        }
        var (apart, _) = Onsets.Apart(v.Start, i, OnsetSpreadMinutes);
        return $"{windows}; starts {F(Math.Abs(apart))} min apart, clocks within about {F(OnsetSpreadMinutes)} min in this book";
    }

    string TimeReason(Seen v, Report r, Incident i)
    {
        var gapH = GapHours(v, i);
        if (r.TimePrecision == "minute")
        {
            return $"time {TimeWords(v, i, gapH, ToleranceHours(v))}";
        }
        var span = $"time window of a {r.TimePrecision}-precision report ({F((v.End - v.Start).TotalHours)} h)";
        return gapH <= 0 ? $"{span} covers the incident's" : $"{span} ends {F(gapH * 60)} min from the incident's (tolerance {F(ToleranceMinutes(v))} min for {r.TimePrecision} precision)";
    }

    /// <summary>The incident's type closest to the report's (ties by name), and the taxonomy's compatibility of the two.</summary>
    (string Type, double Compatibility) ClosestType(Report r, Incident i)
    {
        var (best, compatibility) = ("", -1.0);
        foreach (var t in i.TypeCounts.Keys)
        {
            var c = taxonomy.Compatibility(r.Type, t);
            if (c > compatibility || (c == compatibility && string.CompareOrdinal(t, best) < 0))
            {
                (best, compatibility) = (t, c);
            }
        }
        return (best, compatibility);
    }

    static string CountWords((LogCount Report, LogCount Incident) c) => $"{c.Report.Said} against {c.Incident.Said} {c.Report.Key}";

    static string Factor(double x) => x.ToString(x >= 10 ? "0" : "0.0##", System.Globalization.CultureInfo.InvariantCulture);

    static string Kind(Report r) => Coarseness.IsStatement(r) ? $"a {r.SourceKind} report" : "a coarse report";
}
