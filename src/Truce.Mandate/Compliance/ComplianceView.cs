using Truce.Core.Views;
using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;

namespace Truce.Mandate.Compliance;

public sealed record ProvisionState(string Framework, bool Draft, string Number, string Text, string State, IReadOnlyList<string> Why,
    IReadOnlyList<long> Entries, IReadOnlyList<long> AmendedBy);

public sealed record PartyFlags(string Party, int Open, int Contested, IReadOnlyList<string> Flags);

/// <summary>The compliance view of SPEC §3.6, as of a moment, for one reader.</summary>
public sealed record Compliance(DateTimeOffset AsOf, IReadOnlyList<ProvisionState> Provisions, IReadOnlyList<Flag> Flags,
    IReadOnlyList<long> UncoveredActivities, IReadOnlyList<PartyFlags> Parties);

/// <summary>
/// An incident that may violate a ceasefire, as the incidents module tells it to the reader (the mandate module knows
/// nothing of incidents; the application passes these in). Only a verified incident counts as a breach.
/// </summary>
public sealed record CeasefireEvent(string Id, DateTimeOffset Time, string Status, string Type, int Reports, int IndependentSources)
{
    public bool Verified => Status == "verified";

    /// <summary>Still an open question: not verified, and not found unfounded, retracted or unconfirmed.</summary>
    public bool Open => Status is "reported" or "under-review" or "disputed";
}

/// <summary>
/// Evaluates the mandate for a moment: the flags the entries raised, plus what time adds (a deadline passed without
/// the activity that meets it, a movement still in after its notice ended), then each provision's state per framework:
/// breached, at risk, kept, or unknown, with the entries behind it. Only entries the reader may see are used.
/// </summary>
public static class ComplianceView
{
    static readonly TimeSpan RiskWindow = TimeSpan.FromDays(14);

