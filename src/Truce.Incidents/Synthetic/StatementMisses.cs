using Truce.Incidents.Correlation;
using Truce.Spatial;

namespace Truce.Incidents.Synthetic;

/// <summary>
/// Why statements did not join their event's observation incident, in the correlator's own terms, judged against the
/// incidents as they stand once every report is in (so it tells what stands between a statement and its incident, not
/// the exact state when the statement arrived): the first of the correlator's tests that fails — type, time (more than
/// 4τ apart), space (more than 5σ apart), a source already in the incident — or, if all pass, a share of the posterior
/// below <c>attach</c> (the largest share, or another incident's is larger), or none of these (the incident grew after the statement came: it would join now). One example per
/// cause keeps <see cref="Correlator.Explain(Reports.Report, Incident)"/>'s reasons, and the medians say how far a statement's point lies from its
/// true event, how wide its circle is, and how long its window.
/// </summary>
/// <param name="Where">Where the missed statements are: alone, with other statements only, or among observation reports.</param>
public sealed record StatementMisses(int Missed, IReadOnlyDictionary<string, int> ByCause, IReadOnlyDictionary<string, string> Example,
    IReadOnlyDictionary<string, int> Where, double MedianKmFromEvent, double MedianSigmaKm, double MedianWindowHours)
{
    public const string Type = "type: never the same event";
    public const string Time = "time: windows more than 4τ apart";
    public const string Space = "space: more than 5σ apart";
    public const string Source = "source: already in the incident";
    public const string Share = "share of the posterior below attach, though the largest";
    public const string Rival = "share: another incident has more of the posterior";
    public const string Later = "none now: the incident grew later";

    public static StatementMisses Of(IncidentBook book, ProfileScenario scenario, IReadOnlyDictionary<long, long> home)
    {
        var c = book.Correlator;
        var byCause = new Dictionary<string, int>(StringComparer.Ordinal);
        var example = new Dictionary<string, string>(StringComparer.Ordinal);
        var where = new Dictionary<string, int>(StringComparer.Ordinal);
        var (km, sigma, hours) = (new List<double>(), new List<double>(), new List<double>());
        var events = scenario.Events.ToDictionary(e => e.Id);
        for (var i = 0; i < scenario.Reports.Count; i++)
        {
            var labelled = scenario.Reports[i];
            var state = c.Reports[i];
            var r = state.Report;
            if (!ProfileScenario.IsStatement(labelled) || !home.TryGetValue(labelled.TrueEvent, out var homeId) || state.Incident == homeId)
            {
                continue;
            }
            var e = events[labelled.TrueEvent];
            var (lat, lon) = SyntheticFront.ToLatLon(e.X, e.Y);
            km.Add(LocalFrame.DistanceKm(r.Estimate.Lat, r.Estimate.Lon, lat, lon));
            sigma.Add(r.Estimate.MeanSigma);
            hours.Add((r.End - r.Start).TotalHours);
            var incident = c.Incidents[homeId];
            var cause = Cause(book, state, incident);
            if (cause == Rival)
            {
                // The brief of issue 17's next step: is the rival a piece of the statement's own event, split off?
                var rival = c.Candidates(r, x => x.Id != state.Incident || x.Reports.Count > 1)[0].Incident;
                cause += c.Incidents[rival].Reports.Any(x => scenario.Reports[(int)x].TrueEvent == labelled.TrueEvent) ? " (a piece of its own event)" : " (another event)";
            }
            byCause[cause] = byCause.GetValueOrDefault(cause) + 1;
            example.TryAdd(cause, $"'{r.LocationText}' ({r.LocationPrecision}, radius {r.RadiusM:0} m), {r.TimePrecision} window of " +
                $"{(r.End - r.Start).TotalHours:0.#} h against {incident.Key}: {string.Join("; ", c.Explain(r, incident))}");
            var mates = c.Incidents[state.Incident].Reports.Where(x => x != i).ToList();
            var place = mates.Count == 0 ? "alone" : mates.All(x => ProfileScenario.IsStatement(scenario.Reports[(int)x])) ? "with statements only"
                : "in another observation incident";
            where[place] = where.GetValueOrDefault(place) + 1;
        }
        return new StatementMisses(km.Count, byCause, example, where, Median(km), Median(sigma), Median(hours));
    }

    /// <summary>The first of the correlator's tests (Correlator.Candidates and Add, in their order) that keeps the
    /// statement out of the incident.</summary>
    static string Cause(IncidentBook book, ReportState state, Incident incident)
    {
        var (c, r) = (book.Correlator, state.Report);
        if (incident.TypeCounts.Keys.All(t => book.Taxonomy.Compatibility(r.Type, t) <= 0))
        {
            return Type;
        }
        switch (c.OutOfReach(state, incident))
        {
            case "time":
                return Time;
            case "space":
                return Space;
        }
        if (incident.Sources.Contains(r.SourceKey))
        {
            return Source;
        }
        // Its own one-report incident is not a rival; any other incident is.
        var matches = c.Candidates(r, i => i.Id != state.Incident || i.Reports.Count > 1);
        var top = matches.Count > 0 && matches[0].Incident == incident.Id;
        return top && matches[0].Score >= c.Settings.Attach ? Later : top ? Share : Rival;
    }

    static double Median(List<double> xs)
    {
        if (xs.Count == 0)
        {
            return double.NaN;
        }
        xs.Sort();
        return xs[xs.Count / 2];
    }
}
