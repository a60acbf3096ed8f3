using Truce.Core.Modules.Shared;
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
public static partial class ComplianceView
{
    const int PartyIds = 100;

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

        var (page, total, next, parties) = FlagPage(book, asOf, due, query);
        var (uncoveredPage, uncoveredTotal) = UncoveredPage(book, asOf, query.Limit);
        return new Compliance(asOf, states, page, total, next, uncoveredPage, uncoveredTotal,
            [.. parties.Select(x => new PartyFlags(x.Key, x.Value.Open, x.Value.Contested, x.Value.Ids))]);
    }

    /// <summary>One pass over every flag in log order (those raised by entries, and those time raised at notices),
    /// counting all, tallying each party's, and building only the page.</summary>
    static (List<Flag> Page, int Total, long? Next, SortedDictionary<string, PartyTally> Parties) FlagPage(MandateBook book, DateTimeOffset asOf,
        List<DueNotice> due, FlagQuery query)
    {
        var page = new List<Flag>();
        var total = 0;
        long? next = null;
        var parties = new SortedDictionary<string, PartyTally>(StringComparer.Ordinal);
        foreach (var c in Candidates(book, asOf, due))
        {
            if (query.Party is not null && c.Party != query.Party)
            {
                continue;
            }
            Tally(parties, c);
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
        return (page, total, next, parties);
    }

    static void Tally(SortedDictionary<string, PartyTally> parties, Candidate c)
    {
        if (!parties.TryGetValue(c.Party, out var tally))
        {
            parties[c.Party] = tally = new PartyTally();
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
    }

    static (List<long> Page, int Total) UncoveredPage(MandateBook book, DateTimeOffset asOf, int limit)
    {
        var uncoveredTotal = 0;
        var uncoveredPage = new List<long>();
        foreach (var a in book.Uncovered.Where(x => x.Time <= asOf).Select(x => x.Entries[0]))
        {
            uncoveredTotal++;
            if (uncoveredPage.Count < limit)
            {
                uncoveredPage.Add(a);
            }
        }
        return (uncoveredPage, uncoveredTotal);
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
}
