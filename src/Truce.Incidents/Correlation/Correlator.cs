using Truce.Core.Modules;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

/// <summary>A candidate incident for a report: its share of the posterior, the odds behind it, and why, in words.</summary>
public sealed record Match(long Incident, double Score, double Odds, IReadOnlyList<string> Reasons)
{
    /// <summary>The reason that names the factor that decided it (Correlator.Decisive), when reasons were written.</summary>
    public string? Decided => Reasons.FirstOrDefault(x => x.StartsWith(DecidedBy, StringComparison.Ordinal));

    internal const string DecidedBy = "decided by ";
}

/// <summary>A report and what correlation made of it.</summary>
public sealed class ReportState(Report report)
{
    public Report Report { get; } = report;

    /// <summary>What correlation took from the report under the settings in force when it was correlated.</summary>
    public Seen Seen { get; set; }
    public long Incident { get; set; } = -1;
    public bool Retracted { get; set; }
    public long? RetractedBy { get; set; }
    public string? RetractReason { get; set; }

    /// <summary>Set by a monitor's link, merge or split: batch re-correlation keeps the monitor's decision.</summary>
    public bool Pinned { get; set; }
    public IReadOnlyList<Match> Suggestions { get; internal set; } = [];
    public Match? JoinedBy { get; set; }

    /// <summary>What its latest automatic join taught the book's onset spread (weighted square, weight), to take back.</summary>
    internal (double Squares, double Weight) OnsetTaught { get; set; }

    /// <summary>How surely its start was its event's onset when it joined (1 for a report that began an incident): its
    /// weight in the incident's mean start.</summary>
    internal double OnsetWeight { get; set; } = 1;

    /// <summary>What its latest attachment to an observed incident taught the book of its kind's habits, to take back.</summary>
    public SourceHabits.Taught HabitsTaught { get; internal set; }
}

/// <summary>
/// Matches reports to incidents (SPEC §3.3). For a report R and each candidate incident I it computes the odds that
/// R observed I rather than an unrelated event:
/// <c>odds = space × time × type × count × source / density</c>, where space is the density of the two location estimates
/// agreeing (a 2-D normal; bearings make long ellipses that cross), time is the density of the windows agreeing
/// within the clock tolerance, type is the taxonomy's compatibility, count weighs their figures (<see
/// cref="CountEvidence"/>), source penalises a second report from the same post, and density is the rate of unrelated
/// events per km² per hour around R (a new event, or for a coarse report an event nobody observed), read off the book's
/// observed incidents with the configured rate as its floor (<see cref="LocalRate"/>). The candidates and that
/// alternative share the posterior: <c>P(I) = odds(I) / (1 + Σ odds)</c>. So a vague report near two incidents gives
/// each a small share and joins neither; it is only suggested.
/// Two levels (docs/INCIDENTS.md): precise observations form incidents and join only incidents that observations
/// anchor; coarse reports (statements, settlement-level places, hour-or-coarser times) attach to those without moving
/// them, or group among themselves until an observation explains them.
/// </summary>
public sealed partial class Correlator(Taxonomy.Taxonomy taxonomy)
{
    readonly CandidateIndex _index = new();
    readonly CandidateIndex _statements = new();
    readonly HashSet<Incident> _scratch = [];
    readonly HashSet<Incident> _near = [];

    readonly Dictionary<long, Incident> _incidents = [];
    readonly Dictionary<long, ReportState> _reports = [];

    // Layers page by id (RowLayer), so each book also keeps its records in id order: a page seeks to its cursor
    // instead of passing over a million records. The dictionaries stay for correlation's own look-ups, the hot path.
    readonly LogDictionary<Incident> _incidentOrder = new();
    readonly LogDictionary<ReportState> _reportOrder = new();

    public IReadOnlyDictionary<long, Incident> Incidents => _incidents;
    public IReadOnlyDictionary<long, ReportState> Reports => _reports;

    // Which incident each entry changed: the change feed's index (ChangeJournal).
    readonly ChangeJournal _incidentChanges = new();

    /// <summary>Incidents in id order, each made into a layer's record, as layers page them; with the incidents changed
    /// since a log size (<see cref="IChangeIndexed{TRecord}"/>).</summary>
    public IKeyOrdered<T> IncidentsInOrder<T>(Func<Incident, T> make) =>
        _incidentOrder.InOrder.Map(make, IncidentsChangedSince, place => _incidentChanges.Points.Points(_incidents, make, place));

