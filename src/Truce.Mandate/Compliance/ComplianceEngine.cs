using System.Globalization;
using Truce.Core.Entries;
using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;
using Truce.Spatial;
using static Truce.Mandate.Compliance.FrameworkRules;

namespace Truce.Mandate.Compliance;

/// <summary>
/// The compliance engine of one book: judges each transit and activity, as the book applies it, against every
/// framework the book holds then (so a rebuild raises the same flags with the same ids), and files each flag under
/// every provision whose verdict it carries, so that a compliance view walks a provision's own records, not all of them.
/// </summary>
/// <remarks>It runs on the writer's thread for every transit and activity, so its loops are written out: outcomes
/// first, without allocating, and the verdicts with their reasons in words only for an entry that raises a flag.</remarks>
sealed class ComplianceEngine(MandateBook book)
{
    public FlagIndex Flags { get; } = new();

    /// <summary>Every flag the entries raised, in log order.</summary>
    public IReadOnlyList<Flag> InOrder => _flags;
    readonly List<Flag> _flags = [];

    /// <summary>Flags about activities that no provision in force allows, in log order.</summary>
    public IReadOnlyList<Flag> Uncovered => _uncovered;
    readonly List<Flag> _uncovered = [];

    public IReadOnlyDictionary<(string Framework, string Provision), ProvisionRecord> ByProvision => _byProvision;
    readonly Dictionary<(string Framework, string Provision), ProvisionRecord> _byProvision = [];

    /// <summary>Troops, APCs and vehicles deployed so far, by actor and measure.</summary>
    public Dictionary<(string Actor, string Measure), double> Deployed { get; } = [];

    /// <summary>Notices by mover and by each UTC day their window covers (at most 62 days), to match transits quickly.</summary>
    readonly Dictionary<(string Party, long Day), List<Notice>> _noticesByDay = [];

    // Flags repeat the same verdicts and summaries thousands of times ("consent refused by …"): one copy of each is kept.
    readonly StringPool _phrases = new();
    readonly Pool<Verdict> _verdicts = new();

    static long DayOf(DateTimeOffset t) => t.ToUnixTimeSeconds() / 86_400;

    ProvisionRecord RecordOf(string framework, string provision)
    {
        if (!_byProvision.TryGetValue((framework, provision), out var r))
        {
            _byProvision[(framework, provision)] = r = new ProvisionRecord();
        }
        return r;
    }

    // ---- notices ----

    /// <summary>A notice as it arrives: whose answers it awaits, and the days a transit may be matched to it.</summary>
    public void File(Notice notice)
    {
        if (notice.AnswerBy is not null)
        {
            // Judged against the frameworks as they stand when the notice arrives, as transits are.
            notice.Required = [.. book.Frameworks.SelectMany(f => RequiredConsents(f, notice.CategorySet, notice.Corridor, notice.Party, notice.From)
                .Select(x => new RequiredConsent(f.Id, f.Draft, x.Party, x.Number)))];
        }
        for (var day = DayOf(notice.From); day <= Math.Min(DayOf(notice.Until), DayOf(notice.From) + 61); day++)
        {
            if (!_noticesByDay.TryGetValue((notice.Party, day), out var list))
            {
                _noticesByDay[(notice.Party, day)] = list = [];
            }
            list.Add(notice);
        }
    }

    /// <summary>A transit logged without a notice id is matched to the mover's notice whose window holds it, on the
    /// same corridor, for the same kind of people: checkpoint officers do not always have the number.</summary>
    Notice? MatchNotice(Transit t, string? corridorId)
    {
        if (t.Mover is not { } mover || !_noticesByDay.TryGetValue((mover, DayOf(t.Time)), out var candidates))
        {
            return null;
        }
        for (var i = candidates.Count - 1; i >= 0; i--)
        {
            var n = candidates[i];
            if (n.From <= t.Time && t.Time <= n.Until && (n.Corridor is null || n.Corridor == corridorId)
                && (t.People.Count == 0 || t.People.Any(p => n.CategorySet.Contains(p.Category))))
            {
                return n;
            }
        }
        return null;
    }

    // ---- transits ----

    /// <summary>A transit and what it is judged with: its notice (named or matched), who moves, which corridor.</summary>
    readonly record struct Movement(Transit Transit, Notice? Notice, string Mover, IReadOnlyList<string> Categories, Checkpoint? Checkpoint,
        string? CorridorId, long[] Entries);

