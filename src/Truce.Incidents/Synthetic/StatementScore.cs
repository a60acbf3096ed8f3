namespace Truce.Incidents.Synthetic;

/// <summary>
/// How the parties' statements fare in a grouping (issue 17): a statement is <b>attached</b> when its incident is its
/// event's <b>observation incident</b>, the incident holding the most of that event's observation reports (every report
/// that is not a party statement; a tie goes to the incident with the lowest id). Statements about an event that no
/// observer reported have no observation incident and are not <see cref="Attachable"/>: they count in neither part of
/// <see cref="AttachmentRate"/>. Pairs are counted as in <see cref="GroupingScore"/> but only between two statements of
/// one event, and between an observation report and a statement of one event.
/// </summary>
public sealed record StatementScore(int Statements, int Attachable, int Attached, long StatementPairs, long StatementPairsTogether,
    long MixedPairs, long MixedPairsTogether)
{
    /// <summary>Attached over attachable statements; 1 when none is attachable.</summary>
    public double AttachmentRate => Attachable == 0 ? 1 : (double)Attached / Attachable;

    /// <summary>Of the pairs of statements about one event, the share put in one incident.</summary>
    public double StatementPairRecall => StatementPairs == 0 ? 1 : (double)StatementPairsTogether / StatementPairs;

    /// <summary>Of the pairs (observation report, statement) about one event, the share put in one incident.</summary>
    public double MixedPairRecall => MixedPairs == 0 ? 1 : (double)MixedPairsTogether / MixedPairs;

    /// <summary>Scores predicted incidents against true events, item by item (same order), given which items are statements.</summary>
    public static StatementScore Of(IReadOnlyList<long> predicted, IReadOnlyList<long> truth, IReadOnlyList<bool> isStatement)
    {
        if (predicted.Count != truth.Count || isStatement.Count != truth.Count)
        {
            throw new ArgumentException("one predicted label and one statement flag per true label", nameof(predicted));
        }
        var home = ObservationIncidents(predicted, truth, isStatement);
        var (statements, attachable, attached) = (0, 0, 0);
        for (var i = 0; i < truth.Count; i++)
        {
            if (!isStatement[i])
            {
                continue;
            }
            statements++;
            if (home.TryGetValue(truth[i], out var incident))
            {
                attachable++;
                attached += predicted[i] == incident ? 1 : 0;
            }
        }
        var (sPairs, sTogether, mPairs, mTogether) = Pairs(predicted, truth, isStatement);
        return new StatementScore(statements, attachable, attached, sPairs, sTogether, mPairs, mTogether);
    }

    /// <summary>For each event with observation reports, the incident holding most of them.</summary>
    public static Dictionary<long, long> ObservationIncidents(IReadOnlyList<long> predicted, IReadOnlyList<long> truth, IReadOnlyList<bool> isStatement)
    {
        var counts = new Dictionary<(long Event, long Incident), int>();
        for (var i = 0; i < truth.Count; i++)
        {
            if (!isStatement[i])
            {
                counts[(truth[i], predicted[i])] = counts.GetValueOrDefault((truth[i], predicted[i])) + 1;
            }
        }
        return counts.GroupBy(kv => kv.Key.Event)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Incident).First().Key.Incident);
    }

    static (long, long, long, long) Pairs(IReadOnlyList<long> predicted, IReadOnlyList<long> truth, IReadOnlyList<bool> isStatement)
    {
        // Per event: statements and observations, in total and per incident; pairs follow from the counts.
        var perEvent = new Dictionary<long, (long S, long O)>();
        var perCell = new Dictionary<(long Event, long Incident), (long S, long O)>();
        for (var i = 0; i < truth.Count; i++)
        {
            var (s, o) = isStatement[i] ? (1, 0) : (0, 1);
            var e = perEvent.GetValueOrDefault(truth[i]);
            perEvent[truth[i]] = (e.S + s, e.O + o);
            var c = perCell.GetValueOrDefault((truth[i], predicted[i]));
            perCell[(truth[i], predicted[i])] = (c.S + s, c.O + o);
        }
        static long Two(long n) => n * (n - 1) / 2;
        return (perEvent.Values.Sum(e => Two(e.S)), perCell.Values.Sum(c => Two(c.S)),
            perEvent.Values.Sum(e => e.S * e.O), perCell.Values.Sum(c => c.S * c.O));
    }
}
