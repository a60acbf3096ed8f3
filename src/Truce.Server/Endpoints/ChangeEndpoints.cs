using System.Buffers;
using System.ComponentModel;
using System.Text.Json;
using Truce.Core.Modules;
using Truce.Core.Queries;
using Truce.Core.Services;
using Truce.Http;
using Truce.Places;
using Truce.Server.Endpoints.Ogc;

namespace Truce.Server.Endpoints;

/// <summary>
/// <c>GET /api/changes?after=N</c>: what changed for the reader in every collection since the log had N entries
/// (<see cref="ChangeFeed"/>), with the checkpoint to verify against; it long-polls with <c>wait</c>. docs/EXCHANGE.md.
/// </summary>
public static class ChangeEndpoints
{
    /// <summary>The longest a poll may wait: under the server's request budget, so a waiting poll is never cut off.</summary>
    const int MaxWaitSeconds = 25;

    public static void MapChanges(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").Tagged(new ApiTag("changes", "What changed since a log size, in every collection, to keep a copy in step."))
            .MapGet("/changes", Changes)
            .Doc("getChanges", ApiAccess.Reader, "Changes since a log size",
                "The features of every collection (those of /ogc/collections) that were created, changed or removed for the reader "
                + "since the log had `after` entries, collection by collection, paged with `cursor`. Follow with `after` set to the "
                + "first page's `size`. `totals` gives each finished collection's count now: a copy holding another count has "
                + "missed a removal and fetches that collection afresh (GET /api/export/{collection}), as it does for every "
                + "collection in `resync` (an erasure since `after`). With `wait`, an answer with nothing new waits up to that many "
                + "seconds for the log to grow.")
            .Params(new ApiParameter("after", "integer", "A log size (the `size` of an earlier answer; 0 for everything).", Required: true, Minimum: 0),
                new ApiParameter("cursor", "string", "The `next` of the previous page; absent for the first."),
                ApiParams.Limit(100, 1000),
                new ApiParameter("wait", "integer", "Seconds to wait for something new when there is nothing (long poll).", Minimum: 0, Maximum: MaxWaitSeconds),
                ApiParams.Naming)
            .Json<ChangesAnswer>().Problems(400);
    }

    static async Task<IResult> Changes(HttpContext ctx, LedgerService l, Gazetteer g)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var after = q.Long("after") ?? throw new Core.Entries.ValidationException("after", "is required: a log size (0 for everything)");
        var cursor = q.Str("cursor", 400);
        var limit = q.Limit();
        var wait = (int)(q.Long("wait") ?? 0);
        if (wait > MaxWaitSeconds)
        {
            throw new Core.Entries.ValidationException("wait", $"must be at most {MaxWaitSeconds} seconds");
        }
        var reader = Requests.ReaderOf(ctx, l);
        var naming = Naming.Of(q);
        var query = new LayerQuery
        {
            Limit = limit,
            Naming = naming,
            Stop = ctx.RequestAborted,
            NearestSettlement = (lat, lon) => Naming.NearestSettlement(g, lat, lon, naming)
        };
        var layers = OgcCatalog.All(l, g);
        var page = ChangeFeed.Read(l, layers, reader, after, cursor, query);
        if (wait > 0 && cursor is null && page.Items.Count == 0 && page.Resync.Count == 0
            && await l.WaitBeyondAsync(Math.Max(after, page.Size), TimeSpan.FromSeconds(wait), ctx.RequestAborted))
        {
            page = ChangeFeed.Read(l, layers, reader, after, cursor, query);
        }
        return TypedResults.Json(Answer(page, l.Sequencer.CheckpointNote), FeatureJson.Options);
    }

    static ChangesAnswer Answer(FeedPage p, string checkpoint) => new(p.After, p.Size, checkpoint,
        [.. p.Items.Select(i => new ChangeItem(i.Collection, i.Change.Id, i.Change.Change, i.Change.Feature is { } f ? Json(f) : null))],
        p.Next, p.Totals, p.Resync);

    static JsonElement Json(LayerFeature f)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = FeatureJson.Writer(buffer))
        {
            FeatureJson.Write(w, f);
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}

public sealed record ChangesAnswer(
    [property: Description("The log size asked about.")] long After,
    [property: Description("The log size this answer reflects: the `after` of the next poll, once every page is read.")] long Size,
    [property: Description("The log's latest signed checkpoint (C2SP tlog-checkpoint), to verify `size` against.")] string Checkpoint,
    [property: Description("The changes, collection by collection.")] IReadOnlyList<ChangeItem> Items,
    [property: Description("The cursor of the next page; null on the last.")] string? Next,
    [property: Description("For each collection this page finished, how many features the reader sees now.")] IReadOnlyDictionary<string, long> Totals,
    [property: Description("Collections to fetch afresh (an erasure since `after`).")] IReadOnlyList<string> Resync);

public sealed record ChangeItem(
    [property: Description("The collection (an /ogc/collections id).")] string Collection,
    [property: Description("The feature's id in it.")] string Id,
    [property: Description("new, changed, or removed (merged into another, or no longer shown).")] string Change,
    [property: Description("The feature now (GeoJSON); absent when removed.")] JsonElement? Feature);
