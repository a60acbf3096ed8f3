using Truce.Core.Modules.Shared;
using Truce.Mandate.Agreements;

namespace Truce.Mandate.Compliance;

// Each provision's state per framework as of a moment: what its own rules say then (deadlines, the ceasefire, the
// term), the breaches filed under it, and, failing both, the activities and allowances that show it kept.
public static partial class ComplianceView
{
    static readonly TimeSpan RiskWindow = TimeSpan.FromDays(14);
    const int StateEntries = 100;

    /// <summary>A provision's state as the steps below find it: breached, at-risk, kept or unknown, with reasons and entries.</summary>
    sealed class Finding
    {
        public string State { get; set; } = "unknown";
        public List<string> Why { get; } = [];
        public List<long> Entries { get; } = [];

        /// <summary>Kept, unless something already found it at risk or breached.</summary>
        public void Kept() => State = State == "unknown" ? "kept" : State;

        /// <summary>At risk, unless something already found it breached.</summary>
        public void AtRisk() => State = State == "breached" ? State : "at-risk";
    }

    static ProvisionState StateOf(MandateBook book, Agreement f, Provision p, DateTimeOffset asOf, IReadOnlyList<CeasefireEvent> violations,
        List<DueNotice> due)
    {
        var s = new Finding();
        var record = book.ByProvision.GetValueOrDefault((f.Id, p.Number)) ?? new ProvisionRecord();
        foreach (var rule in p.Rules)
        {
            if (rule.Type == "deadline" && rule.Due is { } by)
            {
                Deadline(s, rule, by, record, asOf);
            }
            if (rule.Type == "ceasefire" && rule.From is { } since)
            {
                Ceasefire(s, rule, since, violations, asOf);
            }
            if (rule.Type == "term" && rule.From is { } start && rule.Years is { } years)
            {
                Term(s, rule, start, years, asOf);
            }
        }
        var breaches = Breaches(s, f, p, record, due, asOf);
        if (s.State == "unknown")
        {
            Unbreached(s, record, asOf);
        }
        return new ProvisionState(f.Id, f.Draft, p.Number, p.Text, s.State, s.Why, [.. s.Entries.Distinct()], p.AmendedBy) { Breaches = breaches };
    }

    static void Deadline(Finding s, Rule rule, DateTimeOffset by, ProvisionRecord record, DateTimeOffset asOf)
    {
        // Met only by an activity that cites this very provision: two hand-overs are two different deadlines.
        var met = record.Cited.Find(a => a.Kind == rule.MetBy && a.End <= by && (rule.Actors.Count == 0 || rule.Actors.Contains(a.Actor)) && a.Start <= asOf);
        if (met is not null)
        {
            s.Why.Add($"met by {rule.MetBy} (entry {met.Index}) before {by:yyyy-MM-dd}");
            s.Entries.Add(met.Index);
            s.Kept();
        }
        else if (by < asOf)
        {
            s.Why.Add($"due {by:yyyy-MM-dd}; no {rule.MetBy} entry shows it was met");
            s.State = "breached";
        }
        else if (by - asOf < RiskWindow)
        {
            s.Why.Add($"due {by:yyyy-MM-dd}, in less than {RiskWindow.TotalDays:0} days, not yet met");
            s.AtRisk();
        }
    }

    static void Ceasefire(Finding s, Rule rule, DateTimeOffset since, IReadOnlyList<CeasefireEvent> violations, DateTimeOffset asOf)
    {
        var during = violations.Where(v => v.Time >= since && v.Time <= asOf && (rule.Until is null || v.Time < rule.Until)).ToList();
        var verified = during.Where(v => v.Verified).OrderBy(v => v.Time).ToList();
        var open = during.Count(v => v.Open);
        if (verified.Count > 0)
        {
            s.State = "breached";
            s.Why.Add($"{verified.Count} verified ceasefire violation{(verified.Count == 1 ? "" : "s")} since {since:yyyy-MM-dd}: "
                + string.Join(", ", verified.Take(5).Select(v => $"{v.Id} ({v.Type}, {v.Time:yyyy-MM-dd})")) + (verified.Count > 5 ? ", …" : ""));
        }
        else if (open > 0)
        {
            s.AtRisk();
            s.Why.Add($"{open} reported violation{(open == 1 ? "" : "s")} since {since:yyyy-MM-dd}, none verified yet");
        }
        else
        {
            s.Kept();
            s.Why.Add($"no reported violation since {since:yyyy-MM-dd} in what this reader may see");
        }
        if (open > 0 && verified.Count > 0)
        {
            s.Why.Add($"{open} more reported, not yet verified");
        }
    }

