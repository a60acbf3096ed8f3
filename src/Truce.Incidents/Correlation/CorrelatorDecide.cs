using Truce.Incidents.Reports;

namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>Correlates a new report: a precise one joins the best observed incident if its share reaches
    /// <c>join</c>, else starts one; a coarse one attaches to the best observed incident at <c>attach</c>, else groups
    /// with coarse reports no observation explains, else starts such a group.</summary>
    public ReportState Add(Report r, Func<Incident, bool>? allowed = null)
    {
        // What the report teaches comes before it is scored (Learn); the count is read once, with the rest of what is seen.
        NoteNamed(r);
        var state = new ReportState(r) { Seen = SeenOf(r) };
        NoteCount(r, state.Seen.Count);
        Put(state);
        if (state.Seen.Coarse)
        {
            AddCoarse(state, allowed, r.Index, maySwap: true);
        }
        else
        {
            Reattach(AddPrecise(state, allowed, r.Index, maySwap: true), r);
        }
        Reread(r, allowed);
        return state;
    }

    Incident AddPrecise(ReportState state, Func<Incident, bool>? allowed, long newId, bool maySwap)
    {
        var r = state.Report;
        var matches = Score(state.Seen, r, true, allowed, Math.Min(Settings.Suggest, Settings.Join));
        if (Takes(matches, Settings.Join, r))
        {
            var joined = Join(state, matches[0], matches.Skip(1), $"report {r.Index} joined", newId);
            if (maySwap)
            {
                Regroup(joined, matches, r);
            }
            return joined;
        }
        string? why = null;
        if (SameSourceConflict(state, matches, Settings.Join) is { } conflict)
        {
            if (maySwap && TrySwap(state, conflict, allowed, out why) is { } swapped)
            {
                return swapped;
            }
            why ??= $"kept apart: I-{conflict.Match.Incident} already has a report from the same source ({r.SourceKey}) and re-correlation moves a report once";
        }
        why ??= NotJoined(matches, Settings.Join, "join");
        var started = StartNew(state, matches, newId, why);
        if (maySwap)
        {
            Regroup(started, matches, r);
        }
        return started;
    }

    void AddCoarse(ReportState state, Func<Incident, bool>? allowed, long newId, bool maySwap)
    {
        var r = state.Report;
        var explainFrom = Math.Min(Settings.Suggest, Settings.Attach);
        var observed = Score(state.Seen, r, true, allowed, explainFrom);
        if (Takes(observed, Settings.Attach, r))
        {
            var m = observed[0] with { Reasons = Reasons.Led($"{Weighed.Kind(r)} attached to observed incident I-{observed[0].Incident} ({observed[0].Score:0.00} of the posterior, attach at {Settings.Attach:0.00})", observed[0].Reasons) };
            Join(state, m, observed.Skip(1), $"report {r.Index} attached", newId);
            return;
        }
        string? swap = null;
        if (maySwap && SameSourceConflict(state, observed, Settings.Attach) is { } conflict && TrySwapCoarse(state, conflict, allowed, out swap))
        {
            return;
        }
        // One posterior over every event the report may be about: observed incidents it did not attach to still hold
        // their share against a group of statements, so a statement that fits both joins neither.
        var rivals = 0.0;
        foreach (var m in observed)
        {
            rivals += m.Odds;
        }
        var groups = Score(state.Seen, r, false, allowed, explainFrom, rivalOdds: rivals);
        var others = observed.Where(m => m.Score >= Settings.Suggest);
        if (Takes(groups, Settings.Attach, r))
        {
            var m = groups[0] with { Reasons = Reasons.Led($"grouped with coarse reports of one event that no observation explains yet (I-{groups[0].Incident}; {NotJoined(observed, Settings.Attach, "attach")})", groups[0].Reasons) };
            Join(state, m, others.Concat(groups.Skip(1)), $"report {r.Index} grouped", newId);
            return;
        }
        StartNew(state, [.. others.Concat(groups)], newId, swap ?? $"{NotJoined(observed, Settings.Attach, "attach")}; {NotJoined(groups, Settings.Attach, "group")}");
    }

    /// <summary>Joins the report to the match's incident, with a step at <paramref name="entry"/>: the report's own, or
    /// for a report correlated again after a same-source swap, the entry of the report that displaced it (a step dated
    /// at the report's own entry would hide the change from the change feed).</summary>
    Incident Join(ReportState state, Match m, IEnumerable<Match> others, string what, long entry)
    {
        var r = state.Report;
        state.JoinedBy = m;
        Suggest(state, Ranked(others.Where(x => x.Score >= Settings.Suggest)));
        var i = Incidents[m.Incident];
        TeachOnset(state, i);
        TeachHabits(state, i);
        var by = StepBy(entry, r);
        Attach(state, i, new IncidentEvent(entry, by.Party, by.Logged, what, null, m.Score, m.Reasons));
        return i;
    }

    /// <summary>A precise report joining an incident with precise reports teaches the book how far starts of one event
    /// fall apart, as much as the onset term rather than the overlap explained the join, and its start weighs that much
    /// in the incident's mean start. A report teaches by its latest automatic join; a monitor's placement or a
    /// retraction takes it back (<see cref="Unteach"/>).</summary>
    void TeachOnset(ReportState state, Incident i)
    {
        Unteach(state);
        state.OnsetWeight = 1;
        if (!Onsets.Between(state.Seen, i))
        {
            return;
        }
        var (apart, _) = Onsets.Apart(state.Seen.Start, i, OnsetSpreadMinutes);
        var share = TimeDensity(state.Seen, i, GapHours(state.Seen, i), ToleranceHours(state.Seen)).OnsetShare;
        state.OnsetTaught = (share * apart * apart / (1 + 1.0 / i.OnsetWeight), share);
        state.OnsetWeight = share;
        _onsetSpread.Add(state.OnsetTaught, Settings.ClockToleranceMinutes);
    }

    /// <summary>A coarse report attached to an observed incident teaches the book how its kind of source speaks of what
    /// the observers saw: the type it named against the incident's, its figure against theirs (the incident as it stands
    /// then). Call after <see cref="Unteach"/>.</summary>
    void TeachHabits(ReportState state, Incident i)
    {
        if (ByHabit(state.Seen, i))
        {
            state.HabitsTaught = SourceHabits.Lesson(state.Report, state.Seen.Counts, i);
            _habits.Add(state.HabitsTaught);
        }
    }

    /// <summary>Takes back what a report's join taught the clocks' spread and its kind's habits.</summary>
    internal void Unteach(ReportState state)
    {
        _onsetSpread.Add(state.OnsetTaught, Settings.ClockToleranceMinutes, -1);
        state.OnsetTaught = default;
        UnteachHabits(state);
    }

    void UnteachHabits(ReportState state)
    {
        _habits.Add(state.HabitsTaught, -1);
        state.HabitsTaught = default;
    }

    /// <summary>A monitor placed the report (a link, a merge, a split): it stays where the monitor put it, and what its
    /// automatic join taught the clocks is taken back, as re-correlation, which puts pinned reports back without
    /// scoring them, learns nothing from them either.</summary>
    public void Pin(ReportState state)
    {
        state.Pinned = true;
        Unteach(state);
        // Where else it could go was for the monitor to weigh, and they have; re-correlation, which puts it back
        // unscored, shows none either. The candidates as they are now are asked for (Candidates), not kept.
        Suggest(state, []);
    }

    /// <summary>Starts an incident; the refusal that decided it leads the best suggestion's reasons and the incident's history.</summary>
    Incident StartNew(ReportState state, List<Match> matches, long id, string why)
    {
        var r = state.Report;
        var suggestions = Ranked(matches.Where(m => m.Score >= Settings.Suggest));
        if (suggestions.Count > 0)
        {
            suggestions[0] = suggestions[0] with { Reasons = Reasons.Led(why, suggestions[0].Reasons) };
        }
        state.JoinedBy = null;
        Suggest(state, suggestions);
        // A report teaches the clocks by its latest join: one re-correlated away into an incident of its own no longer
        // does, and as the incident's first report its start is the onset.
        Unteach(state);
        state.OnsetWeight = 1;
        // Re-correlation may have put a monitor's pinned reports back into the incident of this id before reaching the
        // report the id names: the report then starts one under a free id (NewIncident; the same in every run).
        var by = StepBy(id, r);
        var i = NewIncident(id, manual: false);
        Attach(state, i, new IncidentEvent(id, by.Party, by.Logged, $"created by report {r.Index}", why));
        return i;
    }

    /// <summary>Whether the best of <paramref name="matches"/> takes the report: it has <paramref name="bar"/> of the
    /// posterior and no report of the same source yet.</summary>
    bool Takes(List<Match> matches, double bar, Report r) =>
        matches.Count > 0 && matches[0].Score >= bar && !Incidents[matches[0].Incident].Sources.Contains(r.SourceKey);

    /// <summary>Whose entry a step at <paramref name="entry"/> is: the report's own, or the one that displaced it.</summary>
    Report StepBy(long entry, Report r) => entry != r.Index && Reports.TryGetValue(entry, out var by) ? by.Report : r;

    static List<Match> Ranked(IEnumerable<Match> matches)
    {
        List<Match> ranked = [.. matches];
        ranked.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Incident.CompareTo(b.Incident));
        return ranked;
    }

    static string NotJoined(List<Match> matches, double threshold, string verb) => matches.Count == 0
        ? $"nothing to {verb} within reach"
        : $"not {verb}ed: the best candidate, I-{matches[0].Incident}, has {matches[0].Score:0.00} of the posterior, below {threshold:0.00}"
          + (matches.Count > 1 ? $" ({matches.Count} candidates share it)" : "");

    /// <summary>After an observation made or sharpened <paramref name="x"/>, moves the coarse reports that it now
    /// explains out of statement-only incidents. Only this book's reports and incidents are read, in id order.</summary>
    void Reattach(Incident x, Report trigger)
    {
        if (_statements.Count == 0 || !x.Observed || !x.Active)
        {
            return;
        }
        // An hour-precision statement may end an hour before the event (4 × its 15 min tolerance); longer windows reach anyway.
        var tol = TimeSpan.FromMinutes(Math.Max(Settings.ClockToleranceMinutes, 15));
        _near.Clear();
        _statements.Query(x.Start - 4 * tol, x.End + 4 * tol, x.Estimate, 5 * x.Estimate.MaxSigma, _near);
        if (_near.Count == 0)
        {
            return;
        }
        foreach (var c in _near.Where(c => c.Active && !c.Observed).OrderBy(c => c.Id).ToList())
        {
            // Its first report, not the report its id names: a report displaced by a same-source swap starts an
            // incident under the id of the report that displaced it, which is elsewhere.
            var first = c.Reports[0];
            foreach (var idx in c.Reports.ToList())
            {
                if (Reports[idx] is not { Pinned: false, Retracted: false } s)
                {
                    continue;
                }
                var was = s.Suggestions;
                if (c.Assessed)
                {
                    Resuggest(s, c);
                }
                else
                {
                    if (Rescore(s, x) is not { } m)
                    {
                        continue;
                    }
                    if (Takes(m, Settings.Attach, s.Report))
                    {
                        // Usually x; another observed incident may have come to hold attach since it was last weighed.
                        var explains = m[0].Incident == x.Id;
                        MoveOut(s, c, first, m, trigger,
                            explains ? $"report {trigger.Index} is an observation that explains it" : $"report {trigger.Index}, an observation near it, had it weighed again",
                            explains ? "which now explains it" : "weighed again after an observation near it");
                        continue;
                    }
                    // It stays; the observed incidents it is suggested to are weighed again with the new one among them.
                    Renew(s, m, $"weighed again after report {trigger.Index}, an observation near it: {NotJoined(m, Settings.Attach, "attach")}");
                }
                Resuggested(c, was, s.Suggestions, trigger.Index);
            }
        }
    }

    /// <summary>Moves a statement-only report to the best of <paramref name="m"/>, which now explains it: <paramref
    /// name="why"/> says what changed, <paramref name="how"/> leads its reasons. An incident left empty becomes an alias,
    /// as after a merge: claims and links naming it follow <paramref name="first"/>, its first report when the pass
    /// began.</summary>
    void MoveOut(ReportState s, Incident from, long first, List<Match> m, Report trigger, string why, string how)
    {
        var (best, idx) = (m[0], s.Report.Index);
        var to = Incidents[best.Incident];
        s.JoinedBy = best with { Reasons = Reasons.Led($"{Weighed.Kind(s.Report)} attached to observed incident I-{best.Incident}, {how} ({Share(best)})", best.Reasons) };
        Suggest(s, Ranked(m.Skip(1).Where(o => o.Score >= Settings.Suggest)));
        Unteach(s);
        TeachHabits(s, to);
        Attach(s, to, new IncidentEvent(trigger.Index, trigger.Party, trigger.Logged, $"report {idx} re-attached from I-{from.Id}", why, best.Score, s.JoinedBy.Reasons));
        // The incident it left changed too: a step of its own, so the change feed and the map see it.
        from.History.Add(new IncidentEvent(trigger.Index, trigger.Party, trigger.Logged, $"report {idx} re-attached to I-{to.Id}", why));
        if (from.Reports.Count == 0 && !from.Manual)
        {
            Alias(from, Reports[first].Incident);
            from.History.Add(new IncidentEvent(trigger.Index, trigger.Party, trigger.Logged, $"its reports were re-attached to I-{from.MergedInto}", null));
        }
        // Emptied, or left with retracted reports alone: what suggested it follows where it went, or lets it go.
        SuggestionsFollow(from, trigger.Index);
    }

    /// <summary>A statement-only report of an incident a monitor has assessed stays where it is (the monitor weighed the
    /// group as it is): its observed candidates are weighed again and put to the monitor instead, the best led by what
    /// correlation would have done; the groups it was suggested to stay among its suggestions.</summary>
    /// <param name="seen">How it is read now, if not as it was placed.</param>
    void Resuggest(ReportState s, Incident from, Seen? seen = null)
    {
        var m = Score(seen ?? s.Seen, s.Report, true, null, Math.Min(Settings.Suggest, Settings.Attach));
        Renew(s, m, Takes(m, Settings.Attach, s.Report) && m[0].Score >= Settings.Suggest
            ? $"would attach to observed incident I-{m[0].Incident}, which now explains it ({Share(m[0])}), but {StaysAssessed(from)}"
            : null);
    }

    /// <summary>A statement-only report's suggestions as it is weighed now (<paramref name="m"/>, its observed
    /// candidates), the best led by <paramref name="lead"/>; the groups of statements it was suggested to stay.</summary>
    void Renew(ReportState s, List<Match> m, string? lead)
    {
        List<Match> observed = [.. m.Where(o => o.Score >= Settings.Suggest)];
        if (observed.Count > 0 && lead is not null)
        {
            observed[0] = observed[0] with { Reasons = Reasons.Led(lead, observed[0].Reasons) };
        }
        Suggest(s, Ranked([.. observed, .. s.Suggestions.Where(o => Find(o.Incident) is { Observed: false, ActiveReports: > 0 })]));
    }

    static string StaysAssessed(Incident i) => $"I-{i.Id} stays as it is: a monitor has assessed it ({i.Status})";

    string Share(Match m) => $"{m.Score:0.00} of the posterior, attach at {Settings.Attach:0.00}";

    /// <summary>The observed candidates of a statement-only report, best first, if <paramref name="x"/> could have
    /// <c>suggest</c> of the posterior: what it has against "an event nobody observed" alone bounds its share.</summary>
    List<Match>? Rescore(ReportState s, Incident x)
    {
        var odds = Odds(s.Seen, s.Report, x, true);
        if (odds / (1 + odds) < Math.Min(Settings.Suggest, Settings.Attach))
        {
            // x can be neither attached to nor suggested, and no other observed incident changed.
            return null;
        }
        return Score(s.Seen, s.Report, true, null, Math.Min(Settings.Suggest, Settings.Attach));
    }

    /// <summary>A report's suggestions were weighed again at <paramref name="entry"/> and stayed in <paramref
    /// name="i"/>: if what a reader is shown of them changed, the incident is stamped changed there, so the change feed
    /// sends it, its reports with it, again. A stamp, not a step: each observation near a statement would otherwise
    /// write one into its incident's history.</summary>
    void Resuggested(Incident i, IReadOnlyList<Match> was, IReadOnlyList<Match> now, long entry)
    {
        if (!ShownAlike(was, now))
        {
            i.Resuggested = Math.Max(i.Resuggested, entry);
            _incidentChanges.Add(entry, i.Id);
        }
    }

    /// <summary>Whether two lists of suggestions show alike (scores to four places, as the report's view rounds them).</summary>
    static bool ShownAlike(IReadOnlyList<Match> a, IReadOnlyList<Match> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var k = 0; k < a.Count; k++)
        {
            if (a[k].Incident != b[k].Incident || Math.Round(a[k].Score, 4) != Math.Round(b[k].Score, 4) || !a[k].Reasons.SequenceEqual(b[k].Reasons))
            {
                return false;
            }
        }
        return true;
    }
}
