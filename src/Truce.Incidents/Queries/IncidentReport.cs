using System.Globalization;
using Truce.Core.Modules;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Queries;

/// <summary>
/// The incidents module's part of a situation report, from one reader's book: the incidents of the period and of the
/// one before (events, counted once each, however many reports; retracted and unfounded ones left out, as in the daily
/// counts), the verified incidents of the period, and the restrictions of the monitors' movement.
/// </summary>
public static class IncidentReport
{
    public static IReadOnlyList<ReportSection> Of(IncidentBook book, ReportPeriod period)
    {
        var events = new List<ReportEvent>();
        var verified = new List<IncidentView>();
        foreach (var i in book.Correlator.Incidents.Values)
        {
            // Placed is the incident's fused time without building its view; the view only for those in either period.
            if (IncidentQueries.Placed(book, i) is not { } at || !(period.Contains(at.Start) || period.InPrevious(at.Start))
                || IncidentQueries.ViewOf(book, i) is not { } v || v.Status is Statuses.Retracted or Statuses.Unfounded)
            {
                continue;
            }
            events.Add(new ReportEvent(v.Id, v.Time.Start, v.Location.Lat, v.Location.Lon, v.Type));
            if (v.Status == Statuses.Verified && period.Contains(v.Time.Start))
            {
                verified.Add(v);
            }
        }
        var now = events.Count(e => period.Contains(e.Time));
        var incidents = new ReportSection("Incidents",
            [$"{now} incidents in this period ({events.Count - now} in the previous one): events, each counted once however many reports it has; retracted and unfounded incidents are left out."])
        {
            Events = events,
            Tables = [Table("Verified incidents", ["Incident", "Type", "Began (UTC)", "Reports", "Independent sources", "Where (lat, lon)"],
                verified.OrderBy(v => v.Time.Start).ThenBy(v => v.Id, StringComparer.Ordinal),
                v => [v.Id, v.Type, Time(v.Time.Start), Number(v.Reports), Number(v.IndependentSources), Where(v.Location.Lat, v.Location.Lon)])],
        };

        var restrictions = book.Restrictions.Values.Where(r => period.Contains(r.Start)).OrderBy(r => r.Start).ThenBy(r => r.Index).ToList();
        var before = book.Restrictions.Values.Count(r => period.InPrevious(r.Start));
        var movement = new ReportSection("Restrictions of movement",
            [$"{restrictions.Count} restrictions of the monitors' freedom of movement in this period ({before} in the previous one)."])
        {
            Tables = [Table("Restrictions", ["Entry", "Began (UTC)", "What", "By", "Team", "Description", "Where (lat, lon)"], restrictions,
                r => [$"#{Number(r.Index)}", Time(r.Start), r.Kind, r.By ?? "", r.Team ?? "", Cut(r.Description), Where(r.Lat, r.Lon)])],
        };
        return [incidents, movement];
    }

    static ReportTable Table<T>(string caption, string[] columns, IEnumerable<T> items, Func<T, IReadOnlyList<string>> row)
    {
        var all = items as IReadOnlyCollection<T> ?? [.. items];
        return new ReportTable(caption, columns, [.. all.Take(ReportSection.MaxRows).Select(row)], all.Count);
    }

    static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    static string Where(double lat, double lon) => string.Create(CultureInfo.InvariantCulture, $"{lat:0.000}, {lon:0.000}");

    static string Cut(string s) => s.Length <= 300 ? s : s[..299] + "…";
}
