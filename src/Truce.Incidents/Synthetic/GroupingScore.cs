namespace Truce.Incidents.Synthetic;

/// <summary>Pairwise precision and recall and B-cubed precision, recall and F1 of a grouping against the truth.</summary>
public sealed record GroupingScore(double PairPrecision, double PairRecall, double BCubedPrecision, double BCubedRecall, int Items, int Clusters, int TrueClusters)
{
    public double PairF1 => F1(PairPrecision, PairRecall);
    public double BCubedF1 => F1(BCubedPrecision, BCubedRecall);

    static double F1(double p, double r) => p + r == 0 ? 0 : 2 * p * r / (p + r);

    /// <summary>Scores predicted cluster labels against true labels, item by item (same order).</summary>
    public static GroupingScore Of(IReadOnlyList<long> predicted, IReadOnlyList<long> truth)
    {
        if (predicted.Count != truth.Count)
        {
            throw new ArgumentException("one predicted label per true label", nameof(predicted));
        }
        var joint = new Dictionary<(long, long), long>();
        var pred = new Dictionary<long, long>();
        var real = new Dictionary<long, long>();
        for (int i = 0; i < predicted.Count; i++)
        {
            joint[(predicted[i], truth[i])] = joint.GetValueOrDefault((predicted[i], truth[i])) + 1;
            pred[predicted[i]] = pred.GetValueOrDefault(predicted[i]) + 1;
            real[truth[i]] = real.GetValueOrDefault(truth[i]) + 1;
        }
        static double Pairs(long n) => n * (n - 1) / 2.0;
        var tp = joint.Values.Sum(Pairs);
        var pp = pred.Values.Sum(Pairs);
        var tpairs = real.Values.Sum(Pairs);
        // B-cubed: each item's precision is |its cluster ∩ its class| / |its cluster|; the sums group by (cluster, class).
        double bp = 0, br = 0;
        foreach (var ((p, t), n) in joint)
        {
            bp += n * (double)n / pred[p];
            br += n * (double)n / real[t];
        }
        var items = predicted.Count;
        return new GroupingScore(pp == 0 ? 1 : tp / pp, tpairs == 0 ? 1 : tp / tpairs, items == 0 ? 1 : bp / items, items == 0 ? 1 : br / items,
            items, pred.Count, real.Count);
    }
}
