using System.Globalization;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

/// <summary>A candidate incident for a report: its share of the posterior, the odds behind it, and why, in words.</summary>
public sealed record Match(long Incident, double Score, double Odds, IReadOnlyList<string> Reasons);

/// <summary>A report and what correlation made of it.</summary>
public sealed class ReportState(Report report)
{
    public Report Report { get; } = report;
    public long Incident { get; set; } = -1;
    public bool Retracted { get; set; }
    public long? RetractedBy { get; set; }
    public string? RetractReason { get; set; }

    /// <summary>Set by a monitor's link, merge or split: batch re-correlation keeps the monitor's decision.</summary>
    public bool Pinned { get; set; }
    public IReadOnlyList<Match> Suggestions { get; set; } = [];
    public Match? JoinedBy { get; set; }
}

/// <summary>
/// Matches reports to incidents (SPEC §3.3). For a report R and each candidate incident I it computes the odds that
/// R observed I rather than an unrelated event:
/// <c>odds = space × time × type × source / density</c>, where space is the density of the two location estimates
/// agreeing (a 2-D normal; bearings make long ellipses that cross), time is the density of the windows agreeing
/// within the clock tolerance, type is the taxonomy's compatibility, source penalises a second report from the same
/// post, and density is the configured rate of unrelated events per km² per hour. The candidates and "a new event"
/// share the posterior: <c>P(I) = odds(I) / (1 + Σ odds)</c>. So a vague report near two incidents gives each a
/// small share and joins neither; it is only suggested.
/// </summary>
public sealed class Correlator(Taxonomy.Taxonomy taxonomy)
{
    readonly CandidateIndex _index = new();
    readonly HashSet<Incident> _scratch = [];

    public Dictionary<long, Incident> Incidents { get; } = [];
    public Dictionary<long, ReportState> Reports { get; } = [];
    public CorrelationSettings Settings { get; set; } = new();

    public void Clear()
    {
        Incidents.Clear();
        Reports.Clear();
        _index.Clear();
    }

    /// <summary>Follows merges to the incident that now holds an id's reports.</summary>
    public Incident? Find(long id)
    {
        for (var hops = 0; hops < 64 && Incidents.TryGetValue(id, out var i); hops++)
        {
            if (i.MergedInto is not { } next)
            {
                return i;
            }
            id = next;
        }
        return null;
    }

    /// <summary>Scores a report against every incident within reach, best first (only those above zero odds).
    /// Reasons are written only for candidates with at least <paramref name="explainFrom"/> of the posterior.</summary>
    public List<Match> Candidates(Report r, Func<Incident, bool>? allowed = null, double explainFrom = 0)
    {
        var tol = TimeSpan.FromMinutes(Settings.ClockToleranceMinutes);
        _scratch.Clear();
        _index.Query(r.Start - 4 * tol, r.End + 4 * tol, r.Estimate, 5 * r.Estimate.MaxSigma, _scratch);
        var scored = new List<(Incident I, double Odds)>();
        var total = 1.0;
        foreach (var i in _scratch)
        {
            if (i.Active && (allowed is null || allowed(i)) && Odds(r, i) is > 0 and var odds)
            {
                scored.Add((i, odds));
                total += odds;
            }
        }
        scored.Sort((a, b) => a.Odds != b.Odds ? b.Odds.CompareTo(a.Odds) : a.I.Id.CompareTo(b.I.Id));
        return [.. scored.Select(c => new Match(c.I.Id, c.Odds / total, c.Odds, c.Odds / total >= explainFrom ? Explain(r, c.I) : []))];
    }