    /// <summary>Judges a transit, and returns it as the book keeps it (with the notice the engine matched, if any).</summary>
    public Transit Judge(Transit t)
    {
        if (t.Notice is null && MatchNotice(t, book.Checkpoints.GetValueOrDefault(t.Checkpoint)?.Corridor) is { } matched)
        {
            t = t with { Notice = matched.Index, MatchedNotice = true };
        }
        var notice = t.Notice is { } n ? book.Notices.GetValueOrDefault(n) : null;
        var checkpoint = book.Checkpoints.GetValueOrDefault(t.Checkpoint);
        var m = new Movement(t, notice, notice?.Party ?? t.Mover ?? t.Party, notice?.CategorySet ?? MandateParser.CategoriesOf(t.People), checkpoint,
            notice?.Corridor ?? checkpoint?.Corridor, notice is null ? [t.Index] : [notice.Index, t.Index]);
        if (t.Direction == "out" && notice is not null && notice.Entered)
        {
            return t; // the movement was judged when it entered
        }
        JudgeConsent(m);
        JudgeCorridor(m);
        return t;
    }

    void JudgeConsent(Movement m)
    {
        var (t, notice) = (m.Transit, m.Notice);
        var frameworks = book.Frameworks;
        var anyBreach = false;
        for (var i = 0; i < frameworks.Count && !anyBreach; i++)
        {
            anyBreach = Missing(RequiredConsents(frameworks[i], m.Categories, m.CorridorId, m.Mover, t.Time), notice, t.Time) is not null;
        }
        if (notice is not null && !anyBreach)
        {
            return;
        }
        var verdicts = new List<Verdict>(frameworks.Count);
        foreach (var f in frameworks)
        {
            verdicts.Add(ConsentVerdict(f, RequiredConsents(f, m.Categories, m.CorridorId, m.Mover, t.Time), notice, t.Time, m.Categories, m.CorridorId));
        }
        if (notice is null)
        {
            Raise(t.Index, "transit-without-notice", m.Mover, m.Entries, t.Time, $"{Describe(t)} at {t.Checkpoint} with no movement notice", verdicts);
        }
        else
        {
            Raise(t.Index, "transit-without-consent", m.Mover, m.Entries, t.Time,
                $"{Describe(t)} at {t.Checkpoint} without a consent that {string.Join(", ", verdicts.Where(v => v.Outcome == Verdict.Breach).Select(v => v.Framework))} requires",
                verdicts);
        }
    }

