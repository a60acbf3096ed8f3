using Truce.Incidents.Correlation;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// Why observation reports (every report that is not a party statement) of one event ended outside their event's
/// observation incident (the incident holding most of them), in the correlator's own terms, against the incidents as
/// they stand once every report is in: the first test that fails — type, time (more than 4τ apart), space (more than
/// 5σ apart), a source already in the incident — or a share of the posterior below join (attach for a coarse report),
/// or none (the incident grew later). Split by what the report is (a post's bearing, a patrol's or UAV's point, a
/// coarse report such as a crater visit), since each fails for its own reasons; one example per cause and kind keeps
/// <see cref="Correlator.Explain(Reports.Report, Incident)"/>'s reasons. Splits, not merges, are what keep statements
/// from attaching: a statement's share is divided among the pieces of its event.
/// </summary>
public sealed record ObservationMisses(int Missed, IReadOnlyDictionary<string, int> ByCause, IReadOnlyDictionary<string, string> Example)
{
    public static ObservationMisses Of(IncidentBook book, ProfileScenario scenario, IReadOnlyDictionary<long, long> home)
    {
        var c = book.Correlator;
        var byCause = new Dictionary<string, int>(StringComparer.Ordinal);
        var example = new Dictionary<string, string>(StringComparer.Ordinal);
        var missed = 0;
        for (var i = 0; i < scenario.Reports.Count; i++)
        {
            var labelled = scenario.Reports[i];
            var state = c.Reports[i];
            if (ProfileScenario.IsStatement(labelled) || !home.TryGetValue(labelled.TrueEvent, out var homeId) || state.Incident == homeId)
            {
                continue;
            }
            missed++;
            var r = state.Report;
            var incident = c.Incidents[homeId];
            var kind = state.Seen.Coarse ? $"coarse {r.SourceKind} ({r.TimePrecision})" : r.Observer?.HasRay == true ? "post bearing" : $"{r.SourceKind} point";
            var key = $"{kind}: {Cause(book, state, incident)}";
            byCause[key] = byCause.GetValueOrDefault(key) + 1;
            example.TryAdd(key, $"{r.LocationPrecision} radius {r.RadiusM:0} m, {r.TimePrecision} window {(r.End - r.Start).TotalHours:0.##} h, against {incident.Key} " +
                $"({incident.Observations} observations, σ {incident.Estimate.MeanSigma:0.00} km, window {(incident.End - incident.Start).TotalMinutes:0} min): {string.Join("; ", c.Explain(r, incident))}");
        }
        return new ObservationMisses(missed, byCause, example);
    }

    static string Cause(IncidentBook book, ReportState state, Incident incident)
    {
        var (c, r, v) = (book.Correlator, state.Report, state.Seen);
        if (incident.TypeCounts.Keys.All(t => book.Taxonomy.Compatibility(r.Type, t) <= 0))
        {
            return StatementMisses.Type;
        }
        switch (c.OutOfReach(state, incident))
        {
            case "time":
                return StatementMisses.Time;
            case "space":
                return StatementMisses.Space;
        }
        if (incident.Sources.Contains(r.SourceKey))
        {
            return StatementMisses.Source;
        }
        var matches = c.Candidates(r, i => i.Id != state.Incident || i.Reports.Count > 1);
        var bar = v.Coarse ? c.Settings.Attach : c.Settings.Join;
        var top = matches.Count > 0 && matches[0].Incident == incident.Id && matches[0].Score >= bar;
        if (top)
        {
            return StatementMisses.Later;
        }
        var mine = matches.FirstOrDefault(m => m.Incident == incident.Id);
        return mine is null ? "no odds" : mine.Score >= 0.3 && matches[0].Incident != incident.Id ? "share: a rival incident leads" : "share of the posterior below join";
    }
}