    double Odds(Report r, Incident i)
    {
        var typeFactor = 0.0;
        foreach (var t in i.TypeCounts.Keys)
        {
            typeFactor = Math.Max(typeFactor, taxonomy.Compatibility(r.Type, t));
        }
        if (typeFactor <= 0)
        {
            return 0;
        }
        var tolH = Math.Max(Settings.ClockToleranceMinutes, 0.5) / 60;
        var gapH = GapHours(r, i);
        if (gapH > 4 * tolH)
        {
            return 0;
        }
        var durH = (r.End - r.Start).TotalHours;
        var time = Math.Exp(-0.5 * (gapH / tolH) * (gapH / tolH)) / (durH + 2 * tolH);
        var (space, sigmas) = r.Estimate.Agreement(i.Estimate);
        if (sigmas > 5)
        {
            return 0;
        }
        var sourceFactor = i.Sources.Contains(r.SourceKey) ? Settings.SameSourceFactor : 1;
        return space * time * typeFactor * sourceFactor / Settings.EventDensity;
    }

    internal static double GapHours(Report r, Incident i) => Math.Max(0, (Max(r.Start, i.Start) - Min(r.End, i.End)).TotalHours);

    /// <summary>Why a report matches an incident, in words a monitor can check against the map.</summary>
    public IReadOnlyList<string> Explain(Report r, Incident i)
    {
        var reasons = new List<string>(4);
        var gapH = GapHours(r, i);
        reasons.Add(gapH <= 0 ? "time windows overlap" : $"time windows {F(gapH * 60)} min apart (tolerance {F(Settings.ClockToleranceMinutes)} min)");
        var (_, sigmas) = r.Estimate.Agreement(i.Estimate);
        var km = r.Estimate.DistanceKm(i.Estimate);
        var combined = Math.Sqrt(r.Estimate.MeanSigma * r.Estimate.MeanSigma + i.Estimate.MeanSigma * i.Estimate.MeanSigma);
        reasons.Add(r.Observer?.HasRay == true && r.Location is null
            ? $"bearing {F(r.Observer.Bearing!.Value)}° from {r.Observer.Id ?? "the observer"} passes {F(sigmas)}σ from the incident's estimate"
            : $"{F(km)} km apart, {F(sigmas)}σ of the combined uncertainty (about {F(combined)} km)");
        var incidentType = i.TypeCounts.Keys.OrderByDescending(t => taxonomy.Compatibility(r.Type, t)).ThenBy(t => t, StringComparer.Ordinal).First();
        var typeFactor = taxonomy.Compatibility(r.Type, incidentType);
        reasons.Add(typeFactor >= 1 ? $"same type ({r.Type})"
            : typeFactor >= 0.7 ? $"{r.Type} and {incidentType} are of one family ({taxonomy.FindType(r.Type)?.Family})"
            : $"{r.Type} is compatible with {incidentType}");
        reasons.Add(i.Sources.Contains(r.SourceKey)
            ? $"the incident already has a report from the same source ({r.SourceKey}), so this is more likely another event"
            : $"independent source ({r.SourceKey})");
        return reasons;
    }

    /// <summary>Correlates a new report: joins the best incident if its share reaches the threshold, else starts one.</summary>
    public ReportState Add(Report r, Func<Incident, bool>? allowed = null)
    {
        var state = new ReportState(r);
        Reports[r.Index] = state;
        var matches = Candidates(r, allowed, Math.Min(Settings.Suggest, Settings.Join));
        // A source that reports twice is describing two things (retries are absorbed by client ids): never joined
        // automatically, only suggested.
        if (matches.Count > 0 && matches[0].Score >= Settings.Join && !Incidents[matches[0].Incident].Sources.Contains(r.SourceKey))
        {
            state.JoinedBy = matches[0];
            state.Suggestions = [.. matches.Skip(1).Where(m => m.Score >= Settings.Suggest)];
            Attach(state, Incidents[matches[0].Incident], new IncidentEvent(r.Index, r.Party, r.Logged,
                $"report {r.Index} joined", null, matches[0].Score, matches[0].Reasons));
        }
        else
        {
            state.Suggestions = [.. matches.Where(m => m.Score >= Settings.Suggest)];
            var i = new Incident(r.Index);
            Incidents[i.Id] = i;
            Attach(state, i, new IncidentEvent(r.Index, r.Party, r.Logged, $"created by report {r.Index}", null));
        }
        return state;
    }

