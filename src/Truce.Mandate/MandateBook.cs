using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Mandate.Agreements;
using Truce.Mandate.Compliance;
using Truce.Mandate.Movements;
using Truce.Spatial;
using Envelope = Truce.Ledger.Entries.Envelope;

namespace Truce.Mandate;

/// <summary>
/// The mandate module's derived state: agreements and drafts with their provisions and typed rules, corridors,
/// checkpoints, movement notices and consents, transits, activities, and the flags the compliance engine raises as
/// each entry arrives (in log order, so a rebuild raises the same flags). Time-dependent findings (a deadline passed,
/// an overstay) are evaluated for a given moment by <see cref="ComplianceView"/>. Not thread-safe: the module guards it.
/// </summary>
public sealed class MandateBook : IModuleBook
{
    public Dictionary<string, Agreement> Agreements { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<Corridor>> Corridors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Checkpoint> Checkpoints { get; } = new(StringComparer.Ordinal);
    public LogDictionary<Notice> Notices { get; } = new();
    public LogDictionary<Transit> Transits { get; } = new();
    public LogDictionary<Activity> Activities { get; } = new();
    public FlagIndex Flags { get; } = new();

    /// <summary>Every flag the entries raised, in log order.</summary>
    public IReadOnlyList<Flag> FlagsInOrder => _flags;
    readonly List<Flag> _flags = [];

    /// <summary>Flags about activities that no provision in force allows, in log order.</summary>
    public IReadOnlyList<Flag> Uncovered => _uncovered;
    readonly List<Flag> _uncovered = [];

    /// <summary>What each provision of each framework has seen so far, kept as entries arrive, so that a compliance
    /// view is a walk over a provision's own flags and activities, not over all of them.</summary>
    public IReadOnlyDictionary<(string Framework, string Provision), ProvisionRecord> ByProvision => _byProvision;
    readonly Dictionary<(string Framework, string Provision), ProvisionRecord> _byProvision = [];

    ProvisionRecord RecordOf(string framework, string provision)
    {
        if (!_byProvision.TryGetValue((framework, provision), out var r))
        {
            _byProvision[(framework, provision)] = r = new ProvisionRecord();
        }
        return r;
    }

    // Flags repeat the same verdicts and summaries thousands of times ("consent refused by …"), and records the same
    // short ids: one copy of each is kept (see Pool).
    readonly StringPool _phrases = new();
    readonly Pool<Verdict> _verdicts = new();
    readonly StringPool _pool = new();

    public Dictionary<(string Actor, string Measure), double> Deployed { get; } = [];

    /// <summary>Notices by mover and by each UTC day their window covers (at most 62 days), to match transits quickly.</summary>
    readonly Dictionary<(string Party, long Day), List<Notice>> _noticesByDay = [];

    static long DayOf(DateTimeOffset t) => t.ToUnixTimeSeconds() / 86_400;

    /// <summary>Transits by the notice they moved under, in log order.</summary>
    public Dictionary<long, List<Transit>> TransitsByNotice { get; } = [];
    public List<(long Index, string Why)> Skipped { get; } = [];

    List<Agreement>? _frameworks;

    /// <summary>Every framework: agreements in force first (by log order), then drafts.</summary>
    public IReadOnlyList<Agreement> Frameworks => _frameworks ??= [.. Agreements.Values.OrderBy(a => a.Draft).ThenBy(a => a.Index)];

    // Transits and activities parsed at admission, by index and signature, so the commit does not parse them again.
    readonly Dictionary<long, (string Signature, object Parsed)> _checked = [];

    T Parsed<T>(long index, Envelope env, Func<T> parse) where T : class =>
        _checked.Remove(index, out var pre) && pre.Signature == (env.Sig ?? env.Body) && pre.Parsed is T t ? t : parse();

    public Corridor? CorridorAt(string id, DateTimeOffset t) => Corridors.TryGetValue(id, out var list)
        ? list.Where(c => c.ValidFrom <= t && (c.ValidUntil is null || t < c.ValidUntil)).OrderByDescending(c => c.ValidFrom).FirstOrDefault()
        : null;

    // ---- admission ----

    public void Check(long index, Envelope env, JsonElement body, Registry registry)
    {
        var mission = registry.IsMissionParty(env.Party);
        switch (env.Kind)
        {
            case MandateKinds.Agreement:
            case MandateKinds.Draft:
                if (env.Kind == MandateKinds.Agreement && !mission)
                {
                    throw new RefusedException(RefusalKind.Forbidden, "an agreement in force is logged by the mission; a party proposes an agreement.draft");
                }
                var a = MandateParser.Agreement(index, env, body, env.Kind == MandateKinds.Draft);
                if (Agreements.ContainsKey(a.Id))
                {
                    throw new ValidationException("body.id", $"agreement '{a.Id}' exists; amend its provisions with provision.amend");
                }
                return;
            case MandateKinds.Response:
                {
                    var r = new BodyReader();
                    var b = r.Root(body);
                    var id = b.Str("agreement", required: true, max: 64);
                    b.OneOf("decision", ["accept", "reject"], required: true);
                    b.Str("reason", max: 10_000);
                    r.ThrowIfAny();
                    var draft = Agreements.GetValueOrDefault(id!) ?? throw new ValidationException("body.agreement", $"'{id}' is not an agreement");
                    if (!draft.Draft)
                    {
                        throw new ValidationException("body.agreement", $"'{id}' is in force, not a draft to accept or reject");
                    }
                    if (draft.ProposedBy == env.Party)
                    {
                        throw new RefusedException(RefusalKind.Forbidden, "a party does not answer its own draft");
                    }
                    return;
                }
            case MandateKinds.Amend:
                {
                    var r = new BodyReader();
                    var b = r.Root(body);
                    var id = b.Str("agreement", required: true, max: 64);
                    var p = b.Obj("provision", required: true);
                    b.Str("reason", required: true, max: 10_000);
                    if (p is { } scope)
                    {
                        MandateParser.ReadProvision(r, scope);
                    }
                    r.ThrowIfAny();
                    var target = Agreements.GetValueOrDefault(id!) ?? throw new ValidationException("body.agreement", $"'{id}' is not an agreement");
                    if (target.Draft ? target.ProposedBy != env.Party : !mission)
                    {
                        throw new RefusedException(RefusalKind.Forbidden, target.Draft ? "only the proposing party amends its draft" : "only the mission amends an agreement in force");
                    }
                    return;
                }
            case MandateKinds.Corridor:
            case MandateKinds.Checkpoint:
                if (!mission)
                {
                    throw new RefusedException(RefusalKind.Forbidden, $"{env.Kind} entries are the mission's");
                }
                if (env.Kind == MandateKinds.Corridor)
                {
                    MandateParser.Corridor(index, env, body);
                }
                else
                {
                    MandateParser.Checkpoint(index, env, body);
                }
                return;
            case MandateKinds.Notice:
                _checked[index] = (env.Sig ?? env.Body, MandateParser.Notice(index, env, body, _pool));
                return;
            case MandateKinds.Consent:
                {
                    var r = new BodyReader();
                    var b = r.Root(body);
                    var n = b.Int("notice", required: true);
                    b.OneOf("decision", ["give", "refuse"], required: true);
                    b.Str("reason", max: 10_000);
                    r.ThrowIfAny();
                    var notice = Notices.GetValueOrDefault(n!.Value) ?? throw new ValidationException("body.notice", $"{n} is not a movement notice");
                    if (notice.Party == env.Party)
                    {
                        throw new RefusedException(RefusalKind.Forbidden, "a party does not consent to its own movement");
                    }
                    return;
                }
            case MandateKinds.Transit:
                {
                    var t = MandateParser.Transit(index, env, body, _pool);
                    _checked[index] = (env.Sig ?? env.Body, t);
                    if (!Checkpoints.ContainsKey(t.Checkpoint))
                    {
                        throw new ValidationException("body.checkpoint", $"'{t.Checkpoint}' is not a checkpoint");
                    }
                    if (t.Notice is { } n && !Notices.ContainsKey(n))
                    {
                        throw new ValidationException("body.notice", $"{n} is not a movement notice");
                    }
                    return;
                }
            case MandateKinds.Activity:
                _checked[index] = (env.Sig ?? env.Body, MandateParser.Activity(index, env, body, _pool));
                return;
            case MandateKinds.FlagResponse:
                {
                    var r = new BodyReader();
                    var b = r.Root(body);
                    var id = b.Str("flag", required: true, max: 100);
                    b.OneOf("response", ["acknowledge", "contest"], required: true);
                    b.Str("reason", required: true, max: 10_000);
                    r.ThrowIfAny();
                    if (!Flags.ContainsKey(id!))
                    {
                        throw new ValidationException("body.flag", $"'{id}' is not a flag");
                    }
                    return;
                }
            default:
                throw new ValidationException("envelope.kind", $"'{env.Kind}' is not a mandate kind");
        }
    }

    // ---- apply: total and deterministic ----

    public void Apply(long index, Envelope env, JsonElement? body)
    {
        if (body is not { } b)
        {
            return;
        }
        try
        {
            ApplyBody(index, env, b);
        }
        catch (ValidationException e)
        {
            Skipped.Add((index, e.Message));
        }
    }

    void ApplyBody(long index, Envelope env, JsonElement b)
    {
        switch (env.Kind)
        {
            case MandateKinds.Agreement:
            case MandateKinds.Draft:
                var a = MandateParser.Agreement(index, env, b, env.Kind == MandateKinds.Draft);
                Agreements.TryAdd(a.Id, a);
                _frameworks = null;
                break;
            case MandateKinds.Response:
                Held(Agreements, b.GetProperty("agreement").GetString()!, "body.agreement").Responses[env.Party] =
                    (b.GetProperty("decision").GetString()!, b.TryGetProperty("reason", out var why) ? why.GetString() : null, index);
                break;
            case MandateKinds.Amend:
                {
                    var target = Held(Agreements, b.GetProperty("agreement").GetString()!, "body.agreement");
                    var r = new BodyReader();
                    var p = MandateParser.ReadProvision(r, r.Root(b).Obj("provision")!.Value)!;
                    var history = target.Provisions.TryGetValue(p.Number, out var old) ? old.AmendedBy : [];
                    target.Provisions[p.Number] = p;
                    p.AmendedBy.AddRange(history);
                    p.AmendedBy.Add(index);
                    break;
                }
            case MandateKinds.Corridor:
                var c = MandateParser.Corridor(index, env, b);
                if (!Corridors.TryGetValue(c.Id, out var routes))
                {
                    Corridors[c.Id] = routes = [];
                }
                routes.Add(c);
                break;
            case MandateKinds.Checkpoint:
                var cp = MandateParser.Checkpoint(index, env, b);
                Checkpoints[cp.Id] = cp;
                break;
            case MandateKinds.Notice:
                var notice = Parsed(index, env, () => MandateParser.Notice(index, env, b, _pool));
                Notices[index] = notice;
                if (notice.AnswerBy is not null)
                {
                    // Judged against the frameworks as they stand when the notice arrives, as transits are.
                    notice.Required = [.. Frameworks.SelectMany(f => RequiredConsents(f, notice.CategorySet, notice.Corridor, notice.Party, notice.From)
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
                break;
            case MandateKinds.Consent:
                {
                    var n = Notices.GetValueOrDefault(b.GetProperty("notice").GetInt64()) ?? throw new ValidationException("body.notice", "not in this book");
                    n.Answer(_pool.Get(env.Party), (b.GetProperty("decision").GetString() == "give", b.TryGetProperty("reason", out var rs) ? rs.GetString() : null,
                        index, env.Time));
                    break;
                }
            case MandateKinds.Transit:
                var t = Evaluate(Parsed(index, env, () => MandateParser.Transit(index, env, b, _pool)));
                Transits[index] = t;
                if (t.Notice is { } under)
                {
                    if (!TransitsByNotice.TryGetValue(under, out var list))
                    {
                        TransitsByNotice[under] = list = [];
                    }
                    list.Add(t);
                    if (Notices.GetValueOrDefault(under) is { } moved)
                    {
                        moved.Tally(t);
                    }
                }
                break;
            case MandateKinds.Activity:
                var act = Parsed(index, env, () => MandateParser.Activity(index, env, b, _pool));
                Activities[index] = act;
                if (act.Agreement is { } cites && act.Provision is { } number)
                {
                    RecordOf(cites, number).Cited.Add(act);
                }
                Evaluate(act);
                break;
            case MandateKinds.FlagResponse:
                if (Flags.GetValueOrDefault(b.GetProperty("flag").GetString()!) is { } flag)
                {
                    flag.Answer(new FlagResponse(index, env.Party, b.GetProperty("response").GetString()!, b.GetProperty("reason").GetString()!, env.Time));
                }
                break;
        }
    }

    /// <summary>The record an entry refers to. It may be missing from a book whose audience may not see it (the author
    /// could): the entry is then skipped in that book, as it would be in a log holding only that audience's entries.</summary>
    static T Held<T>(Dictionary<string, T> map, string id, string field) =>
        map.TryGetValue(id, out var v) ? v : throw new ValidationException(field, $"'{id}' is not in this book");

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

    // ---- the engine: movements ----
    // The engine runs on the writer's thread for every transit and activity, so its loops are written out: outcomes
    // first, without allocating, and the verdicts with their reasons in words only for an entry that raises a flag.

    Transit Evaluate(Transit t)
    {
        if (t.Notice is null && MatchNotice(t, Checkpoints.GetValueOrDefault(t.Checkpoint)?.Corridor) is { } matched)
        {
            t = t with { Notice = matched.Index, MatchedNotice = true };
        }
        var notice = t.Notice is { } n ? Notices.GetValueOrDefault(n) : null;
        var mover = notice?.Party ?? t.Mover ?? t.Party;
        var categories = notice?.CategorySet ?? MandateParser.CategoriesOf(t.People);
        var checkpoint = Checkpoints.GetValueOrDefault(t.Checkpoint);
        var corridorId = notice?.Corridor ?? checkpoint?.Corridor;
        long[] entries = notice is null ? [t.Index] : [notice.Index, t.Index];

        if (t.Direction == "out" && notice is not null && notice.Entered)
        {
            return t; // the movement was judged when it entered
        }
        var frameworks = Frameworks;
        var anyBreach = false;
        for (var i = 0; i < frameworks.Count && !anyBreach; i++)
        {
            anyBreach = Missing(RequiredConsents(frameworks[i], categories, corridorId, mover, t.Time), notice, t.Time) is not null;
        }
        if (notice is null || anyBreach)
        {
            var verdicts = new List<Verdict>(frameworks.Count);
            foreach (var f in frameworks)
            {
                verdicts.Add(ConsentVerdict(f, RequiredConsents(f, categories, corridorId, mover, t.Time), notice, t.Time, categories, corridorId));
            }
            if (notice is null)
            {
                Raise(t.Index, "transit-without-notice", mover, entries, t.Time, $"{Describe(t)} at {t.Checkpoint} with no movement notice", verdicts);
            }
            else
            {
                Raise(t.Index, "transit-without-consent", mover, entries, t.Time,
                    $"{Describe(t)} at {t.Checkpoint} without a consent that {string.Join(", ", verdicts.Where(v => v.Outcome == Verdict.Breach).Select(v => v.Framework))} requires",
                    verdicts);
            }
        }

        if (corridorId is not null && CorridorAt(corridorId, t.Time) is { } corridor)
        {
            var (lat, lon) = (t.Lat ?? checkpoint?.Lat, t.Lon ?? checkpoint?.Lon);
            if (lat is { } la && lon is { } lo)
            {
                var km = LocalFrame.DistanceToLinesKm(corridor.Route, la, lo);
                if (km > corridor.WidthKm / 2)
                {
                    var vs = new List<Verdict>(frameworks.Count);
                    foreach (var f in frameworks)
                    {
                        var rule = FirstRule(f, "corridor", (_, r) => r.Corridor == corridorId);
                        vs.Add(rule is var (p, _)
                            ? new Verdict(f.Id, f.Draft, Verdict.Breach, p.Number, string.Create(CultureInfo.InvariantCulture,
                                $"{km:0.0} km from the route of corridor {corridorId}, which is {corridor.WidthKm:0.#} km wide (provision {p.Number})"))
                            : new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"{f.Id} has no rule on corridor {corridorId}"));
                    }
                    Raise(t.Index, "off-corridor", mover, [.. entries, corridor.Index], t.Time,
                        string.Create(CultureInfo.InvariantCulture, $"{Describe(t)} {km:0.0} km off the route of corridor {corridorId}"), vs);
                }
            }
        }
        return t;
    }

    /// <summary>The first of the required consents not given before <paramref name="time"/> (refused, late or missing),
    /// or null if all were given.</summary>
    static (string Party, string Number)? Missing(IReadOnlyList<(string Party, string Number)> required, Notice? notice, DateTimeOffset time)
    {
        for (var i = 0; i < required.Count; i++)
        {
            if (notice is null || !notice.Consents.TryGetValue(required[i].Party, out var c) || !c.Given || c.Time > time)
            {
                return required[i];
            }
        }
        return null;
    }

    static Verdict ConsentVerdict(Agreement f, IReadOnlyList<(string Party, string Number)> required, Notice? notice, DateTimeOffset time,
        IReadOnlyList<string> categories, string? corridorId)
    {
        if (required.Count == 0)
        {
            return new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"no provision of {f.Id} requires consent for {string.Join(", ", categories)} moving{Through(corridorId)}");
        }
        if (Missing(required, notice, time) is not { } first)
        {
            return new Verdict(f.Id, f.Draft, Verdict.Allowed, required[0].Number, $"consent given by {string.Join(", ", required.Select(x => x.Party))} before the transit");
        }
        var missing = required.Where(x => notice is null || !notice.Consents.TryGetValue(x.Party, out var c) || !c.Given || c.Time > time).Select(x => x.Party).ToList();
        var refused = required.Where(x => notice is not null && notice.Consents.TryGetValue(x.Party, out var c) && !c.Given).Select(x => x.Party).ToList();
        return new Verdict(f.Id, f.Draft, Verdict.Breach, first.Number, notice is null
            ? $"no movement notice, so no consent from {string.Join(", ", missing)} as provision {first.Number} of {f.Id} requires"
            : refused.Count > 0 ? $"consent refused by {string.Join(", ", refused)} (provision {first.Number} of {f.Id})"
            : $"no consent from {string.Join(", ", missing)} before the transit (provision {first.Number} of {f.Id})");
    }

    /// <summary>The first rule of a type in a framework that matches, with its provision.</summary>
    static (Provision Provision, Rule Rule)? FirstRule(Agreement f, string type, Func<Provision, Rule, bool> match)
    {
        foreach (var p in f.Provisions.Values)
        {
            for (var i = 0; i < p.Rules.Count; i++)
            {
                if (p.Rules[i].Type == type && match(p, p.Rules[i]))
                {
                    return (p, p.Rules[i]);
                }
            }
        }
        return null;
    }

    /// <summary>Whose consent a framework requires for these people moving through this corridor at that time (never
    /// the mover's own), and under which provision.</summary>
    public static IReadOnlyList<(string Party, string Number)> RequiredConsents(Agreement f, IReadOnlyList<string> categories, string? corridorId,
        string mover, DateTimeOffset time)
    {
        List<(string Party, string Number)>? required = null;
        foreach (var p in f.Provisions.Values)
        {
            for (var i = 0; i < p.Rules.Count; i++)
            {
                var r = p.Rules[i];
                if (r.Type != "consent" || (r.Corridor is not null && r.Corridor != corridorId) || !InForce(r, time) || !Covers(r.Categories, categories))
                {
                    continue;
                }
                foreach (var party in r.ConsentBy)
                {
                    if (party != mover && (required is null || !required.Exists(x => x.Party == party)))
                    {
                        (required ??= []).Add((party, p.Number));
                    }
                }
            }
        }
        return required ?? (IReadOnlyList<(string, string)>)[];
    }

    /// <summary>A consent rule covers every movement when it names no categories, else those of any category it names.</summary>
    static bool Covers(IReadOnlyList<string> ruleCategories, IReadOnlyList<string> categories)
    {
        if (ruleCategories.Count == 0)
        {
            return true;
        }
        for (var i = 0; i < categories.Count; i++)
        {
            for (var j = 0; j < ruleCategories.Count; j++)
            {
                if (ruleCategories[j] == categories[i])
                {
                    return true;
                }
            }
        }
        return false;
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

    static string Through(string? corridor) => corridor is null ? "" : $" through corridor {corridor}";

    static string Describe(Transit t) =>
        $"transit {t.Direction} of {(t.People.Count == 0 ? "unreported people" : string.Join(", ", t.People.Select(p => $"{p.Count} {p.Category}")))}";

    static bool InForce(Rule r, DateTimeOffset t) => (r.From is null || r.From <= t) && (r.Until is null || t <= r.Until);

    // ---- the engine: activities ----

    void Evaluate(Activity a)
    {
        var frameworks = Frameworks;
        var known = a.Agreement is not null && Agreements.ContainsKey(a.Agreement);
        bool inForceBreach = false, draftBreach = false;
        for (var i = 0; i < frameworks.Count; i++)
        {
            var f = frameworks[i];
            if ((a.Agreement == f.Id ? Cited(f, a, explain: false) : Uncited(f, a, explain: false)).Outcome == Verdict.Breach)
            {
                inForceBreach |= f.Id == a.Agreement;
                draftBreach |= f.Draft;
            }
        }
        if (a.Agreement is null || !known || inForceBreach || draftBreach)
        {
            var verdicts = new List<Verdict>(frameworks.Count);
            foreach (var f in frameworks)
            {
                verdicts.Add(a.Agreement == f.Id ? Cited(f, a, explain: true) : Uncited(f, a, explain: true));
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

        foreach (var (measure, delta) in a.Counts)
        {
            var sign = a.Kind == "withdrawal" ? -Math.Abs(delta) : delta;
            var key = (a.Actor, measure);
            Deployed[key] = Deployed.GetValueOrDefault(key) + sign;
            var total = Deployed[key];
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
    }

    // Outcomes without reasons, shared: the first pass over the frameworks allocates nothing per activity.
    static readonly Verdict QuietBreach = new("", false, Verdict.Breach, null, "");
    static readonly Verdict QuietAllowed = new("", false, Verdict.Allowed, null, "");
    static readonly Verdict QuietNoRule = new("", false, Verdict.NoRule, null, "");

    Verdict Cited(Agreement f, Activity a, bool explain)
    {
        if (a.Provision is null || !f.Provisions.TryGetValue(a.Provision, out var p))
        {
            return !explain ? QuietBreach : new Verdict(f.Id, f.Draft, Verdict.Breach, a.Provision, $"{f.Id} has no provision {a.Provision}");
        }
        var permits = 0;
        string? problem = null;
        for (var i = 0; i < p.Rules.Count; i++)
        {
            var r = p.Rules[i];
            if (r.Type == "deadline" && r.MetBy == a.Kind && (r.Actors.Count > 0 ? r.Actors : p.Actors) is var who && (who.Count == 0 || who.Contains(a.Actor)))
            {
                return !explain ? QuietAllowed : new Verdict(f.Id, f.Draft, Verdict.Allowed, p.Number, $"provision {p.Number} of {f.Id} asks for this {a.Kind}");
            }
            if (r.Type == "permits")
            {
                permits++;
                var x = Problem(r, p, a, explain);
                if (x is null)
                {
                    return !explain ? QuietAllowed
                        : new Verdict(f.Id, f.Draft, Verdict.Allowed, p.Number, $"provision {p.Number} of {f.Id} permits {a.Kind} by {a.Actor} there and then");
                }
                problem ??= x;
            }
        }
        return !explain ? QuietBreach : permits == 0
            ? new Verdict(f.Id, f.Draft, Verdict.Breach, p.Number, $"provision {p.Number} of {f.Id} permits no activity")
            : new Verdict(f.Id, f.Draft, Verdict.Breach, p.Number, $"provision {p.Number} of {f.Id}: {problem}");
    }

    /// <summary>An activity judged by a framework it does not cite: allowed if some provision permits it; a breach if
    /// provisions regulate that kind of activity by that actor and it falls outside all of them ("only within the
    /// corridor"); no rule if the framework says nothing about it.</summary>
    Verdict Uncited(Agreement f, Activity a, bool explain)
    {
        string? outside = null;
        string? number = null;
        foreach (var p in f.Provisions.Values)
        {
            for (var i = 0; i < p.Rules.Count; i++)
            {
                var r = p.Rules[i];
                if (r.Type != "permits")
                {
                    continue;
                }
                var problem = Problem(r, p, a, explain);
                if (problem is null)
                {
                    return !explain ? QuietAllowed : new Verdict(f.Id, f.Draft, Verdict.Allowed, p.Number, $"provision {p.Number} of {f.Id} would permit it");
                }
                var actors = r.Actors.Count > 0 ? r.Actors : p.Actors;
                if (outside is null && r.Activities.Contains(a.Kind) && (actors.Count == 0 || actors.Contains(a.Actor)))
                {
                    (outside, number) = (problem, p.Number);
                }
            }
        }
        return outside is not null
            ? (!explain ? QuietBreach : new Verdict(f.Id, f.Draft, Verdict.Breach, number, $"provision {number} of {f.Id} regulates {a.Kind} by {a.Actor}, and {outside}"))
            : (!explain ? QuietNoRule : new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"no provision of {f.Id} covers {a.Kind} by {a.Actor} there and then"));
    }

    /// <summary>Null if the rule permits the activity; otherwise what is outside it, in words (or "" when not
    /// <paramref name="explain"/>ing).</summary>
    string? Problem(Rule r, Provision p, Activity a, bool explain)
    {
        if (!r.Activities.Contains(a.Kind))
        {
            return explain ? $"permits {string.Join(", ", r.Activities)}, not {a.Kind}" : "";
        }
        var actors = r.Actors.Count > 0 ? r.Actors : p.Actors;
        if (actors.Count > 0 && !actors.Contains(a.Actor))
        {
            return explain ? $"permits it to {string.Join(", ", actors)}, not {a.Actor}" : "";
        }
        if ((r.From is { } from && a.Start < from) || (r.Until is { } until && a.End > until))
        {
            return explain ? $"permits it from {r.From:yyyy-MM-dd} until {r.Until:yyyy-MM-dd}, not on {a.Start:yyyy-MM-dd}" : "";
        }
        if (r.Area is { } area && !area.Covers(a.Where))
        {
            return "the activity is outside the provision's area";
        }
        if (r.Corridor is { } cid)
        {
            var corridor = CorridorAt(cid, a.Start);
            if (corridor is null)
            {
                return $"corridor {cid} is not defined at that time";
            }
            var worst = a.Where is NetTopologySuite.Geometries.Point pt ? LocalFrame.DistanceToLinesKm(corridor.Route, pt.Y, pt.X)
                : a.Where.Coordinates.Max(c => LocalFrame.DistanceToLinesKm(corridor.Route, c.Y, c.X));
            if (worst > corridor.WidthKm / 2)
            {
                return explain ? string.Create(CultureInfo.InvariantCulture, $"the activity is {worst:0.0} km from corridor {cid}, which is {corridor.WidthKm:0.#} km wide") : "";
            }
        }
        return null;
    }

    public string Digest()
    {
        var sb = new StringBuilder();
        foreach (var a in Frameworks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"a {a.Id} {a.Index} {a.Draft} {string.Join(',', a.Provisions.Keys.Order(StringComparer.Ordinal))} {string.Join(',', a.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}:{r.Value.Decision}"))}\n");
        }
        foreach (var f in _flags)
        {
            sb.Append(CultureInfo.InvariantCulture, $"f {f.Id} {f.Party} {string.Join(',', f.Entries)} {string.Join('|', f.Verdicts.Select(v => $"{v.Framework}:{v.Outcome}:{v.Provision}"))} {f.Responses.Count}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"x {Corridors.Count} {Checkpoints.Count} {Notices.Count} {Transits.Count} {Activities.Count} {string.Join(',', Deployed.OrderBy(d => d.Key.Actor, StringComparer.Ordinal).ThenBy(d => d.Key.Measure, StringComparer.Ordinal).Select(d => $"{d.Key}:{d.Value}"))}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
