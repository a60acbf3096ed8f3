using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Incidents.Correlation;
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
        var rng = new Random(seed);
        var log = new Log();
        var reports = new List<long>();
        for (var step = 0; step < 60; step++)
        {
            try
            {
                Step(log, rng, reports, step);
            }
            catch (Exception e) when (e is ValidationException or RefusedException)
            {
                // A random step that may not be taken (a merge of an incident into itself): the next one is.
            }
        }
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

    static void Step(Log log, Random rng, List<long> reports, int step)
    {
        var c = log.Book.Correlator;
        long Incident() => c.Reports[reports[rng.Next(reports.Count)]].Incident;
        switch (reports.Count < 3 ? 0 : rng.Next(8))
        {
            case 0 or 1 or 2:
                var at = T0.AddMinutes(rng.Next(0, 90));
                reports.Add(log.Add("report", rng.Next(2) == 0 ? "pk" : "jmc",
                    Report("mortar", at, 5, "patrol", $"p{step}", Places[rng.Next(Places.Length)])));
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