    /// <summary>Puts a report into an incident (incrementally when it only adds).</summary>
    public void Attach(ReportState s, Incident i, IncidentEvent why)
    {
        if (s.Incident >= 0 && Incidents.TryGetValue(s.Incident, out var old) && old != i)
        {
            old.Reports.Remove(s.Report.Index);
            Recompute(old);
        }
        s.Incident = i.Id;
        if (!i.Reports.Contains(s.Report.Index))
        {
            i.Reports.Add(s.Report.Index);
            i.Reports.Sort();
        }
        i.History.Add(why);
        if (!s.Retracted && i.ActiveReports > 0 && i.IndexKeys.Count > 0)
        {
            _index.Remove(i);
            Absorb(i, s.Report);
            _index.Add(i);
        }
        else
        {
            Recompute(i);
        }
    }

    /// <summary>Derives an incident's estimate, window, type and sources again from its active reports.</summary>
    public void Recompute(Incident i)
    {
        if (i.IndexKeys.Count > 0)
        {
            _index.Remove(i);
        }
        i.ActiveReports = 0;
        i.TypeCounts.Clear();
        i.Sources.Clear();
        foreach (var idx in i.Reports)
        {
            if (Reports.TryGetValue(idx, out var s) && !s.Retracted)
            {
                Absorb(i, s.Report);
            }
        }
        if (i.ActiveReports == 0)
        {
            // Still listed (its history and claims stay readable), never a candidate.
            foreach (var idx in i.Reports)
            {
                if (Reports.TryGetValue(idx, out var s))
                {
                    i.TypeCounts.TryAdd(s.Report.Type, 0);
                    i.Estimate = s.Report.Estimate;
                    (i.IntersectStart, i.IntersectEnd, i.UnionStart, i.UnionEnd) = (s.Report.Start, s.Report.End, s.Report.Start, s.Report.End);
                }
            }
            return;
        }
        if (i.MergedInto is null)
        {
            _index.Add(i);
        }
    }

    void Absorb(Incident i, Report r)
    {
        if (i.ActiveReports == 0)
        {
            i.Estimate = r.Estimate;
            (i.IntersectStart, i.IntersectEnd, i.UnionStart, i.UnionEnd) = (r.Start, r.End, r.Start, r.End);
        }
        else
        {
            i.Estimate = i.Estimate.Fuse(r.Estimate);
            i.IntersectStart = Max(i.IntersectStart, r.Start);
            i.IntersectEnd = Min(i.IntersectEnd, r.End);
            i.UnionStart = Min(i.UnionStart, r.Start);
            i.UnionEnd = Max(i.UnionEnd, r.End);
        }
        i.ActiveReports++;
        i.TypeCounts[r.Type] = i.TypeCounts.GetValueOrDefault(r.Type) + 1;
        i.Sources.Add(r.SourceKey);
        i.Type = i.TypeCounts.OrderByDescending(kv => taxonomy.FindType(kv.Key)?.Family == "explosion" ? 0 : 1)
            .ThenByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
    }

    public void Retract(ReportState s)
    {
        s.Retracted = true;
        if (Incidents.TryGetValue(s.Incident, out var i))
        {
            Recompute(i);
        }
    }

    /// <summary>Moves every report of <paramref name="from"/> into <paramref name="into"/>; <paramref name="from"/> stays as an alias.</summary>
    public void Merge(Incident into, Incident from, IncidentEvent why)
    {
        foreach (var idx in from.Reports.ToList())
        {
            var s = Reports[idx];
            s.Incident = into.Id;
            into.Reports.Add(idx);
        }
        into.Reports.Sort();
        from.Reports.Clear();
        from.MergedInto = into.Id;
        Recompute(from);
        into.History.Add(why);
        from.History.Add(why);
        Recompute(into);
    }

    public Incident NewIncident(long id, bool manual)
    {
        var i = new Incident(id) { Manual = manual };
        Incidents[id] = i;
        return i;
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    static string F(double x) => x.ToString(x < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
