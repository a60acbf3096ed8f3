using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>Why a report matches an incident, in words a monitor can check against the map.</summary>
    public IReadOnlyList<string> Explain(Report r, Incident i) => Explain(SeenOf(r), r, i);

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
        var incidentType = i.TypeCounts.Keys.OrderByDescending(t => taxonomy.Compatibility(r.Type, t)).ThenBy(t => t, StringComparer.Ordinal).First();
        var typeFactor = taxonomy.Compatibility(r.Type, incidentType);
        reasons.Add(typeFactor >= 1 ? $"same type ({r.Type})"
            : typeFactor >= 0.7 ? $"{r.Type} and {incidentType} are of one family ({taxonomy.FindType(r.Type)?.Family})"
            : $"{r.Type} is compatible with {incidentType}");
        reasons.Add(i.Sources.Contains(r.SourceKey)
            ? $"the incident already has a report from the same source ({r.SourceKey}), so this is more likely another event"
            : $"independent source ({r.SourceKey})");
        if (v.Coarse)
        {
            reasons.Add(i.Observed
                ? $"{Kind(r)} weighed against observed incident I-{i.Id}: it may attach, never moving the incident's place, window or type"
                : $"I-{i.Id} holds only coarse reports, which no observation explains yet");
        }
        return reasons;
    }

    string TimeReason(Seen v, Report r, Incident i)
    {
        var gapH = GapHours(v, i);
        if (r.TimePrecision == "minute")
        {
            return gapH <= 0 ? "time windows overlap" : $"time windows {F(gapH * 60)} min apart (tolerance {F(Settings.ClockToleranceMinutes)} min)";
        }
        var span = $"time window of a {r.TimePrecision}-precision report ({F((v.End - v.Start).TotalHours)} h)";
        return gapH <= 0 ? $"{span} covers the incident's" : $"{span} ends {F(gapH * 60)} min from the incident's (tolerance {F(ToleranceMinutes(v))} min for {r.TimePrecision} precision)";
    }

    static string Factor(double x) => x.ToString(x >= 10 ? "0" : "0.0##", System.Globalization.CultureInfo.InvariantCulture);

    static string Kind(Report r) => Coarseness.IsStatement(r) ? $"a {r.SourceKind} report" : "a coarse report";
}
