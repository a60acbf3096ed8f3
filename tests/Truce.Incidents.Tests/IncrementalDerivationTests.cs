using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Tests;

/// <summary>
/// Correlation keeps each incident's estimate, window, type and sources up to date step by step (a join fuses one more
/// report in) and derives them again from its reports when one leaves. After any random log, deriving every incident
/// again changes nothing: the step-by-step state is the state its reports say. (It once was not: an observed incident
/// whose first report by index was a statement fused its old estimate in again each time it was derived, so its
/// uncertainty shrank with every retraction, link or move out of it.)
/// </summary>
public class IncrementalDerivationTests
{
    [Property(MaxTest = 60)]
    public Property Deriving_an_incident_again_from_its_reports_changes_nothing(int seed)
    {
        ChangeIndexTests.RandomLog(seed, log =>
        {
            var c = log.Book.Correlator;
            foreach (var i in c.Incidents.Values.ToList())
            {
                var (before, where) = (Derived(i), i.Estimate);
                c.Recompute(i);
                // Fused in another order, a place may differ by a metre (the local frame is centred where fusing began).
                if (before != Derived(i) || where.DistanceKm(i.Estimate) > 0.005)
                {
                    return $"after entry {log.Entries.Count - 1}, I-{i.Id}: {before} ({where.Lat:F6}, {where.Lon:F6}), derived again {Derived(i)} ({i.Estimate.Lat:F6}, {i.Estimate.Lon:F6})";
                }
            }
            return null;
        }, out var wrong);
        return (wrong is null).Label(wrong ?? "");
    }

    static string Derived(Incident i) =>
        $"σ {i.Estimate.MeanSigma:F9}, {i.Start:O}–{i.End:O}, {i.Type}, {i.ActiveReports} active, {i.Observations} observed, "
        + $"{string.Join(',', i.Sources.Order(StringComparer.Ordinal))}, {string.Join(',', i.TypeCounts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}"))}";
}
