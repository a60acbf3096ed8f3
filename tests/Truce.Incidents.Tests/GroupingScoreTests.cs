using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Incidents.Synthetic;

namespace Truce.Incidents.Tests;

public class GroupingScoreTests
{
    [Fact]
    public void Scores_a_known_grouping()
    {
        // truth: {0,1,2} {3,4}; predicted: {0,1} {2,3,4}
        var s = GroupingScore.Of([1, 1, 2, 2, 2], [7, 7, 7, 8, 8]);
        Assert.Equal(2.0 / 4, s.PairPrecision, 9); // predicted pairs 01, 23, 24, 34; right: 01, 34
        Assert.Equal(2.0 / 4, s.PairRecall, 9); // true pairs 01, 02, 12, 34
        // B-cubed precision: items 0,1: 2/2; item 2: 1/3; items 3,4: 2/3 → (1+1+1/3+2/3+2/3)/5
        Assert.Equal((1 + 1 + 1.0 / 3 + 2.0 / 3 + 2.0 / 3) / 5, s.BCubedPrecision, 9);
        // B-cubed recall: items 0,1: 2/3; item 2: 1/3; items 3,4: 2/2
        Assert.Equal((2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1 + 1) / 5, s.BCubedRecall, 9);
    }

    [Property]
    public Property A_grouping_equal_to_the_truth_scores_one(int[] labels)
    {
        var truth = labels.Select(l => (long)(l % 7)).ToList();
        var renamed = truth.Select(l => l * 31 + 5).ToList();
        var s = GroupingScore.Of(renamed, truth);
        return (s.BCubedF1 == 1 && s.PairPrecision == 1 && s.PairRecall == 1).ToProperty();
    }

    [Property]
    public Property Singletons_are_precise_and_one_cluster_recalls_everything(int[] labels)
    {
        var truth = labels.Select(l => (long)(l % 5)).ToList();
        var singletons = GroupingScore.Of([.. Enumerable.Range(0, truth.Count).Select(i => (long)i)], truth);
        var one = GroupingScore.Of([.. truth.Select(_ => 0L)], truth);
        return (singletons.BCubedPrecision == 1 && one.BCubedRecall == 1 && one.PairRecall == 1).ToProperty();
    }
}
