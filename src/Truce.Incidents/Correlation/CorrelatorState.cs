namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    /// <summary>Puts a report into an incident (incrementally when it only adds).</summary>
    public void Attach(ReportState s, Incident i, IncidentEvent why)
    {
        if (s.Seen == default)
        {
            s.Seen = SeenOf(s.Report);
        }
        // A monitor may link a report to the incident it is in: derived again, not absorbed a second time.
        var already = s.Incident == i.Id && i.Reports.Contains(s.Report.Index);
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
        if (already || s.Retracted || i.ActiveReports == 0 || i.IndexedIn is null || (!s.Seen.Coarse && !i.Observed))
        {
            // A first observation re-anchors an incident that held only statements: derive it again.
            Recompute(i);
        }
        else if (s.Seen.Coarse && i.Observed)
        {
            // Attached: counted and its source noted, but the observations alone say where, when and what.
            i.ActiveReports++;
            i.Sources.Add(s.Report.SourceKey);
        }
        else
        {
            Unindex(i);
            Absorb(i, s);
            Index(i);
        }
    }

    /// <summary>Derives an incident's estimate, window, type, counts and sources again from its active reports: from its
    /// observations when it has any, else from its coarse reports.</summary>
    public void Recompute(Incident i)
    {
        _incidentChanges.Points.Changed(i.Id);
        Unindex(i);
        i.ActiveReports = 0;
        i.Observations = 0;
        i.TypeCounts.Clear();
        i.Sources.Clear();
        i.Counts.Clear();
        (i.OnsetSumHours, i.OnsetWeight) = (0, 0);
        var anchored = false;
        foreach (var idx in i.Reports)
        {
            if (Reports.TryGetValue(idx, out var s) && !s.Retracted)
            {
                if (s.Seen == default)
                {
                    s.Seen = SeenOf(s.Report);
                }
                anchored |= !s.Seen.Coarse;
            }
        }
        // What says where and when first, what is only counted after: Absorb starts the estimate afresh at the first report
        // it absorbs (none counted yet), so a statement counted before it would have the old estimate fused in again.
        foreach (var idx in i.Reports)
        {
            if (Reports.TryGetValue(idx, out var s) && !s.Retracted && !(anchored && s.Seen.Coarse))
            {
                Absorb(i, s);
            }
        }
        foreach (var idx in i.Reports)
        {
            if (anchored && Reports.TryGetValue(idx, out var s) && !s.Retracted && s.Seen.Coarse)
            {
                i.ActiveReports++;
                i.Sources.Add(s.Report.SourceKey);
            }
        }
        if (!anchored)
        {
            UnteachHabits(i);
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
            Index(i);
        }
    }

    /// <summary>An incident no observation anchors any more (its observations were retracted or placed elsewhere): what
    /// its coarse reports' attachments taught of their kinds' habits was taught against observations it no longer has.</summary>
    void UnteachHabits(Incident i)
    {
        foreach (var idx in i.Reports)
        {
            if (Reports.TryGetValue(idx, out var s))
            {
                UnteachHabits(s);
            }
        }
    }

    void Index(Incident i)
    {
        i.IndexedIn = i.Observed ? _index : _statements;
        i.IndexedIn.Add(i);
    }

    void Unindex(Incident i)
    {
        i.IndexedIn?.Remove(i);
        i.IndexedIn = null;
    }

    void Absorb(Incident i, ReportState s)
    {
        var v = s.Seen;
        if (i.ActiveReports == 0)
        {
            i.Estimate = v.Where;
            (i.IntersectStart, i.IntersectEnd, i.UnionStart, i.UnionEnd) = (v.Start, v.End, v.Start, v.End);
        }
        else
        {
            i.Estimate = i.Estimate.Fuse(v.Where);
            i.IntersectStart = Max(i.IntersectStart, v.Start);
            i.IntersectEnd = Min(i.IntersectEnd, v.End);
            i.UnionStart = Min(i.UnionStart, v.Start);
            i.UnionEnd = Max(i.UnionEnd, v.End);
        }
        i.ActiveReports++;
        if (!v.Coarse)
        {
            i.Observations++;
        }
        if (Onsets.Has(v))
        {
            i.OnsetSumHours += s.OnsetWeight * Onsets.Hours(v.Start);
            i.OnsetWeight += s.OnsetWeight;
        }
        foreach (var count in v.Counts ?? [])
        {
            i.Counts.Add(count);
        }
        var r = s.Report;
        i.TypeCounts[r.Type] = i.TypeCounts.GetValueOrDefault(r.Type) + 1;
        i.Sources.Add(r.SourceKey);
        i.Type = ShownType(i.TypeCounts);
    }

    /// <summary>The type an incident shows: a named one before an explosion of unknown origin, then the most reported,
    /// then the first by name. A loop, not a sort: it runs on every join.</summary>
    string ShownType(Dictionary<string, int> counts)
    {
        var (best, bestNamed, bestCount) = ("", -1, 0);
        foreach (var (type, count) in counts)
        {
            var named = taxonomy.FindType(type)?.Family == "explosion" ? 0 : 1;
            if (named > bestNamed || (named == bestNamed && (count > bestCount || (count == bestCount && string.CompareOrdinal(type, best) < 0))))
            {
                (best, bestNamed, bestCount) = (type, named, count);
            }
        }
        return best;
    }

    public void Retract(ReportState s)
    {
        if (!s.Retracted)
        {
            NoteCount(s.Report, CountEvidence.Of(s.Report), forget: true);
            Unteach(s);
        }
        s.Retracted = true;
        // It counts for nothing wherever it sits: where else it could go is moot.
        Suggest(s, []);
        if (Incidents.TryGetValue(s.Incident, out var i))
        {
            Recompute(i);
            SuggestionsFollow(i, s.RetractedBy ?? i.History.Latest);
        }
    }

    /// <summary>A monitor's link: the report goes where the monitor put it and stays there. The incident it leaves
    /// changed too: a step of its own, so the change feed sends it again; with nothing left that counts, it is no longer
    /// suggested.</summary>
    public void Link(ReportState s, Incident to, IncidentEvent why)
    {
        var left = Incidents.GetValueOrDefault(s.Incident);
        Pin(s);
        Attach(s, to, why);
        if (left is not null && left != to)
        {
            left.History.Add(why with { What = $"report {s.Report.Index} linked by a monitor to I-{to.Id}" });
            SuggestionsFollow(left, why.Entry);
        }
    }

    /// <summary>A monitor's split: <paramref name="moving"/> go from <paramref name="from"/> into <paramref name="fresh"/>,
    /// and every report of <paramref name="from"/> stays where the monitor left it. When what stays counts for nothing
    /// (its reports retracted), <paramref name="from"/> is no longer suggested.</summary>
    public void Split(Incident from, IReadOnlyList<long> moving, Incident fresh, IncidentEvent why)
    {
        from.History.Add(why);
        foreach (var r in from.Reports)
        {
            Pin(Reports[r]);
        }
        foreach (var r in moving)
        {
            Attach(Reports[r], fresh, why);
        }
        SuggestionsFollow(from, why.Entry);
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
        Alias(from, into.Id);
        Recompute(from);
        into.History.Add(why);
        from.History.Add(why);
        Recompute(into);
        SuggestionsFollow(from, why.Entry);
    }
}
