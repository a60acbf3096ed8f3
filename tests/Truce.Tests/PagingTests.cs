using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Core.Queries;

namespace Truce.Tests;

/// <summary>
/// <see cref="Paging"/> against the obvious reference: filter, sort by key, skip to the cursor, take a page. Records
/// are (key, value) pairs with distinct keys in any order; the filter keeps some values.
/// </summary>
public class PagingTests
{
    sealed record Row(long Key, int Value);

    static readonly ListOrder<Row, long> Order = ListOrders.ByIndex<Row>(r => r.Key);

    static List<Row> Rows(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextInt64(-1000, 1000)).Distinct().Select(k => new Row(k, random.Next(10)))];
    }

    static (List<long> Items, long Total) Reference(List<Row> rows, long? after, int limit, Func<Row, bool> keep)
    {
        var kept = rows.Where(keep).OrderBy(r => r.Key).ToList();
        return ([.. kept.Where(r => after is null || r.Key > after).Take(limit).Select(r => r.Key)], kept.Count);
    }

    [Property(MaxTest = 300)]
    public Property A_page_is_the_sorted_filtered_list_from_the_cursor(int seed, byte count, byte limit, sbyte cursor, byte threshold)
    {
        var rows = Rows(seed, count);
        var lim = limit % 20 + 1;
        long? after = cursor % 3 == 0 ? null : cursor * 8L;
        var keep = (Row r) => r.Value >= threshold % 11;
        var start = new PageStart<long>(after is not null, after ?? 0, lim);
        var (items, total) = Reference(rows, after, lim, keep);
        var taken = Paging.Take(rows, Order, start, keep, r => r.Key);
        var sought = Paging.Seek(rows.OrderBy(r => r.Key), Order, start, keep, r => r.Key);
        var more = rows.Where(keep).Count(r => after is null || r.Key > after) > lim;
        var next = more ? items[^1].ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return (items.SequenceEqual(taken.Items) && taken.Total == total && taken.Next == next
            && items.SequenceEqual(sought.Items) && sought.Total == total && sought.Next == next)
            .Label($"{rows.Count} rows, limit {lim}, after {after}: want [{string.Join(",", items)}] total {total} next {next}, "
                + $"took [{string.Join(",", taken.Items)}] {taken.Total} {taken.Next}, sought [{string.Join(",", sought.Items)}] {sought.Total} {sought.Next}");
    }

    [Property(MaxTest = 200)]
    public Property Following_next_walks_the_whole_list_once(int seed, byte count, byte limit)
    {
        var rows = Rows(seed, count);
        var lim = limit % 7 + 1;
        var walked = new List<long>();
        var start = new PageStart<long>(false, 0, lim);
        var pages = 0;
        while (true)
        {
            var page = Paging.Take(rows, Order, start, _ => true, r => r.Key);
            walked.AddRange(page.Items);
            pages++;
            if (page.Next is null || !Order.Read(page.Next, out var key))
            {
                break;
            }
            start = start with { HasAfter = true, After = key };
        }
        var expectedPages = Math.Max(1, (rows.Count + lim - 1) / lim);
        return (walked.SequenceEqual(rows.Select(r => r.Key).Order()) && pages == expectedPages)
            .Label($"{rows.Count} rows by {lim}: {pages} pages, want {expectedPages}");
    }

    [Fact]
    public void Views_are_built_only_for_the_page()
    {
        var rows = Rows(7, 500);
        var built = 0;
        var page = Paging.Take(rows, Order, new PageStart<long>(false, 0, 10), _ => true, r =>
        {
            built++;
            return r;
        });
        Assert.Equal(10, page.Items.Count);
        Assert.Equal(10, built);
        Assert.Equal(rows.Count, page.Total);
    }

    [Fact]
    public void Composite_cursors_read_back_what_they_wrote()
    {
        var order = ListOrders.ByNumberThenId<(double, string)>(x => x);
        foreach (var key in new[] { (0.0, "a"), (1234.5678901, "x~y"), (-3.0, "") })
        {
            Assert.True(order.Read(order.Write(key), out var back));
            Assert.Equal(key, back);
        }
        Assert.False(order.Read("nonsense", out _));
        Assert.False(order.Read("NaN~a", out _));
    }
}