    public static Compliance Evaluate(MandateBook book, Reader reader, DateTimeOffset asOf, IReadOnlyList<CeasefireEvent>? violations = null)
    {
        violations ??= [];
        bool Sees(Ledger.Entries.Visibility v, string party, IReadOnlyList<string> to) => reader.CanSee(v, party, to);
        var flags = book.Flags.Values.Where(f => f.Entries.All(e => Visible(book, reader, e))).ToList();
        flags.AddRange(Overstays(book, asOf).Where(f => f.Entries.All(e => Visible(book, reader, e))));
        flags.AddRange(Unanswered(book, asOf).Where(f => f.Entries.All(e => Visible(book, reader, e))));
        var activities = book.Activities.Values.Where(a => Sees(a.Visibility, a.Party, a.To) && a.Start <= asOf).ToList();

        var states = new List<ProvisionState>();
        foreach (var f in book.Frameworks)
        {
            foreach (var p in f.Provisions.Values.OrderBy(p => p.Number.Length).ThenBy(p => p.Number, StringComparer.Ordinal))
            {
                states.Add(StateOf(f, p, flags, activities, violations, asOf));
            }
        }
        // Activities that no provision in force allows: those the engine flagged with no "allowed" verdict in force.
        var visibleActivities = activities.Select(a => a.Index).ToHashSet();
        var uncovered = flags.Where(x => x.Code is "activity-without-provision" or "activity-outside-provision"
                && !x.Verdicts.Any(v => !v.Draft && v.Outcome == Verdict.Allowed))
            .SelectMany(x => x.Entries).Where(visibleActivities.Contains).Distinct().Order().ToList();
        var parties = flags.GroupBy(f => f.Party).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PartyFlags(g.Key, g.Count(f => f.Open), g.Count(f => f.Contested), [.. g.Where(f => f.Open).Select(f => f.Id)])).ToList();
        return new Compliance(asOf, states, flags, uncovered, parties);
    }

    static bool Visible(MandateBook book, Reader reader, long index) =>
        (book.Transits.GetValueOrDefault(index) is not { } t || reader.CanSee(t.Visibility, t.Party, t.To))
        && (book.Notices.GetValueOrDefault(index) is not { } n || reader.CanSee(n.Visibility, n.Party, n.To))
        && (book.Activities.GetValueOrDefault(index) is not { } a || reader.CanSee(a.Visibility, a.Party, a.To));

    /// <summary>Notices whose answer-by time passed without an answer from a party whose consent a framework requires.</summary>
    static IEnumerable<Flag> Unanswered(MandateBook book, DateTimeOffset asOf)
    {
        foreach (var n in book.Notices.Values.Where(n => n.AnswerBy is { } by && by < asOf))
        {
            var verdicts = new List<Verdict>();
            foreach (var f in book.Frameworks)
            {
                var required = MandateBook.RequiredConsents(f, [.. n.Categories], n.Corridor, n.Party, n.From);
                var silent = required.Where(x => !n.Consents.TryGetValue(x.Party, out var c) || c.Time > n.AnswerBy).ToList();
                verdicts.Add(required.Count == 0 ? new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"{f.Id} requires no answer")
                    : silent.Count == 0 ? new Verdict(f.Id, f.Draft, Verdict.Allowed, required[0].Number, "answered in time")
                    : new Verdict(f.Id, f.Draft, Verdict.Breach, silent[0].Number,
                        $"{string.Join(", ", silent.Select(x => x.Party))} did not answer by {n.AnswerBy:yyyy-MM-dd HH:mm}Z (provision {silent[0].Number} of {f.Id})"));
            }
            if (verdicts.Any(v => v.Outcome == Verdict.Breach))
            {
                var party = verdicts.First(v => v.Outcome == Verdict.Breach).Why.Split(' ')[0].TrimEnd(',');
                yield return new Flag($"F-{n.Index}-unanswered", "consent-unanswered", party, [n.Index], n.AnswerBy!.Value,
                    $"notice {n.Id} by {n.Party} was not answered in time", verdicts);
            }
        }
    }

    /// <summary>People who went in under a notice and had not come out by the time it ended.</summary>
    static IEnumerable<Flag> Overstays(MandateBook book, DateTimeOffset asOf)
    {
        foreach (var n in book.Notices.Values.Where(n => n.Until < asOf && !n.OneWay))
        {
            var moves = book.TransitsByNotice.GetValueOrDefault(n.Index) ?? [];
            var inCount = moves.Where(t => t.Direction == "in").Sum(t => t.People.Sum(p => p.Count));
            var outCount = moves.Where(t => t.Direction == "out").Sum(t => t.People.Sum(p => p.Count));
            if (moves.Any(t => t.Direction == "in") && outCount < inCount)
            {
                yield return new Flag($"F-{n.Index}-overstay", "overstay", n.Party, [n.Index, .. moves.Select(t => t.Index)], n.Until,
                    $"{inCount - outCount} of {inCount} people who entered under notice {n.Id} had not left when it ended on {n.Until:yyyy-MM-dd HH:mm}Z",
                    [new Verdict("notice", false, Verdict.Breach, null, "the notice's own end date")]);
            }
        }
    }

    static ProvisionState StateOf(Agreement f, Provision p, List<Flag> flags, List<Activity> activities, IReadOnlyList<CeasefireEvent> violations,
        DateTimeOffset asOf)
    {
        var why = new List<string>();
        var entries = new List<long>();
        var state = "unknown";
        var breaches = flags.Where(x => x.Verdicts.Any(v => v.Framework == f.Id && v.Provision == p.Number && v.Outcome == Verdict.Breach)).ToList();
        foreach (var (rule, i) in p.Rules.Select((r, i) => (r, i)))
        {
            if (rule.Type == "deadline" && rule.Due is { } due)
            {
                // Met only by an activity that cites this very provision: two hand-overs are two different deadlines.
                var met = activities.Where(a => a.Kind == rule.MetBy && a.End <= due && a.Agreement == f.Id && a.Provision == p.Number
                    && (rule.Actors.Count == 0 || rule.Actors.Contains(a.Actor))).ToList();
                if (met.Count > 0)
                {
                    why.Add($"met by {rule.MetBy} (entry {met[0].Index}) before {due:yyyy-MM-dd}");
                    entries.Add(met[0].Index);
                    state = state == "unknown" ? "kept" : state;
                }
                else if (due < asOf)
                {
                    why.Add($"due {due:yyyy-MM-dd}; no {rule.MetBy} entry shows it was met");
                    state = "breached";
                }
                else if (due - asOf < RiskWindow)
                {
                    why.Add($"due {due:yyyy-MM-dd}, in less than {RiskWindow.TotalDays:0} days, not yet met");
                    state = state == "breached" ? state : "at-risk";
                }
            }
            if (rule.Type == "ceasefire" && rule.From is { } since)
            {
                var during = violations.Where(v => v.Time >= since && v.Time <= asOf && (rule.Until is null || v.Time < rule.Until)).ToList();
                var verified = during.Where(v => v.Verified).OrderBy(v => v.Time).ToList();
                var open = during.Count(v => v.Open);
                if (verified.Count > 0)
                {
                    state = "breached";
                    why.Add($"{verified.Count} verified ceasefire violation{(verified.Count == 1 ? "" : "s")} since {since:yyyy-MM-dd}: "
                        + string.Join(", ", verified.Take(5).Select(v => $"{v.Id} ({v.Type}, {v.Time:yyyy-MM-dd})")) + (verified.Count > 5 ? ", …" : ""));
                }
                else if (open > 0)
                {
                    state = state == "breached" ? state : "at-risk";
                    why.Add($"{open} reported violation{(open == 1 ? "" : "s")} since {since:yyyy-MM-dd}, none verified yet");
                }
                else
                {
                    state = state == "unknown" ? "kept" : state;
                    why.Add($"no reported violation since {since:yyyy-MM-dd} in what this reader may see");
                }
                if (open > 0 && verified.Count > 0)
                {
                    why.Add($"{open} more reported, not yet verified");
                }
            }
            if (rule.Type == "term" && rule.From is { } start && rule.Years is { } years)
            {
                var end = start.AddMonths((int)(years * 12));
                while (end < asOf)
                {
                    end = end.AddMonths((int)(years * 12)); // renewed automatically unless notice was given
                }
                var notice = end.AddMonths(-(int)(rule.NoticeMonths ?? 0));
                why.Add(asOf >= notice
                    ? $"the current term ends {end:yyyy-MM-dd}; the notice period began {notice:yyyy-MM-dd}"
                    : $"the current term ends {end:yyyy-MM-dd}; notice is due by {notice:yyyy-MM-dd}");
                if (asOf >= notice && state is "unknown" or "kept")
                {
                    state = "at-risk";
                }
            }
        }
        var allowed = flags.Where(x => x.Verdicts.Any(v => v.Framework == f.Id && v.Provision == p.Number && v.Outcome == Verdict.Allowed)).ToList();
        if (breaches.Count > 0)
        {
            state = "breached";
            why.AddRange(breaches.Take(5).Select(b => $"{b.Id}: {b.Verdicts.First(v => v.Framework == f.Id && v.Outcome == Verdict.Breach).Why}"
                + (b.Contested ? " (contested)" : "")));
            entries.AddRange(breaches.SelectMany(b => b.Entries));
        }
        var cited = activities.Where(a => a.Agreement == f.Id && a.Provision == p.Number).ToList();
        if (state == "unknown" && (cited.Count > 0 || allowed.Count > 0))
        {
            state = "kept";
            why.Add(cited.Count > 0 ? $"{cited.Count} activities cite it; none found outside it" : $"{allowed.Count} flagged entries are allowed by it");
            entries.AddRange(cited.Select(a => a.Index).Take(20));
        }
        return new ProvisionState(f.Id, f.Draft, p.Number, p.Text, state, why, [.. entries.Distinct()], p.AmendedBy);
    }
}
