using System.Globalization;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Services;

namespace Truce.Core.Queries;

/// <summary>One change in a collection: <see cref="LayerChange"/> with the collection it is in.</summary>
public sealed record FeedItem(string Collection, LayerChange Change);

/// <summary>
/// A page of the change feed: what changed for the reader since the log had <see cref="After"/> entries, as of a log of
/// <see cref="Size"/> entries. <see cref="Totals"/> gives, for each collection this page finished, how many features the
/// reader sees now (a copy holding another count has missed a removal and fetches the collection afresh);
/// <see cref="Resync"/> names the collections to fetch afresh anyway, because an erasure since <see cref="After"/>
/// rewrote what was derived from the erased entry.
/// </summary>
public sealed record FeedPage(long After, long Size, IReadOnlyList<FeedItem> Items, string? Next,
    IReadOnlyDictionary<string, long> Totals, IReadOnlyList<string> Resync);

/// <summary>
/// The change feed over every feature collection (docs/EXCHANGE.md): each layer gives the records whose latest change
/// is after the size asked (<see cref="FeatureLayer.Changes"/>), collection by collection, in each one's key order. It
/// reads only the reader's books, so it answers what a deployment holding only the reader's entries would.
/// </summary>
public static class ChangeFeed
{
    public static FeedPage Read(LedgerService ledger, IReadOnlyList<FeatureLayer> layers, Reader reader, long after, string? cursor,
        LayerQuery query)
    {
        var size = ledger.AppliedSize;
        var (at, key) = Parse(cursor, layers.Count);
        var items = new List<FeedItem>();
        var totals = new Dictionary<string, long>();
        string? next = null;
        for (; at < layers.Count; at++, key = null)
        {
            var left = query.Limit - items.Count;
            if (left == 0)
            {
                next = Write(at, null);
                break;
            }
            var page = layers[at].Changes(reader, after, query with { After = key, Limit = left });
            items.AddRange(page.Items.Select(c => new FeedItem(layers[at].Id, c)));
            if (page.Next is not null)
            {
                next = Write(at, page.Next);
                break;
            }
            totals[layers[at].Id] = page.Total ?? 0;
        }
        // Erase entries are few: any the reader sees since `after` sends it back to whole collections. Most feeds
        // have none since `after` for anyone, and then the store is not asked (a round trip on PostgreSQL).
        var erased = after < size && ledger.MayHaveErasuresFrom(after) && ledger.List(reader, after - 1, 1, EntryKinds.Erase).Count > 0;
        return new FeedPage(after, size, items, next, totals, erased ? [.. layers.Select(l => l.Id)] : []);
    }

    static string Write(int collection, string? key) => collection.ToString(CultureInfo.InvariantCulture) + "." + key;

    static (int Collection, string? Key) Parse(string? cursor, int collections)
    {
        if (cursor is null)
        {
            return (0, null);
        }
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot < 1 || !int.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c >= collections)
        {
            throw new ValidationException("cursor", "is not a cursor this feed gave (use the `next` of the previous page)");
        }
        return (c, dot + 1 < cursor.Length ? cursor[(dot + 1)..] : null);
    }
}