    static void Term(Finding s, Rule rule, DateTimeOffset start, double years, DateTimeOffset asOf)
    {
        var months = (int)(years * 12);
        // A renewal past this one would fall off the calendar (year 9999): there is no term to speak of that late.
        var lastRenewable = DateTimeOffset.MaxValue.AddMonths(-months);
        var end = start.AddMonths(months);
        while (end < asOf && end <= lastRenewable)
        {
            end = end.AddMonths(months); // renewed automatically unless notice was given
        }
        if (end < asOf)
        {
            return;
        }
        var notice = end.AddMonths(-(int)(rule.NoticeMonths ?? 0));
        s.Why.Add(asOf >= notice
            ? $"the current term ends {end:yyyy-MM-dd}; the notice period began {notice:yyyy-MM-dd}"
            : $"the current term ends {end:yyyy-MM-dd}; notice is due by {notice:yyyy-MM-dd}");
        if (asOf >= notice && s.State is "unknown" or "kept")
        {
            s.State = "at-risk";
        }
    }

    /// <summary>The flags the entries raised against this provision by then, and the answers a consent rule of it
    /// awaited in vain: how many, the first five in words.</summary>
    static int Breaches(Finding s, Agreement f, Provision p, ProvisionRecord record, List<DueNotice> due, DateTimeOffset asOf)
    {
        var breaches = 0;
        foreach (var b in record.Breaches)
        {
            if (b.Time > asOf)
            {
                continue;
            }
            if (breaches++ < 5)
            {
                s.Why.Add($"{b.Id}: {b.Verdicts.First(v => v.Framework == f.Id && v.Outcome == Verdict.Breach).Why}" + (b.Contested ? " (contested)" : ""));
            }
            foreach (var e in b.Entries)
            {
                if (s.Entries.Count < StateEntries)
                {
                    s.Entries.Add(e);
                }
            }
        }
        foreach (var d in due)
        {
            if (!d.Overstay && d.Silent.FirstOrDefault(x => x.Framework == f.Id) is { } first && first.Number == p.Number)
            {
                if (breaches++ < 5)
                {
                    s.Why.Add($"F-{d.Notice.Index}-consent-unanswered: {string.Join(", ", d.Silent.Where(x => x.Framework == f.Id).Select(x => x.Party))} did not answer by {d.Notice.AnswerBy:yyyy-MM-dd HH:mm}Z");
                }
                if (s.Entries.Count < StateEntries)
                {
                    s.Entries.Add(d.Notice.Index);
                }
            }
        }
        if (breaches > 0)
        {
            s.State = "breached";
            if (breaches > 5)
            {
                s.Why.Add($"… {breaches - 5} more");
            }
        }
        return breaches;
    }

    /// <summary>No rule or breach decided it: kept if activities cite it, or flagged entries are allowed by it.</summary>
    static void Unbreached(Finding s, ProvisionRecord record, DateTimeOffset asOf)
    {
        var cited = record.Cited.Where(a => a.Start <= asOf).Select(a => a.Index).ToList();
        if (cited.Count > 0)
        {
            s.State = "kept";
            s.Why.Add($"{cited.Count} activities cite it; none found outside it");
            s.Entries.AddRange(cited.Take(20));
        }
        else if (record.Allowed.Count(a => a.Time <= asOf) is var allowed and > 0)
        {
            s.State = "kept";
            s.Why.Add($"{allowed} flagged entries are allowed by it");
        }
    }
}
