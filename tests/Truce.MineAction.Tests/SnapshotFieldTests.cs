using System.Reflection;
using Truce.Core.Modules;
using Truce.Core.Services;
using Truce.MineAction.Safety;
using Truce.Tests.Shared;

namespace Truce.MineAction.Tests;

/// <summary>
/// A module loaded from its snapshot holds exactly what the replay that saved it held, field by field (not only the
/// same bytes or digest, which a field left out of both saving and loading would not change), shared where the
/// replay shares, indexed as the replay indexes, and goes on from there as the replay does.
/// </summary>
public class SnapshotFieldTests
{
    /// <summary>The books' place in the shared index: slot and book numbers follow the order in which books were made
    /// and entries applied, which a load does not repeat; the index is compared by what it answers instead (<see cref="Indexed"/>).
    /// And the kinds a book reads entries through when it is driven alone (tests), unused inside a module.</summary>
    static readonly string[] NotState = ["MineActionBook._in", "MineActionBook._alone"];

    static readonly FieldInfo Books = typeof(InMemoryModule<MineActionBook>).GetField("_books", BindingFlags.Instance | BindingFlags.NonPublic)!;

    static List<MineActionBook> BooksOf(MineActionModule m) => (List<MineActionBook>)Books.GetValue(m)!;

    static (ModuleFeed Feed, MineActionModule Replayed) Replayed()
    {
        var replayed = new MineActionModule();
        var feed = new ModuleFeed(replayed);
        VariedLog.Begin(feed);
        return (feed, replayed);
    }

    static MineActionModule Load(byte[] payload, string classes)
    {
        var loaded = new MineActionModule();
        Assert.Equal(classes, Snapshots.LoadPayload(loaded, payload));
        return loaded;
    }

    /// <summary>Every field of every book, then what the index answers for each book, the same.</summary>
    static StateComparer AssertSameState(MineActionModule replayed, MineActionModule loaded)
    {
        var compare = new StateComparer(NotState);
        Same(compare.Difference(BooksOf(replayed), BooksOf(loaded), "books"));
        foreach (var (r, l) in BooksOf(replayed).Zip(BooksOf(loaded)))
        {
            Same(compare.Difference(Indexed(r), Indexed(l), "index"));
            Assert.Equal(Perimeters(r), Perimeters(l));
        }
        Assert.Equal(replayed.Digest(), loaded.Digest());
        return compare;
    }

    static void Same(string? difference) => Assert.True(difference is null, difference);

    /// <summary>What a book finds in the index over the whole test area: its hazards with land left, and its records.</summary>
    static List<(Hazards.Hazard?, Records.MinefieldRecord?, Spatial.MetricShape)> Indexed(MineActionBook book)
    {
        var (x, y) = book.Plane!.Forward(Geo.Lat0, Geo.Lon0);
        var slots = new List<int>();
        book.Query(x - 20_000, y - 20_000, x + 20_000, y + 20_000, slots);
        // As tuples, not records, so that the hazards and records found must be the very objects the book holds.
        return [.. slots.Select(book.Item).OrderBy(i => i.Hazard?.Id ?? "record " + i.Record!.Id, StringComparer.Ordinal).Select(i => (i.Hazard, i.Record, i.Shape))];
    }

    /// <summary>Which hazards' remaining area is still their perimeter object (the snapshot keeps one object for both).</summary>
    static List<string> Perimeters(MineActionBook book) =>
        [.. book.Hazards.Values.Where(h => ReferenceEquals(h.Remaining, h.Perimeter)).Select(h => h.Id)];

    [Fact]
    public void A_loaded_module_equals_the_replayed_one_field_by_field_and_goes_on_alike()
    {
        var (feed, replayed) = Replayed();
        Assert.True(replayed.Audiences.Count >= 4, replayed.Audiences.Describe()); // books that share hazards and differ
        var payload = Snapshots.Payload(replayed);
        var loaded = Load(payload, replayed.Audiences.Describe());
        AssertSameState(replayed, loaded);
        feed.Attach(loaded); // its audience classes, as the projector's replay finds them before it goes on
        Assert.Equal(payload, Snapshots.Payload(loaded)); // saved again: the same bytes

        VariedLog.Continue(feed);
        AssertSameState(replayed, loaded);
        Assert.Equal(Snapshots.Payload(replayed), Snapshots.Payload(loaded));
        foreach (var (r, l) in BooksOf(replayed).Zip(BooksOf(loaded)))
        {
            var (lat, lon) = Geo.At(5550, 50);
            Assert.Equal(Hits(r, lat, lon), Hits(l, lat, lon));
        }
    }

    static string Hits(MineActionBook b, double lat, double lon) =>
        string.Join(' ', SafetyQueries.Point(b, lat, lon, 10_000, new SafetyOptions(IncludeClosed: true)).Hits.Select(h => $"{h.Id}:{h.DistanceM:R}"));

    [Fact]
    public void The_varied_log_gives_every_field_of_the_state_a_value_so_a_field_left_out_would_show()
    {
        var (feed, replayed) = Replayed();
        VariedLog.Continue(feed);
        var compare = AssertSameState(replayed, Load(Snapshots.Payload(replayed), replayed.Audiences.Describe()));
        Assert.Empty(compare.NeverSet);
    }

    [Fact]
    public void A_snapshot_with_bytes_left_over_or_cut_short_does_not_load()
    {
        var (_, replayed) = Replayed();
        var payload = Snapshots.Payload(replayed);
        Assert.Throws<InvalidDataException>(() => Snapshots.LoadPayload(new MineActionModule(), [.. payload, 0]));
        Assert.True(Record.Exception(() => Snapshots.LoadPayload(new MineActionModule(), payload[..^1])) is InvalidDataException or EndOfStreamException);
    }
}
