namespace Truce.Incidents.Synthetic;

/// <summary>
/// Where pairwise precision goes: the pairs of reports grouped together, and those of them that are of different true
/// events, split by kind (two observations, an observation and a statement, two statements). Pairwise precision is
/// one minus the wrong share of all pairs, so this says which kind of grouping costs it.
/// </summary>
public sealed record PairBreakdown(double ObservationPairs, double WrongObservationPairs, double MixedPairs, double WrongMixedPairs,
    double StatementPairs, double WrongStatementPairs)
{
    public double Pairs => ObservationPairs + MixedPairs + StatementPairs;

    public double Wrong => WrongObservationPairs + WrongMixedPairs + WrongStatementPairs;

    public static PairBreakdown Of(IReadOnlyList<long> predicted, IReadOnlyList<long> truth, IReadOnlyList<bool> isStatement)
    {
        double oo = 0, ooRight = 0, os = 0, osRight = 0, ss = 0, ssRight = 0;
        foreach (var cluster in Enumerable.Range(0, predicted.Count).GroupBy(i => predicted[i]))
        {
            var (o, s) = (cluster.Count(i => !isStatement[i]), cluster.Count(i => isStatement[i]));
            oo += o * (o - 1) / 2.0;
            os += (double)o * s;
            ss += s * (s - 1) / 2.0;
            foreach (var same in cluster.GroupBy(i => truth[i]))
            {
                var (to, ts) = (same.Count(i => !isStatement[i]), same.Count(i => isStatement[i]));
                ooRight += to * (to - 1) / 2.0;
                osRight += (double)to * ts;
                ssRight += ts * (ts - 1) / 2.0;
            }
        }
        return new PairBreakdown(oo, oo - ooRight, os, os - osRight, ss, ss - ssRight);
    }
}
