using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Core.Access;
using Truce.Incidents.Records;

namespace Truce.Incidents.Tests;

/// <summary>The claims' index by incident answers as passing over every claim would, in log order, after any sequence of
/// claims added, re-linked, merged and re-mapped.</summary>
public class ClaimBookTests
{
    static Claim Make(long index, IReadOnlyList<long> incidents) => new()
    {
        Index = index,
        Party = "az",
        Visibility = Visibility.Public,
        To = [],
        Time = DateTimeOffset.UnixEpoch,
        ActorName = "Ministry A",
        ActorKind = "ministry",
        Stance = "asserts",
        Quote = "q",
        Source = new ClaimSource(null, "TV", null, null),
        Incidents = incidents,
    };

    [Property(MaxTest = 200)]
    public Property About_and_CountAbout_agree_with_a_pass_over_every_claim(int seed)
    {
        var rng = new Random(seed);
        var book = new ClaimBook();
        long[] Some() => [.. Enumerable.Range(0, rng.Next(0, 4)).Select(_ => (long)rng.Next(8)).Distinct()];
        for (var step = 0; step < 40; step++)
        {
            switch (rng.Next(4))
            {
                case 0 or 1:
                    book.Set(Make(rng.Next(20), Some()));
                    break;
                case 2:
                    var (from, into) = (rng.Next(8), rng.Next(8));
                    book.Rewrite(from, old => [.. old.Where(x => x != from).Append(into).Distinct()]);
                    break;
                default:
                    var shift = rng.Next(1, 3);
                    book.RewriteAll(old => [.. old.Select(x => (x + shift) % 8).Distinct()]);
                    break;
            }
        }
        for (long id = 0; id < 8; id++)
        {
            var expected = book.Values.Where(c => c.Incidents.Contains(id)).Select(c => c.Index).ToList();
            if (!book.About(id).Select(c => c.Index).SequenceEqual(expected) || book.CountAbout(id) != expected.Count)
            {
                return false.Label($"incident {id}: index [{string.Join(',', book.About(id).Select(c => c.Index))}], pass [{string.Join(',', expected)}]");
            }
        }
        return book.Values.Select(c => c.Index).SequenceEqual(book.Values.Select(c => c.Index).Order()).Label("log order");
    }
}