    /// <summary>Reports in log order, each made into a layer's record, as layers page them. No index of changes: a
    /// report shows its incident, and a report's incident does not always list it (docs/EXCHANGE.md, change feed).</summary>
    public IKeyOrdered<T> ReportsInOrder<T>(Func<ReportState, T> make) => _reportOrder.InOrder.Map(make);

    IEnumerable<Incident> IncidentsChangedSince(long after) =>
        _incidentChanges.Since(after) is { } ids ? ids.Select(id => _incidents[id]) : _incidents.Values;

    /// <summary>After re-correlation copied old steps: the journals in log order again.</summary>
    internal void SortChanges() => _incidentChanges.Sort();

    public CorrelationSettings Settings { get; set; } = new();

    public void Clear()
    {
        _incidents.Clear();
        _reports.Clear();
        _named.Clear();
        _naming.Clear();
        _newlyNamed.Clear();
        _countSpread.Clear();
        _onsetSpread.Clear();
        _habits.Clear();
        _cells.Clear();
        _aliases.Clear();
        _suggestedBy.Clear();
        _incidentOrder.Clear();
        _reportOrder.Clear();
        _incidentChanges.Clear();
        _index.Clear();
        _statements.Clear();
    }

    // Which incidents are aliases of each (the reverse of MergedInto): what names an alias (a claim) is about the
    // incident it follows, read where it is asked, so that re-correlation undoing an alias leaves nothing to undo.
    readonly Dictionary<long, List<long>> _aliases = [];

    /// <summary>Makes <paramref name="from"/> an alias of incident <paramref name="into"/> (a merge, or its reports gone elsewhere).</summary>
    internal void Alias(Incident from, long into)
    {
        from.MergedInto = into;
        (_aliases.TryGetValue(into, out var list) ? list : _aliases[into] = []).Add(from.Id);
    }

    public bool HasAliases(long id) => _aliases.ContainsKey(id);

