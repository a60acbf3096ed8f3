using NetTopologySuite.Geometries;
using Truce.Core.Modules.Shared;
using Truce.Core.Queries;
using Truce.Incidents.Correlation;
using Truce.Incidents.Records;
using Truce.Incidents.Reports;
using Truce.Spatial;

namespace Truce.Incidents.Queries;

/// <summary>Filters for incidents and reports; every one optional. Time filters keep what overlaps [From, To].</summary>
public sealed record IncidentFilter
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public Envelope? Bbox { get; init; }
    public Geometry? Area { get; init; }
    public string? Type { get; init; }
    public string? Category { get; init; }
    public string? Status { get; init; }
    public string? Party { get; init; }
    public string? Source { get; init; }
    public long After { get; init; } = -1;
    public int Limit { get; init; } = 100;
}

/// <summary>
/// Reads of the incidents module. Each is given the book of the reader's audience class, which holds only what that
/// reader may see: hidden reports neither appear nor shape an incident's location, window, counts or history.
/// </summary>
public static class IncidentQueries
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    static List<ReportState> ReportsOf(IncidentBook book, Incident i) => [.. i.Reports.Select(x => book.Correlator.Reports[x])];

    /// <summary>Where an incident's features are named ("near"): its view's location, and each of its reports' own
    /// estimates (the reports layer's).</summary>
    internal static IEnumerable<Gaussian> NamedAt(IncidentBook book, Incident i) =>
        ReportsOf(book, i) is var reports && Core(book, i, reports) is { } c ? reports.Select(s => s.Report.Estimate).Append(c.Estimate) : [];

    /// <summary>The incident as the book's reports show it; null when merged away or when none of its reports is in the book.</summary>
    public static IncidentView? ViewOf(IncidentBook book, Incident i) =>
        i.MergedInto is null && ReportsOf(book, i) is { Count: > 0 } visible ? View(book, i, visible) : null;

    /// <summary>Incidents by id: an incident's id is the index of the entry that began it.</summary>
    public static ListOrder<Incident, long> IncidentOrder { get; } = new(i => i.Id, Comparer<long>.Default,
        i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), (string s, out long id) => (id = IncidentIds.Parse(s) ?? -1) >= 0);

    public static ListOrder<ReportState, long> ReportOrder { get; } = ListOrders.ByIndex<ReportState>(s => s.Report.Index);

    public static CountedPage<IncidentView> Incidents(IncidentBook book, IncidentFilter f) =>
        Incidents(book, f, new PageStart<long>(f.After >= 0, f.After, f.Limit));

    public static CountedPage<IncidentView> Incidents(IncidentBook book, IncidentFilter f, PageStart<long> start)
    {
        // An incident's view is built to test the filters only when some filter needs it; otherwise only for the page.
        var needsView = f.From is not null || f.To is not null || f.Bbox is not null || f.Area is not null || f.Type is not null
            || f.Category is not null || f.Status is not null || f.Party is not null || f.Source is not null;
        var page = Paging.Take(book.Correlator.Incidents.Values, IncidentOrder, start, i =>
        {
            if (i.MergedInto is not null || i.Reports.Count == 0)
            {
                return false;
            }
            if (!needsView)
            {
                return true;
            }
            var visible = ReportsOf(book, i);
            return View(book, i, visible) is { } v && Matches(f, v, visible);
        }, i => View(book, i, ReportsOf(book, i))!);
        return new CountedPage<IncidentView>(page.Items, page.Next, page.Total, "incidents (events): each counts once however many reports it has");
    }

    static bool Matches(IncidentFilter f, IncidentView v, List<ReportState> visible)
    {
        if ((f.From is { } from && v.Time.End < from) || (f.To is { } to && v.Time.Start > to))
        {
            return false;
        }
        if (f.Bbox is { } box && !box.Contains(v.Location.Lon, v.Location.Lat))
        {
            return false;
        }
        if (f.Area is { } area && !area.Contains(Factory.CreatePoint(new Coordinate(v.Location.Lon, v.Location.Lat))))
        {
            return false;
        }
        return (f.Type is null || v.Type == f.Type || visible.Any(s => s.Report.Type == f.Type))
            && (f.Category is null || v.Category == f.Category)
            && (f.Status is null || v.Status == f.Status)
            // The parties and sources an incident rests on (its view's lists, as the map's filters read them): a report
            // retracted while others stand no longer makes it that party's.
            && (f.Party is null || v.Parties.Contains(f.Party))
            && (f.Source is null || v.SourceKinds.Contains(f.Source));
    }

    /// <summary>
    /// Where and when the incident lies, exactly as its view says (the same fusion of the same reports, rounded alike),
    /// without the rest of the view: what a map's pass reads of every incident. Null when it has no view.
    /// </summary>
    public static (double Lat, double Lon, DateTimeOffset Start, DateTimeOffset End)? Placed(IncidentBook book, Incident i) =>
        SummaryOf(book, i) is { } s ? (s.Lat, s.Lon, s.Start, s.End) : null;

    /// <summary>The incident's <see cref="IncidentSummary"/>, made again only when it changed; null when the reader is
    /// not shown it.</summary>
    static IncidentSummary? SummaryOf(IncidentBook book, Incident i)
    {
        if (i.MergedInto is not null || i.Reports.Count == 0)
        {
            return null;
        }
        var stamp = IncidentSummary.StampOf(i);
        if (i.Summary is IncidentSummary kept && kept.Stamp == stamp)
        {
            return kept;
        }
        if (Core(book, i, ReportsOf(book, i)) is not { } c)
        {
            return null;
        }
        var made = new IncidentSummary(stamp, Math.Round(c.Estimate.Lat, 6), Math.Round(c.Estimate.Lon, 6), c.Start, c.End, c.Status, c.Type,
            book.Taxonomy.FindType(c.Type)?.Category ?? "other", c.Active.Count, c.Basis.Select(s => s.Report.SourceKey).Distinct().Count(),
            Math.Round(c.Estimate.MeanSigma, 3), c.Basis.All(s => s.Report.Synthetic), PartiesOf(c.Basis), SourceKindsOf(c.Basis));
        // Readers share the book under its read lock: two may make the same summary at once, and either is right.
        i.Summary = made;
        return made;
    }

    /// <summary>Fused from the reports (the retracted ones left out while any other remains): the location estimate,
    /// and the window all of them agree on, or the union of theirs when they agree on none.</summary>
    static (Gaussian Estimate, DateTimeOffset Start, DateTimeOffset End) Fused(List<ReportState> basis)
    {
        var estimate = basis[0].Report.Estimate;
        var (start, end) = (basis[0].Report.Start, basis[0].Report.End);
        var (ustart, uend) = (start, end);
        foreach (var s in basis.Skip(1))
        {
            estimate = estimate.Fuse(s.Report.Estimate);
            (start, end) = (Max(start, s.Report.Start), Min(end, s.Report.End));
            (ustart, uend) = (Min(ustart, s.Report.Start), Max(uend, s.Report.End));
        }
        return start > end ? (estimate, ustart, uend) : (estimate, start, end);
    }

    /// <summary>What a view and a filter both read: the reports it rests on (the active ones, or all when every one is
    /// retracted), their fusion, the type most of them give (an explosion family first) and the status.</summary>
    static (List<ReportState> Active, List<ReportState> Basis, Gaussian Estimate, DateTimeOffset Start, DateTimeOffset End, string Type, string Status)? Core(
        IncidentBook book, Incident i, List<ReportState> visible)
    {
        var active = visible.Where(s => !s.Retracted).ToList();
        var basis = active.Count > 0 ? active : visible;
        if (basis.Count == 0)
        {
            return null;
        }
        var (estimate, start, end) = Fused(basis);
        var type = basis.GroupBy(s => s.Report.Type).OrderByDescending(g => book.Taxonomy.FindType(g.Key)?.Family == "explosion" ? 0 : 1)
            .ThenByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var status = active.Count == 0 && i.Status == Statuses.Reported ? Statuses.Retracted : i.Status;
        return (active, basis, estimate, start, end, type, status);
    }

    /// <summary>
    /// An incident's properties as a filter reads them (the map's layer and its queryables), exactly as its view gives
    /// them, without building the view: no counts, casualties or claims, which filters never read. Null when the
    /// reader is not shown it.
    /// </summary>
    public static IReadOnlyDictionary<string, object?>? Filterable(IncidentBook book, Incident i) => SummaryOf(book, i);

    public static IncidentView? View(IncidentBook book, Incident i, List<ReportState> visible)
    {
        if (Core(book, i, visible) is not { } core)
        {
            return null;
        }
        var (active, basis, estimate, start, end, type, status) = core;
        var counts = basis.SelectMany(s => s.Report.Counts).GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => Merge([.. g.Select(kv => kv.Value)]));
        var casualties = basis.SelectMany(s => s.Report.Casualties).GroupBy(c => (c.Side, c.Status))
            .Select(g => new CasualtyTotal(g.Key.Side, g.Key.Status, MergeOrNull(g.Select(c => c.Killed)), MergeOrNull(g.Select(c => c.Injured))))
            .OrderBy(c => c.Side, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal).ToList();
        return new IncidentView(i.Key, status, type, book.Taxonomy.FindType(type)?.Category ?? "other", new TimeWindow(start, end),
            new LocationEstimate(Math.Round(estimate.Lat, 6), Math.Round(estimate.Lon, 6), Math.Round(estimate.MeanSigma, 3), Math.Round(estimate.MaxSigma, 3)),
            active.Count, visible.Count - active.Count, basis.Select(s => s.Report.SourceKey).Distinct().Count(),
            PartiesOf(basis), SourceKindsOf(basis),
            counts, casualties, ClaimCount(book, i.Id),
            i.MergedInto is { } m ? IncidentIds.Format(m) : null, basis.All(s => s.Report.Synthetic), i.Manual);
    }

    /// <summary>The parties whose reports an incident rests on, in order: what its view lists and a filter reads.</summary>
    static string[] PartiesOf(List<ReportState> basis) => [.. basis.Select(s => s.Report.Party).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The kinds of source of the reports an incident rests on, in order.</summary>
    static string[] SourceKindsOf(List<ReportState> basis) => [.. basis.Select(s => s.Report.SourceKind).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The counting rule for several observers' estimates of one event's numbers: they overlap, never add. A
    /// best left out (unknown) does not count towards the median; if every report left it out, so does the incident.</summary>
    static Estimate Merge(IReadOnlyList<Estimate> all)
    {
        var bests = all.Where(e => e.Best is not null).Select(e => e.Best!.Value).Order().ToList();
        var low = all.Max(e => e.Low);
        var high = all.Max(e => e.High);
        if (bests.Count == 0)
        {
            return new Estimate(low, null, high);
        }
        var median = bests.Count % 2 == 1 ? bests[bests.Count / 2] : (bests[bests.Count / 2 - 1] + bests[bests.Count / 2]) / 2;
        return new Estimate(Math.Min(low, median), Math.Clamp(median, low, high), Math.Max(high, median));
    }

    static Estimate? MergeOrNull(IEnumerable<Estimate?> all)
    {
        var list = all.OfType<Estimate>().ToList();
        return list.Count == 0 ? null : Merge(list);
    }

    public static IncidentDetail? Detail(IncidentBook book, long id)
    {
        var i = book.Correlator.Find(id);
        if (i is null)
        {
            return null;
        }
        var visible = ReportsOf(book, i);
        if (View(book, i, visible) is not { } view)
        {
            return null;
        }
        var statusStep = i.History.LastOrDefault(h => h.What.StartsWith("status ", StringComparison.Ordinal));
        var claims = ClaimsAbout(book, i.Id).Select(c => ClaimOf(book, c)).ToList();
        var history = i.History.Select(h => new HistoryView(h.Entry, h.Party, h.Time, h.What, h.Reason, h.Score, h.Reasons)).ToList();
        return new IncidentDetail(view, new AssessmentView(view.Status, statusStep?.Reason, statusStep?.Party, statusStep?.Time),
            [.. visible.Select(s => ReportOf(s))], claims, history);
    }

    public static ReportView ReportOf(ReportState s)
    {
        var r = s.Report;
        static MatchView M(Match m) => new(IncidentIds.Format(m.Incident), Math.Round(m.Score, 4), m.Reasons, m.Decided);
        return new ReportView(r.Index, r.Cid, r.Party, r.Visibility.ToString().ToLowerInvariant(), r.Logged, r.Category, r.Type, r.Perceptions,
            new TimeWindow(r.Start, r.End, r.TimePrecision), r.Location is null ? null : GeoJson.Write(r.Location), r.LocationPrecision, r.RadiusM,
            r.Place, r.LocationText, r.Observer,
            new LocationEstimate(Math.Round(r.Estimate.Lat, 6), Math.Round(r.Estimate.Lon, 6), Math.Round(r.Estimate.MeanSigma, 3), Math.Round(r.Estimate.MaxSigma, 3)),
            r.Counts, r.Weapon, r.Casualties, r.Damage, r.SourceKind, r.SourceId, r.Evidence, r.Confidence, r.Description, r.Synthetic,
            IncidentIds.Format(s.Incident), s.Pinned, s.JoinedBy is null ? null : M(s.JoinedBy), [.. s.Suggestions.Select(M)],
            s.Retracted ? new RetractionView(s.RetractedBy ?? -1, s.RetractReason) : null)
        { SourceName = r.SourceName, SourceFields = r.SourceFields };
    }

    public static ClaimView ClaimOf(IncidentBook book, Claim c) => new(c.Index, c.Party, c.Time, c.ActorName, c.ActorKind, c.ActorParty, c.Stance,
        c.AttributedTo, c.AttributedToParty, c.Fact, c.Quote, c.Language, c.Source, [.. c.Incidents.Select(x => IncidentIds.Format(book.Correlator.Find(x)?.Id ?? x))], c.Synthetic);

    public static ReportView? Report(IncidentBook book, long index) =>
        book.Correlator.Reports.TryGetValue(index, out var s) ? ReportOf(s) : null;

    public static CountedPage<ReportView> Reports(IncidentBook book, IncidentFilter f) =>
        Reports(book, f, new PageStart<long>(f.After >= 0, f.After, f.Limit));

    public static CountedPage<ReportView> Reports(IncidentBook book, IncidentFilter f, PageStart<long> start)
    {
        var page = Paging.Take(book.Correlator.Reports.Values, ReportOrder, start, s =>
        {
            var r = s.Report;
            return !((f.From is { } from && r.End < from) || (f.To is { } to && r.Start > to))
                && (f.Bbox is null || f.Bbox.Contains(r.Estimate.Lon, r.Estimate.Lat))
                && (f.Area is null || f.Area.Contains(Factory.CreatePoint(new Coordinate(r.Estimate.Lon, r.Estimate.Lat))))
                && (f.Type is null || r.Type == f.Type) && (f.Category is null || r.Category == f.Category)
                && (f.Party is null || r.Party == f.Party) && (f.Source is null || r.SourceKind == f.Source)
                && (f.Status is null || book.Correlator.Find(s.Incident)?.Status == f.Status);
        }, ReportOf);
        return new CountedPage<ReportView>(page.Items, page.Next, page.Total, "reports (observations): one event seen by three sources is three reports");
    }

    /// <summary>Scores an existing report against the incidents now (for a monitor deciding a merge or a split).</summary>
    public static IReadOnlyList<MatchView>? Candidates(IncidentBook book, long index)
    {
        if (!book.Correlator.Reports.TryGetValue(index, out var s))
        {
            return null;
        }
        return [.. book.Correlator.Candidates(s.Report, i => i.Reports.Count > 0, 0).Take(20)
            .Select(m => new MatchView(IncidentIds.Format(m.Incident), Math.Round(m.Score, 4), m.Reasons, m.Decided))];
    }

    /// <summary>Counts per day (UTC) and per type or area, of incidents (events) and of reports (observations) side by side.</summary>
    public static DailyCounts Daily(IncidentBook book, DateTimeOffset from, DateTimeOffset to, string by, Func<double, double, string> areaOf)
    {
        var rows = new Dictionary<(string Day, string Key), (int Incidents, int Reports)>();
        foreach (var i in book.Correlator.Incidents.Values.Where(i => i.MergedInto is null))
        {
            var visible = ReportsOf(book, i);
            if (View(book, i, visible) is not { } v || v.Time.Start < from || v.Time.Start > to || v.Status is Statuses.Retracted or Statuses.Unfounded)
            {
                continue;
            }
            var key = by == "area" ? areaOf(v.Location.Lat, v.Location.Lon) : v.Type;
            var day = v.Time.Start.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var cur = rows.GetValueOrDefault((day, key));
            rows[(day, key)] = (cur.Incidents + 1, cur.Reports + v.Reports);
        }
        return new DailyCounts(by, "incidents count events (once each, however many reports); reports count observations; retracted and unfounded incidents are left out",
            [.. rows.OrderBy(kv => kv.Key.Day, StringComparer.Ordinal).ThenBy(kv => kv.Key.Key, StringComparer.Ordinal)
                .Select(kv => new DailyCount(kv.Key.Day, kv.Key.Key, kv.Value.Incidents, kv.Value.Reports))]);
    }

    public static Page<T> Restrictions<T>(IncidentBook book, DateTimeOffset? from, DateTimeOffset? to, PageStart<long> start, Func<Restriction, T> view) =>
        Paging.Seek(book.Restrictions.Values, ListOrders.ByIndex<Restriction>(r => r.Index), start,
            r => (from is null || r.Start >= from) && (to is null || r.Start <= to), view);

    public static Page<T> Hotline<T>(IncidentBook book, PageStart<long> start, Func<HotlineMessage, T> view) =>
        Paging.Seek(book.Hotline.Values, ListOrders.ByIndex<HotlineMessage>(h => h.Index), start, _ => true, view);

    public static Page<ClaimView> Claims(IncidentBook book, long? incident, PageStart<long> start)
    {
        var id = incident is { } x ? book.Correlator.Find(x)?.Id ?? x : (long?)null;
        return Paging.Seek(id is { } about ? ClaimsAbout(book, about) : book.Claims.Values, ListOrders.ByIndex<Claim>(c => c.Index), start,
            _ => true, c => ClaimOf(book, c));
    }

    /// <summary>The claims about an incident or about any incident that is now an alias of it, in log order. Resolved
    /// here rather than rewritten into the claims when correlation makes an alias, which re-correlation may undo.</summary>
    static IEnumerable<Claim> ClaimsAbout(IncidentBook book, long id) =>
        book.Correlator.HasAliases(id) ? book.Claims.About(book.Correlator.IdsOf(id)) : book.Claims.About(id);

    static int ClaimCount(IncidentBook book, long id) =>
        book.Correlator.HasAliases(id) ? book.Claims.About(book.Correlator.IdsOf(id)).Count() : book.Claims.CountAbout(id);

    public static IReadOnlyList<ClaimView> Claims(IncidentBook book, long? incident, int limit) =>
        Claims(book, incident, new PageStart<long>(false, 0, limit)).Items;

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