    void JudgeCorridor(Movement m)
    {
        var t = m.Transit;
        if (m.CorridorId is not { } corridorId || book.CorridorAt(corridorId, t.Time) is not { } corridor
            || (t.Lat ?? m.Checkpoint?.Lat) is not { } lat || (t.Lon ?? m.Checkpoint?.Lon) is not { } lon)
        {
            return;
        }
        var km = LocalFrame.DistanceToLinesKm(corridor.Route, lat, lon);
        if (km > corridor.WidthKm / 2)
        {
            var vs = new List<Verdict>(book.Frameworks.Count);
            foreach (var f in book.Frameworks)
            {
                var rule = FirstRule(f, "corridor", (_, r) => r.Corridor == corridorId);
                vs.Add(rule is var (p, _)
                    ? new Verdict(f.Id, f.Draft, Verdict.Breach, p.Number, string.Create(CultureInfo.InvariantCulture,
                        $"{km:0.0} km from the route of corridor {corridorId}, which is {corridor.WidthKm:0.#} km wide (provision {p.Number})"))
                    : new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"{f.Id} has no rule on corridor {corridorId}"));
            }
            Raise(t.Index, "off-corridor", m.Mover, [.. m.Entries, corridor.Index], t.Time,
                string.Create(CultureInfo.InvariantCulture, $"{Describe(t)} {km:0.0} km off the route of corridor {corridorId}"), vs);
        }
    }

    static string Describe(Transit t) =>
        $"transit {t.Direction} of {(t.People.Count == 0 ? "unreported people" : string.Join(", ", t.People.Select(p => $"{p.Count} {p.Category}")))}";

    // ---- activities ----

    /// <summary>Files an activity under the provision it cites, judges it by every framework, and counts what it deploys.</summary>
    public void Judge(Activity a)
    {
        if (a.Agreement is { } cites && a.Provision is { } number)
        {
            RecordOf(cites, number).Cited.Add(a);
        }
        JudgeAuthority(a);
        foreach (var (measure, delta) in a.Counts)
        {
            JudgeLimit(a, measure, delta);
        }
    }

    void JudgeAuthority(Activity a)
    {
        var frameworks = book.Frameworks;
        var known = a.Agreement is not null && book.Agreements.ContainsKey(a.Agreement);
        bool inForceBreach = false, draftBreach = false;
        for (var i = 0; i < frameworks.Count; i++)
        {
            var f = frameworks[i];
            if (ActivityVerdicts.Of(book, f, a, explain: false).Outcome == Verdict.Breach)
            {
                inForceBreach |= f.Id == a.Agreement;
                draftBreach |= f.Draft;
            }
        }
        if (a.Agreement is not null && known && !inForceBreach && !draftBreach)
        {
            return;
        }
        var verdicts = new List<Verdict>(frameworks.Count);
        foreach (var f in frameworks)
        {
            verdicts.Add(ActivityVerdicts.Of(book, f, a, explain: true));
        }
        if (a.Agreement is null)
        {
            Raise(a.Index, "activity-without-provision", a.Actor, [a.Index], a.Start, $"{a.Kind} by {a.Actor} cites no provision", verdicts);
        }
        else if (inForceBreach || !known)
        {
            Raise(a.Index, "activity-outside-provision", a.Actor, [a.Index], a.Start,
                $"{a.Kind} by {a.Actor} is outside what provision {a.Provision} of {a.Agreement} allows", verdicts);
        }
        else
        {
            Raise(a.Index, "activity-frameworks-differ", a.Actor, [a.Index], a.Start, $"{a.Kind} by {a.Actor}: the agreement and the drafts read it differently", verdicts);
        }
    }

    /// <summary>Deployments add and withdrawals subtract; over any framework's ceiling raises <c>over-limit-&lt;measure&gt;</c>.</summary>
    void JudgeLimit(Activity a, string measure, double delta)
    {
        var sign = a.Kind == "withdrawal" ? -Math.Abs(delta) : delta;
        var key = (a.Actor, measure);
        Deployed[key] = Deployed.GetValueOrDefault(key) + sign;
        var total = Deployed[key];
        var frameworks = book.Frameworks;
        var limits = new List<Verdict>(frameworks.Count);
        foreach (var f in frameworks)
        {
            limits.Add(FirstRule(f, "limit", (p, r) => r.Measure == measure && (r.Actors.Count == 0 ? p.Actors : r.Actors).Contains(a.Actor)) is var (p, lim)
                ? (total > lim.Max
                    ? new Verdict(f.Id, f.Draft, Verdict.Breach, p.Number, $"{total:0} {measure} deployed by {a.Actor}; provision {p.Number} allows {lim.Max:0}")
                    : new Verdict(f.Id, f.Draft, Verdict.Allowed, p.Number, $"{total:0} of at most {lim.Max:0} {measure}"))
                : new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"{f.Id} sets no ceiling on {measure} for {a.Actor}"));
        }
        if (limits.Exists(v => v.Outcome == Verdict.Breach))
        {
            Raise(a.Index, $"over-limit-{measure}", a.Actor, [a.Index], a.Start,
                string.Create(CultureInfo.InvariantCulture, $"{total:0} {measure} deployed by {a.Actor}"), limits);
        }
    }

    // ---- flags ----

    void Raise(long index, string code, string party, IReadOnlyList<long> entries, DateTimeOffset time, string summary, List<Verdict> verdicts)
    {
        var kept = new Verdict[verdicts.Count];
        for (var i = 0; i < kept.Length; i++)
        {
            kept[i] = _verdicts.Get(verdicts[i]);
        }
        var flag = new Flag(index, _phrases.Get(code), party, entries, time, _phrases.Get(summary), kept);
        if (!Flags.TryAdd(flag))
        {
            return; // one flag per entry and code, by construction
        }
        _flags.Add(flag);
        foreach (var v in kept)
        {
            if (v.Provision is { } number && v.Outcome is Verdict.Breach or Verdict.Allowed)
            {
                var r = RecordOf(v.Framework, number);
                (v.Outcome == Verdict.Breach ? r.Breaches : r.Allowed).Add(flag);
            }
        }
        if (code is "activity-without-provision" or "activity-outside-provision" && !Array.Exists(kept, v => !v.Draft && v.Outcome == Verdict.Allowed))
        {
            _uncovered.Add(flag);
        }
    }
}