    /// <summary>An incident's id and the ids of every incident that is an alias of it, directly or through others.</summary>
    public List<long> IdsOf(long id)
    {
        var ids = new List<long> { id };
        for (var k = 0; k < ids.Count && ids.Count < 4096; k++)
        {
            if (_aliases.TryGetValue(ids[k], out var from))
            {
                ids.AddRange(from.Where(x => Incidents.TryGetValue(x, out var a) && a.MergedInto == ids[k]));
            }
        }
        return ids;
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

    /// <summary>Scores a report against every incident within reach, best first (only those above zero odds): a
    /// precise report against observed incidents, a coarse one against all. Reasons are written only for candidates
    /// with at least <paramref name="explainFrom"/> of the posterior.
    /// Readers call it side by side under the module's read lock, so it changes nothing the correlator keeps (its own
    /// scratch set, no cached cell).</summary>
    public List<Match> Candidates(Report r, Func<Incident, bool>? allowed = null, double explainFrom = 0)
    {
        var seen = ReaderSeen(r);
        return Score(seen, r, seen.Coarse ? null : true, allowed, explainFrom, []);
    }

    /// <summary>What a reader weighs a report as: a report the book holds at the rate of its alternative (a new event, an
    /// event nobody observed) read when it came, as it was decided, not at the rate around it now (its own incident and
    /// later ones among the incidents counted).</summary>
    Seen ReaderSeen(Report r) => _reports.TryGetValue(r.Index, out var s) && s.Seen != default && s.Report.Cid == r.Cid
        ? PlaceOf(r, keep: false) with { Background = s.Seen.Background }
        : SeenOf(r, keep: false);

    /// <summary>Scores against observed incidents (<paramref name="observed"/> true), statement-only ones (false), or both;
    /// <paramref name="near"/> is a scratch set (the writer's own, unless a reader asks). <paramref name="rivalOdds"/>:
    /// the odds of candidates scored apart that share the posterior all the same.</summary>
    List<Match> Score(Seen v, Report r, bool? observed, Func<Incident, bool>? allowed, double explainFrom, HashSet<Incident>? near = null,
        double rivalOdds = 0)
    {
        var tol = TimeSpan.FromMinutes(ToleranceMinutes(v));
        near ??= _scratch;
        near.Clear();
        if (observed != false)
        {
            _index.Query(v.Start - 4 * tol, v.End + 4 * tol, v.Where, 5 * v.Where.MaxSigma, near);
        }
        if (observed != true && _statements.Count > 0)
        {
            _statements.Query(v.Start - 4 * tol, v.End + 4 * tol, v.Where, 5 * v.Where.MaxSigma, near);
        }
        var scored = new List<(Incident I, double Odds)>();
        foreach (var i in near)
        {
            if (i.Active && (allowed is null || allowed(i)) && Odds(v, r, i, true) is > 0 and var odds)
            {
                scored.Add((i, odds));
            }
        }
        scored.Sort((a, b) => a.Odds != b.Odds ? b.Odds.CompareTo(a.Odds) : a.I.Id.CompareTo(b.I.Id));
        // Summed in this order, not the set's: a sum's last bits depend on its order, and the set's order on object
        // hash codes, which differ between a book and its replay.
        var total = 1 + rivalOdds;
        foreach (var (_, odds) in scored)
        {
            total += odds;
        }
        var bar = v.Coarse ? Settings.Attach : Settings.Join;
        var matches = new List<Match>(scored.Count);
        for (var k = 0; k < scored.Count; k++)
        {
            var (i, odds) = scored[k];
            matches.Add(new Match(i.Id, odds / total, odds, odds / total < explainFrom ? []
                : Explain(v, r, i, odds / total, 1 / total, k == 0 ? null : scored[0].I, scored[0].Odds / total, bar)));
        }
        return matches;
    }

    /// <summary>The odds; <paramref name="sourceRule"/> false leaves out the same-source factor (to compare two
    /// reports of one source on their fit alone).</summary>
    double Odds(Seen v, Report r, Incident i, bool sourceRule)
    {
        var typeFactor = 0.0;
        foreach (var t in i.TypeCounts.Keys)
        {
            typeFactor = Math.Max(typeFactor, TypeFactor(v, r, i, t));
        }
        if (typeFactor <= 0)
        {
            return 0;
        }
        var tolH = ToleranceHours(v);
        var gapH = GapHours(v, i);
        if (gapH > MaxGapTolerances * tolH)
        {
            return 0;
        }
        var (space, sigmas) = v.Where.Agreement(i.Estimate);
        if (sigmas > MaxSigmas)
        {
            return 0;
        }
        // After the cut-offs: most candidates in reach fail one, and the onset term is the dearer part of time.
        var time = TimeDensity(v, i, gapH, tolH).Density * LagFactor(v, r, i);
        if (v.Cell is { } cell)
        {
            space *= cell.Weight(v.Where.Fuse(i.Estimate)) / cell.Normaliser;
        }
        if (CountsOf(v, r, i) is { } counts)
        {
            space *= CountEvidence.Factor(counts.Report, counts.Incident, v.Coarse, _countSpread.Variance).Factor;
        }
        var sourceFactor = sourceRule && i.Sources.Contains(r.SourceKey) ? Settings.SameSourceFactor : 1;
        // A coarse report weighs observed incidents against "an event nobody observed", not against any event; each at the
        // rate around it, read when it came.
        var density = v.Background?.Density ?? (v.Coarse ? Settings.CoarseEventDensity : Settings.EventDensity);
        return space * time * typeFactor * sourceFactor / density;
    }

    /// <summary>The type factor of a report against one of an incident's types: the taxonomy's compatibility, or for a
    /// coarse report against an observed incident how its kind of source names what observers saw (<see cref="SourceHabits"/>;
    /// what it learnt is against observations, so statement-only groups keep the taxonomy's).</summary>
    double TypeFactor(Seen v, Report r, Incident i, string incidentType)
    {
        var compatibility = taxonomy.Compatibility(r.Type, incidentType);
        return ByHabit(v, i) ? _habits.Factor(r.SourceKind, r.Type, incidentType, compatibility) : compatibility;
    }

    /// <summary>Whether a report is read by its kind's habits against an incident: a coarse report against an observed
    /// one, what the habits were learnt from.</summary>
    static bool ByHabit(Seen v, Incident i) => v.Coarse && i.Observed;

    // How coarse sources speak of what observers saw, from this book's attachments so far.
    readonly SourceHabits _habits = new();

    /// <summary>How each kind of coarse source speaks of what observers saw, as this book has learnt it so far.</summary>
    public SourceHabits Habits => _habits;

    /// <summary>For a coarse report against an observed incident, how likely its kind of source is to sign a report as
    /// long after an event as this one after the incident's end, against its window read evenly (<see
    /// cref="SourceHabits.LagFactor"/>); 1 otherwise. The window is widened by the tolerance each side, as the time
    /// term reads it, so the factor averages 1 over what the time term weighs.</summary>
    double LagFactor(Seen v, Report r, Incident i)
    {
        if (!ByHabit(v, i))
        {
            return 1;
        }
        var tolH = ToleranceHours(v);
        return _habits.LagFactor(r.SourceKind, (r.Logged - i.End).TotalHours, (r.Logged - v.End).TotalHours - tolH, (r.Logged - v.Start).TotalHours + tolH);
    }

    /// <summary>The time factor (per hour): the density of the report's window agreeing with the incident's within the
    /// tolerance, and for a precise report against an incident with precise reports, mixed with its start agreeing with
    /// the incident's onset (<see cref="Onsets"/>); with the share the onset term carries.</summary>
    (double Density, double OnsetShare) TimeDensity(Seen v, Incident i, double gapH, double tolH, double? apart = null)
    {
        var overlap = Math.Exp(-0.5 * (gapH / tolH) * (gapH / tolH)) / ((v.End - v.Start).TotalHours + 2 * tolH);
        if (!Onsets.Between(v, i))
        {
            return (overlap, 0);
        }
        var (minutes, sigma) = Onsets.Apart(v.Start, i, OnsetSpreadMinutes);
        return Onsets.Mix(overlap, apart ?? minutes, sigma);
    }

    // How far the starts of one event's precise reports fall apart, from this book's joins so far (OnsetSpread).
    readonly OnsetSpread _onsetSpread = new();

    /// <summary>The spread (minutes) of a precise report's start about its event's onset, as this book has learnt it.</summary>
    public double OnsetSpreadMinutes => _onsetSpread.Minutes(Settings.ClockToleranceMinutes);

    /// <summary>The report's count and the incident's count of the same thing, the first thing both count (<see
    /// cref="CountEvidence.Shared"/>): a coarse report's against an observed incident's as its kind's habit reads it (<see
    /// cref="SourceHabits.Stated"/>).</summary>
    (LogCount Report, LogCount Incident)? CountsOf(Seen v, Report r, Incident i)
    {
        if (CountEvidence.Shared(v.Counts, i.Counts) is not { } shared)
        {
            return null;
        }
        var (mine, theirs) = shared;
        return ByHabit(v, i) ? (_habits.Stated(r.SourceKind, mine, theirs, CountEvidence.FloorVariance), theirs) : (mine, theirs);
    }

    /// <summary>Which of the cut-offs <see cref="Odds"/> applies before scoring keeps a report from an incident, in its
    /// order and on what correlation took from the report (its window, tolerance and place): "time", "space", or null
    /// (for diagnostics outside correlation).</summary>
    internal string? OutOfReach(ReportState s, Incident i)
    {
        var v = s.Seen;
        return GapHours(v, i) > MaxGapTolerances * ToleranceHours(v) ? "time" : v.Where.Agreement(i.Estimate).Sigmas > MaxSigmas ? "space" : null;
    }

    /// <summary>Nothing further apart than this many time tolerances, or this many σ, is scored.</summary>
    const double MaxGapTolerances = 4;
    const double MaxSigmas = 5;

    double ToleranceMinutes(Seen v) => Math.Max(Settings.ClockToleranceMinutes, v.ToleranceMinutes);

    /// <summary>The time tolerance the scoring uses (hours): never under half a minute, so that a gap is a finite multiple of it.</summary>
    double ToleranceHours(Seen v) => Math.Max(ToleranceMinutes(v), 0.5) / 60;

    static double GapHours(Seen v, Incident i) => Math.Max(0, (Max(v.Start, i.Start) - Min(v.End, i.End)).TotalHours);

    void Put(Incident i)
    {
        _incidents[i.Id] = i;
        _incidentOrder[i.Id] = i;
        (i.History.Journal, i.History.Owner) = (_incidentChanges, i.Id);
        _incidentChanges.Add(i.Id, i.Id);
    }

    internal void Put(ReportState s)
    {
        _reports[s.Report.Index] = s;
        _reportOrder[s.Report.Index] = s;
    }

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
