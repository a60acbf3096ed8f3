using Truce.Core.Modules.Shared;
using Truce.Mandate.Agreements;
using Truce.Mandate.Movements;

namespace Truce.Mandate.Compliance;

public sealed record ProvisionState(string Framework, bool Draft, string Number, string Text, string State, IReadOnlyList<string> Why,
    IReadOnlyList<long> Entries, IReadOnlyList<long> AmendedBy)
{
    /// <summary>How many flags (raised by then) find this provision breached.</summary>
    public int Breaches { get; init; }
}

/// <summary>A party's flags: counts, and the ids of the first open ones.</summary>
public sealed record PartyFlags(string Party, int Open, int Contested, IReadOnlyList<string> Flags);

/// <summary>Which flags a compliance view lists: one party's, one code's, a page of them in log order after an entry.</summary>
public sealed record FlagQuery
{
    public string? Party { get; init; }
    public string? Code { get; init; }
    public long? After { get; init; }
    public int Limit { get; init; } = 100;
}

/// <summary>
/// The compliance view of SPEC §3.6, as of a moment, from one audience class's book. <see cref="Flags"/> is one page (in log order;
/// <see cref="NextAfter"/> asks for the next) of the <see cref="FlagsTotal"/> that match; likewise the uncovered activities.
/// </summary>
public sealed record Compliance(DateTimeOffset AsOf, IReadOnlyList<ProvisionState> Provisions, IReadOnlyList<Flag> Flags, int FlagsTotal,
    long? NextAfter, IReadOnlyList<long> UncoveredActivities, int UncoveredTotal, IReadOnlyList<PartyFlags> Parties);

/// <summary>
/// Evaluates the mandate for a moment: the flags the entries raised by then, plus what time adds (a deadline passed
/// without the activity that meets it, a movement still in after its notice ended, a consent not answered in time),
/// then each provision's state per framework: breached, at risk, kept, or unknown, with the entries behind it. The book
/// is the reader's (it holds only what the reader may see), and keeps each provision's flags and activities as entries arrive, so this
/// walks a provision's own records, and builds flag objects only for the page it returns.
/// </summary>
public static class ComplianceView
{
    static readonly TimeSpan RiskWindow = TimeSpan.FromDays(14);
    const int PartyIds = 100;
    const int StateEntries = 100;

    public static Compliance Evaluate(MandateBook book, DateTimeOffset asOf, IReadOnlyList<CeasefireEvent>? violations = null,
        FlagQuery? query = null)
    {
        violations ??= [];
        query ??= new FlagQuery();
        var due = DueNotices(book, asOf);

        var states = new List<ProvisionState>();
        foreach (var f in book.Frameworks)
        {
            foreach (var p in f.Provisions.Values.OrderBy(p => p.Number.Length).ThenBy(p => p.Number, StringComparer.Ordinal))
            {
                states.Add(StateOf(book, f, p, asOf, violations, due));
            }
        }

        // One pass over every flag in log order (those raised by entries, and those time raised at notices), counting
        // all and building only the page.
        var page = new List<Flag>();
        var total = 0;
        long? next = null;
        var parties = new SortedDictionary<string, PartyTally>(StringComparer.Ordinal);
        foreach (var c in Candidates(book, asOf, due))
        {
            var party = c.Party;
            if (query.Party is not null && party != query.Party)
            {
                continue;
            }
            if (!parties.TryGetValue(party, out var tally))
            {
                parties[party] = tally = new PartyTally();
            }
            var open = c.Stored?.Open ?? true;
            if (open)
            {
                tally.Open++;
                if (tally.Ids.Count < PartyIds)
                {
                    tally.Ids.Add(c.Id);
                }
            }
            tally.Contested += c.Stored?.Contested == true ? 1 : 0;
            if (query.Code is not null && c.Code != query.Code)
            {
                continue;
            }
            total++;
            if (query.After is { } after && c.Index <= after)
            {
                continue;
            }
            // A page ends between entries, never inside one, so that "after" the last index loses nothing.
            if (next is null && page.Count >= query.Limit && c.Index > page[^1].Index)
            {
                next = page[^1].Index;
            }
            if (next is null)
            {
                page.Add(c.Stored ?? c.Build(book));
            }
        }

        var uncovered = book.Uncovered.Where(x => x.Time <= asOf).Select(x => x.Entries[0]);
        var uncoveredTotal = 0;
        var uncoveredPage = new List<long>();
        foreach (var a in uncovered)
        {
            uncoveredTotal++;
            if (uncoveredPage.Count < query.Limit)
            {
                uncoveredPage.Add(a);
            }
        }
        return new Compliance(asOf, states, page, total, next, uncoveredPage, uncoveredTotal,
            [.. parties.Select(x => new PartyFlags(x.Key, x.Value.Open, x.Value.Contested, x.Value.Ids))]);
    }

