namespace Truce.Incidents.Correlation;

public sealed partial class Correlator
{
    // Which reports' suggestions named each incident: so that when an incident stops being itself (merged into another,
    // or left with no report that counts) the suggestions naming it can follow without a pass over every report. Read
    // lazily: a report whose suggestions no longer name the incident is passed over.
    readonly Dictionary<long, List<long>> _suggestedBy = [];

    /// <summary>Sets a report's suggestions; every assignment goes through here, so that they can follow the incidents
    /// they name (<see cref="SuggestionsFollow"/>).</summary>
    void Suggest(ReportState s, IReadOnlyList<Match> suggestions)
    {
        foreach (var m in suggestions)
        {
            if (!Names(s.Suggestions, m.Incident))
            {
                (_suggestedBy.TryGetValue(m.Incident, out var list) ? list : _suggestedBy[m.Incident] = []).Add(s.Report.Index);
            }
        }
        s.Suggestions = suggestions;
    }

    static bool Names(IReadOnlyList<Match> suggestions, long incident)
    {
        foreach (var m in suggestions)
        {
            if (m.Incident == incident)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>If incident <paramref name="gone"/> is no longer a place a report could go as itself, at <paramref
    /// name="entry"/> (merged into another, an alias, or left with no report that counts; callers ask wherever reports
    /// left it), a suggestion naming it now
    /// names the incident it follows, led by what happened (its share stays the one it was weighed with: a suggestion is
    /// what correlation made of the report then), or is dropped when that is the report's own incident or nothing. The
    /// report's incident is stamped changed when what a reader is shown of its suggestions changed.</summary>
    void SuggestionsFollow(Incident gone, long entry)
    {
        if ((gone.MergedInto is null && gone.ActiveReports > 0) || !_suggestedBy.Remove(gone.Id, out var holders))
        {
            return;
        }
        var now = Find(gone.Id) is { Active: true } live && live.ActiveReports > 0 && live != gone ? live : null;
        foreach (var idx in holders.Distinct())
        {
            if (!Reports.TryGetValue(idx, out var s) || !Names(s.Suggestions, gone.Id))
            {
                continue;
            }
            var own = Find(s.Incident);
            List<Match> kept = [];
            foreach (var m in s.Suggestions)
            {
                if (m.Incident != gone.Id)
                {
                    kept.Add(m);
                }
                else if (now is not null && now != own)
                {
                    kept.Add(m with
                    {
                        Incident = now.Id,
                        Reasons = Reasons.Led($"weighed as I-{gone.Id}, which has since become part of I-{now.Id} (entry {entry})", m.Reasons),
                    });
                }
            }
            // Two suggestions that now name one incident: the one weighed higher stands for both.
            List<Match> followed = [.. kept.GroupBy(m => m.Incident).Select(g => g.MaxBy(m => m.Score)!)];
            var was = s.Suggestions;
            Suggest(s, Ranked(followed));
            if (own is not null)
            {
                Resuggested(own, was, s.Suggestions, entry);
            }
        }
    }
}
