using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Incidents.Correlation;
using Truce.Incidents.Queries;
using static Truce.Incidents.Tests.Build;

namespace Truce.Incidents.Tests;

/// <summary>
/// The change feed's index (<see cref="IChangeIndexed{TRecord}"/> of the correlator's incidents) names, for every log
/// size, every incident whose versions say it changed since: after random reports, retractions, merges, splits, links,
/// status changes and re-correlations. (It may name more: the layer checks each.)
/// </summary>
public class ChangeIndexTests
{
    static readonly (double Lat, double Lon) Here = (39.95, 46.85);
    static readonly (double Lat, double Lon)[] Places = [Here, (39.75, 46.70), (39.96, 46.85)];


    [Property(MaxTest = 40)]
    public Property Every_incident_changed_since_any_size_is_named(int seed)
    {
        var log = RandomLog(seed);
        var c = log.Book.Correlator;
        var incidents = (IChangeIndexed<Incident>)c.IncidentsInOrder(i => i);
        for (long after = 0; after <= log.Entries.Count; after++)
        {
            var named = incidents.ChangedSince(after).Select(i => i.Id).ToHashSet();
            var missed = c.Incidents.Values.Where(i => i.LastChanged >= after && !named.Contains(i.Id)).Select(i => i.Id).ToList();
            if (missed.Count > 0)
            {
                return false.Label($"since {after}: incidents {string.Join(',', missed)} changed but not named");
            }
        }
        return true.ToProperty();
    }

    /// <summary>
    /// What the feed is for: a copy that held an incident as it was at some log size, and took every incident the feed
    /// named since, holds each as it is now. So an incident not named since a size (its last change before it) shows
    /// now as it showed then: its view and its reports' views (suggestions, retractions, joins) alike. The reports come
    /// from four patrols, so one patrol's two reports meet and one is re-correlated; some are statements.
    /// </summary>
    [Property(MaxTest = 25)]
    public Property An_incident_the_feed_does_not_name_since_a_size_shows_as_it_did_then(int seed)
    {
        var shown = new List<Dictionary<long, string>>();
        var log = RandomLog(seed, log =>
        {
            // After entry n - 1, what a copy at size n holds (re-correlation replaces the correlator: read it anew).
            while (shown.Count < log.Entries.Count)
            {
                shown.Add(log.Book.Correlator.Incidents.Values.ToDictionary(i => i.Id, i => Shown(log.Book, i)));
            }
            return null;
        });
        var c = log.Book.Correlator;
        for (var n = 1; n <= shown.Count; n++)
        {
            foreach (var i in c.Incidents.Values.Where(i => i.LastChanged < n))
            {
                if (shown[n - 1].GetValueOrDefault(i.Id) != Shown(log.Book, i))
                {
                    return false.Label($"I-{i.Id} changed after size {n} but its last change is {i.LastChanged}: {string.Join(" | ", i.History.Select(h => $"{h.Entry} {h.What}"))}");
                }
            }
        }
        return true.ToProperty();
    }

    static string Shown(IncidentBook b, Incident i) =>
        JsonSerializer.Serialize(IncidentQueries.ViewOf(b, i)) + JsonSerializer.Serialize(i.Reports.Select(r => IncidentQueries.ReportOf(b.Correlator.Reports[r])));

    /// <summary>A random log of 60 steps (<see cref="Step"/>); <paramref name="afterEach"/> reads the book after each.</summary>
    internal static Log RandomLog(int seed, Func<Log, string?>? afterEach = null) => RandomLog(seed, afterEach, out _);

    /// <summary>A random log, ended by the first thing <paramref name="afterEach"/> says is wrong (in <paramref name="wrong"/>).</summary>
    internal static Log RandomLog(int seed, Func<Log, string?>? afterEach, out string? wrong)
    {
        var rng = new Random(seed);
        var log = new Log();
        var reports = new List<long>();
        wrong = null;
        for (var step = 0; step < 60 && wrong is null; step++)
        {
            try
            {
                Step(log, rng, reports, step);
            }
            catch (Exception e) when (e is ValidationException or RefusedException)
            {
                // A random step that may not be taken (a merge of an incident into itself): the next one is.
            }
            wrong = afterEach?.Invoke(log);
        }
        return log;
    }

    /// <summary>One random step of a log: a report (from four patrols, or a statement), a retraction, a merge, a split, a
    /// link, a status step or a re-correlation.</summary>
    static void Step(Log log, Random rng, List<long> reports, int step)
    {
        var c = log.Book.Correlator;
        long Incident() => c.Reports[reports[rng.Next(reports.Count)]].Incident;
        switch (reports.Count < 3 ? 0 : rng.Next(9))
        {
            case 0 or 1 or 2:
                var at = T0.AddMinutes(rng.Next(0, 90));
                reports.Add(log.Add("report", rng.Next(2) == 0 ? "pk" : "jmc",
                    Report("mortar", at, 5, "patrol", $"p{rng.Next(4)}", Places[rng.Next(Places.Length)])));
                break;
            case 8:
                reports.Add(log.Add("report", rng.Next(2) == 0 ? "az" : "am",
                    Report("artillery", CoarseCases.Day, 0, "party-statement", null, Places[rng.Next(Places.Length)], "settlement", timePrecision: "day")));
                break;
            case 3:
                var r = reports[rng.Next(reports.Count)];
                log.Add("report.retract", log.Entries[(int)r].Env.Party, new JsonObject { ["report"] = r, ["reason"] = "mistaken" });
                break;
            case 4:
                log.Add("incident.merge", "jmc", new JsonObject { ["into"] = Incident(), ["from"] = Incident(), ["reason"] = "one event" });
                break;
            case 5:
                var held = reports[rng.Next(reports.Count)];
                log.Add("incident.split", "jmc", new JsonObject { ["incident"] = c.Reports[held].Incident, ["reports"] = new JsonArray(held), ["reason"] = "two events" });
                break;
            case 6:
                log.Add("incident.link", "jmc", new JsonObject { ["report"] = reports[rng.Next(reports.Count)], ["incident"] = Incident(), ["reason"] = "seen there" });
                break;
            default:
                if (rng.Next(3) == 0)
                {
                    log.Add("incident.recorrelate", "jmc", new JsonObject { ["reason"] = "again" });
                }
                else
                {
                    log.Add("incident.status", "jmc", Status(Incident(), "under-review"));
                }
                break;
        }
    }
}
