using System.Globalization;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Services;
using Truce.Http;
using Truce.Ledger.Notes;
using Truce.Places;

namespace Truce.Server.Reports;

/// <summary>Counts of one key (a type, an area, a day) in the period and in the one before.</summary>
public sealed record CountRow(string Key, int Now, int Before);

/// <summary>
/// A situation report as one reader may read it (SPEC §3.8): every module's sections from that reader's books, the
/// modules' events counted by type, area and day against the previous period, and the log it reflects.
/// </summary>
public sealed record SituationReport(string Deployment, bool Synthetic, string ReaderName, ReportPeriod Period,
    long LogSize, string RootHash, int Total, int PreviousTotal, IReadOnlyList<CountRow> ByType, IReadOnlyList<CountRow> ByArea,
    IReadOnlyList<CountRow> ByDay, IReadOnlyList<ReportEvent> Events, IReadOnlyList<ReportSection> Sections)
{
    /// <summary>The hour (UTC) at which the report's days are cut.</summary>
    public int Hour => Period.From.UtcDateTime.Hour;

    public string Title => $"{(Period.Kind == "daily" ? "Daily" : "Weekly")} situation report, {Period.From.UtcDateTime:yyyy-MM-dd HH:mm} to {Period.To.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
}

/// <summary>
/// Builds situation reports: a daily one covers the 24 hours from the cut hour (UTC) on its date, a weekly one the 7
/// days from then; each is compared with the period of the same length before it. The same for the server's pages,
/// their PDF, and <c>truce report</c>, so the three give the same bytes for the same log and reader.
/// </summary>
public static class SituationReports
{
    public static readonly string[] Kinds = ["daily", "weekly"];

    /// <summary>
    /// The period of a report: its kind, its first day as YYYY-MM-DD (absent: the latest period that has ended by
    /// <paramref name="now"/>), and the hour (UTC) at which days are cut. A bad date or hour is named by the caller's
    /// own names for them (<c>date</c> over HTTP, <c>--date</c> in the CLI).
    /// </summary>
    public static ReportPeriod PeriodOf(string kind, string? date, long hour, DateTimeOffset now, (string Date, string Hour) names)
    {
        if (!Kinds.Contains(kind))
        {
            throw new ValidationException("period", "must be daily or weekly");
        }
        if (hour is < 0 or > 23)
        {
            throw new ValidationException(names.Hour, "must be an hour from 0 to 23 (UTC)");
        }
        var day = date is null ? LatestDate(kind, (int)hour, now)
            : DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ValidationException(names.Date, "must be a date as YYYY-MM-DD");
        if (day.Year is < 1900 or > 2200)
        {
            throw new ValidationException(names.Date, "must be a date between 1900 and 2200");
        }
        var from = new DateTimeOffset(day.ToDateTime(new TimeOnly((int)hour, 0)), TimeSpan.Zero);
        return new ReportPeriod(kind, from, from.AddDays(kind == "daily" ? 1 : 7));
    }

    /// <summary>The latest period of this kind that has ended by <paramref name="now"/>: the default report.</summary>
    static DateOnly LatestDate(string kind, int hour, DateTimeOffset now)
    {
        var end = new DateTimeOffset(now.UtcDateTime.Date.AddHours(hour), TimeSpan.Zero);
        if (end > now)
        {
            end = end.AddDays(-1);
        }
        return DateOnly.FromDateTime(end.AddDays(kind == "daily" ? -1 : -7).UtcDateTime);
    }

    public static SituationReport Build(LedgerService l, Gazetteer g, Reader reader, ReportPeriod period, string naming)
    {
        var sections = l.Modules.SelectMany(m => m.Report(reader, l, period)).ToList();
        var events = sections.SelectMany(s => s.Events).ToList();
        var now = events.Where(e => period.Contains(e.Time)).ToList();
        var before = events.Where(e => period.InPrevious(e.Time)).ToList();
        var area = new Dictionary<string, string>(StringComparer.Ordinal);
        string AreaOf(ReportEvent e) => area.TryGetValue(e.Id, out var a) ? a : area[e.Id] = Naming.NearestSettlement(g, e.Lat, e.Lon, naming)
            ?? string.Create(CultureInfo.InvariantCulture, $"cell {Math.Floor(e.Lat * 10) / 10:0.0}N {Math.Floor(e.Lon * 10) / 10:0.0}E");
        var days = (int)(period.To - period.From).TotalDays;
        var byDay = Enumerable.Range(0, days).Select(d => new CountRow(
            period.From.AddDays(d).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            now.Count(e => e.Time >= period.From.AddDays(d) && e.Time < period.From.AddDays(d + 1)),
            before.Count(e => e.Time >= period.PreviousFrom.AddDays(d) && e.Time < period.PreviousFrom.AddDays(d + 1)))).ToList();
        var checkpoint = Checkpoint.Parse(SignedNote.Parse(l.Sequencer.CheckpointNote).Text);
        return new SituationReport(
            Deployment: l.WithRegistry(r => r.DeploymentName),
            Synthetic: l.WithRegistry(r => r.Synthetic),
            ReaderName: reader.Party ?? "the public",
            Period: period, LogSize: checkpoint.Size, RootHash: Convert.ToHexStringLower(checkpoint.RootHash),
            Total: now.Count, PreviousTotal: before.Count,
            ByType: Compare(now, before, e => e.Type), ByArea: Compare(now, before, AreaOf), ByDay: byDay,
            Events: events, Sections: sections);
    }

    /// <summary>Counts per key in both periods, most frequent first (then by key, so the order is fixed).</summary>
    static List<CountRow> Compare(List<ReportEvent> now, List<ReportEvent> before, Func<ReportEvent, string> key)
    {
        var a = now.GroupBy(key).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
        var b = before.GroupBy(key).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
        return [.. a.Keys.Union(b.Keys).Select(k => new CountRow(k, a.GetValueOrDefault(k), b.GetValueOrDefault(k)))
            .OrderByDescending(r => r.Now).ThenByDescending(r => r.Before).ThenBy(r => r.Key, StringComparer.Ordinal).Take(ReportSection.MaxRows)];
    }
}