    sealed class PartyTally
    {
        public int Open;
        public int Contested;
        public List<string> Ids { get; } = [];
    }

    /// <summary>A flag before it is built: one the entries raised, or one that time raises at a notice.</summary>
    readonly record struct Candidate(long Index, Flag? Stored, DueNotice? Due)
    {
        public string Id => Stored?.Id ?? $"F-{Index}-{Code}";
        public string Code => Stored?.Code ?? (Due!.Overstay ? "overstay" : "consent-unanswered");
        public string Party => Stored?.Party ?? (Due!.Overstay ? Due.Notice.Party : Due.Silent[0].Party);

        public Flag Build(MandateBook book) => Due!.Overstay ? Overstay(book, Due.Notice) : Unanswered(book, Due.Notice, Due.Silent);
    }

    /// <summary>A notice that time has made a flag of by <c>asOf</c>: people still in after it ended, or a required
    /// answer not given by its answer-by time (the silent parties, each with its framework and provision).</summary>
    sealed record DueNotice(Notice Notice, bool Overstay, IReadOnlyList<RequiredConsent> Silent);

    static List<DueNotice> DueNotices(MandateBook book, DateTimeOffset asOf)
    {
        var due = new List<DueNotice>();
        foreach (var n in book.Notices.Values)
        {
            if (n.OverstayedAt(asOf))
            {
                due.Add(new DueNotice(n, true, []));
            }
            if (n.AnswerBy is { } by && by < asOf && n.Required.Count > 0)
            {
                var silent = n.Required.Where(x => !n.Consents.TryGetValue(x.Party, out var c) || c.Time > by).ToList();
                if (silent.Count > 0)
                {
                    due.Add(new DueNotice(n, false, silent));
                }
            }
        }
        return due;
    }

    /// <summary>The stored flags and the notices' flags, merged in log order (a notice's flag sits at the notice).</summary>
    static IEnumerable<Candidate> Candidates(MandateBook book, DateTimeOffset asOf, List<DueNotice> due)
    {
        var j = 0;
        foreach (var f in book.FlagsInOrder)
        {
            if (f.Time > asOf)
            {
                continue;
            }
            var index = f.Index;
            for (; j < due.Count && due[j].Notice.Index < index; j++)
            {
                yield return new Candidate(due[j].Notice.Index, null, due[j]);
            }
            yield return new Candidate(index, f, null);
        }
        for (; j < due.Count; j++)
        {
            yield return new Candidate(due[j].Notice.Index, null, due[j]);
        }
    }

    static Flag Unanswered(MandateBook book, Notice n, IReadOnlyList<RequiredConsent> silent)
    {
        var verdicts = new List<Verdict>();
        foreach (var f in book.Frameworks)
        {
            var required = n.Required.Where(x => x.Framework == f.Id).ToList();
            var quiet = silent.Where(x => x.Framework == f.Id).ToList();
            verdicts.Add(required.Count == 0 ? new Verdict(f.Id, f.Draft, Verdict.NoRule, null, $"{f.Id} requires no answer")
                : quiet.Count == 0 ? new Verdict(f.Id, f.Draft, Verdict.Allowed, required[0].Number, "answered in time")
                : new Verdict(f.Id, f.Draft, Verdict.Breach, quiet[0].Number,
                    $"{string.Join(", ", quiet.Select(x => x.Party))} did not answer by {n.AnswerBy:yyyy-MM-dd HH:mm}Z (provision {quiet[0].Number} of {f.Id})"));
        }
        return new Flag(n.Index, "consent-unanswered", silent[0].Party, [n.Index], n.AnswerBy!.Value,
            $"notice {n.Id} by {n.Party} was not answered in time", verdicts);
    }

