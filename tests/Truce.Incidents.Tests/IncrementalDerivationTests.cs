using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Tests;

/// <summary>
/// The correlator's state agrees with itself after any random log (<see cref="ChangeIndexTests.RandomLog(int, Func{Build.Log, string?})"/>).
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

    /// <summary>After every step of a random log, each report is listed by the incident it names and each incident
    /// lists only reports that name it; an alias holds none; no incident's id is an entry not yet logged (a later entry
    /// of that index would begin an incident over it: WorkflowTests, re-correlation's own ids); and every suggestion
    /// names an incident still itself, not the report's own (SuggestionFollowTests).</summary>
    [Property(MaxTest = 100)]
    public Property Reports_and_incidents_name_each_other(int seed)
    {
        ChangeIndexTests.RandomLog(seed, log =>
        {
            var c = log.Book.Correlator;
            if (c.Reports.Values.FirstOrDefault(s => !c.Incidents.TryGetValue(s.Incident, out var i) || !i.Reports.Contains(s.Report.Index)) is { } astray)
            {
                return $"after entry {log.Entries.Count - 1}, report {astray.Report.Index} names I-{astray.Incident}, which does not list it";
            }
            if (c.Reports.Values.FirstOrDefault(s => s.Suggestions.Any(m => m.Incident == s.Incident || c.Incidents[m.Incident] is not { MergedInto: null, ActiveReports: > 0 })) is { } stale)
            {
                return $"after entry {log.Entries.Count - 1}, report {stale.Report.Index} in I-{stale.Incident} suggests {string.Join(',', stale.Suggestions.Select(m => m.Incident))}";
            }
            foreach (var i in c.Incidents.Values)
            {
                if (i.Reports.Any(r => c.Reports[r].Incident != i.Id) || (i.MergedInto is not null && i.Reports.Count > 0) || i.Id >= log.Entries.Count)
                {
                    return $"after entry {log.Entries.Count - 1}, I-{i.Id} (alias of {i.MergedInto}) lists {string.Join(',', i.Reports)}";
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