    static Flag Overstay(MandateBook book, Notice n)
    {
        var moves = book.TransitsByNotice.GetValueOrDefault(n.Index) ?? [];
        return new Flag(n.Index, "overstay", n.Party, [n.Index, .. moves.Select(t => t.Index)], n.Until,
            $"{n.PeopleIn - n.PeopleOut} of {n.PeopleIn} people who entered under notice {n.Id} had not left when it ended on {n.Until:yyyy-MM-dd HH:mm}Z",
            [new Verdict("notice", false, Verdict.Breach, null, "the notice's own end date")]);
    }

    static ProvisionState StateOf(MandateBook book, Agreement f, Provision p, DateTimeOffset asOf, IReadOnlyList<CeasefireEvent> violations,
        List<DueNotice> due)
    {
        var why = new List<string>();
        var entries = new List<long>();
        var state = "unknown";
        var record = book.ByProvision.GetValueOrDefault((f.Id, p.Number)) ?? new ProvisionRecord();
        bool Sees(Activity a) => a.Start <= asOf;
        foreach (var rule in p.Rules)
        {
            if (rule.Type == "deadline" && rule.Due is { } by)
            {
                // Met only by an activity that cites this very provision: two hand-overs are two different deadlines.
                var met = record.Cited.Find(a => a.Kind == rule.MetBy && a.End <= by && (rule.Actors.Count == 0 || rule.Actors.Contains(a.Actor)) && Sees(a));
                if (met is not null)
                {
                    why.Add($"met by {rule.MetBy} (entry {met.Index}) before {by:yyyy-MM-dd}");
                    entries.Add(met.Index);
                    state = state == "unknown" ? "kept" : state;
                }
                else if (by < asOf)
                {
                    why.Add($"due {by:yyyy-MM-dd}; no {rule.MetBy} entry shows it was met");
                    state = "breached";
                }
                else if (by - asOf < RiskWindow)
                {
                    why.Add($"due {by:yyyy-MM-dd}, in less than {RiskWindow.TotalDays:0} days, not yet met");
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

        // Breaches: the flags the entries raised against this provision, and the answers a consent rule of it awaited in vain.
        var breaches = 0;
        foreach (var b in record.Breaches)
        {
            if (b.Time > asOf)
            {
                continue;
            }
            if (breaches++ < 5)
            {
                why.Add($"{b.Id}: {b.Verdicts.First(v => v.Framework == f.Id && v.Outcome == Verdict.Breach).Why}" + (b.Contested ? " (contested)" : ""));
            }
            foreach (var e in b.Entries)
            {
                if (entries.Count < StateEntries)
                {
                    entries.Add(e);
                }
            }
        }
        foreach (var d in due)
        {
            if (!d.Overstay && d.Silent.FirstOrDefault(x => x.Framework == f.Id) is { } first && first.Number == p.Number)
            {
                if (breaches++ < 5)
                {
                    why.Add($"F-{d.Notice.Index}-consent-unanswered: {string.Join(", ", d.Silent.Where(x => x.Framework == f.Id).Select(x => x.Party))} did not answer by {d.Notice.AnswerBy:yyyy-MM-dd HH:mm}Z");
                }
                if (entries.Count < StateEntries)
                {
                    entries.Add(d.Notice.Index);
                }
            }
        }
        if (breaches > 0)
        {
            state = "breached";
            if (breaches > 5)
            {
                why.Add($"… {breaches - 5} more");
            }
        }
        if (state == "unknown")
        {
            var cited = record.Cited.Where(Sees).Select(a => a.Index).ToList();
            if (cited.Count > 0)
            {
                state = "kept";
                why.Add($"{cited.Count} activities cite it; none found outside it");
                entries.AddRange(cited.Take(20));
            }
            else if (record.Allowed.Count(a => a.Time <= asOf) is var allowed and > 0)
            {
                state = "kept";
                why.Add($"{allowed} flagged entries are allowed by it");
            }
        }
        return new ProvisionState(f.Id, f.Draft, p.Number, p.Text, state, why, [.. entries.Distinct()], p.AmendedBy) { Breaches = breaches };
    }
}
