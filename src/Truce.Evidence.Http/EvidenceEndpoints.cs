using Microsoft.AspNetCore.Http.Features;
using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Core.Services;
using Truce.Evidence.Blobs;
using Truce.Evidence.Queries;
using Truce.Http;

namespace Truce.Evidence.Http;

/// <summary>
/// Uploads of files by content, their bytes for readers who may see an <c>evidence.add</c> naming them, and reads of
/// files, physical items and what evidence a record has. Every other write is a signed entry.
/// </summary>
public static class EvidenceEndpoints
{
    public static void MapEvidence(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(EvidenceApi.Tag);
        api.MapPost("/evidence", UploadAsync).DescribeUpload();
        api.MapGet("/evidence", Files).DescribeFiles();
        api.MapGet("/evidence/attached", Attached).DescribeAttached();
        api.MapGet("/evidence/{sha256}", Bytes).DescribeBytes();
        api.MapGet("/evidence/{sha256}/record", File).DescribeFile();
        api.MapGet("/custody", Items).DescribeItems();
        api.MapGet("/custody/{id}", Item).DescribeItem();
    }

    static EvidenceModule Module(LedgerService l) => Requests.Module<EvidenceModule>(l, "evidence");

    /// <summary>Streams the body into the blob store: never held whole, limited by <c>evidence.maxBytes</c>.</summary>
    static async Task<IResult> UploadAsync(HttpContext ctx, LedgerService l)
    {
        var caller = Requests.CallerOf(ctx, l) ?? throw new RefusedException(RefusalKind.Unauthenticated, "uploading a file takes an API token");
        var module = Module(l);
        if (!caller.Roles.Overlaps(EvidenceKinds.All[EvidenceKinds.Add]))
        {
            throw new RefusedException(RefusalKind.Forbidden, $"member '{caller.Member}' has no role that may add evidence");
        }
        var store = module.Store ?? throw new RefusedException(RefusalKind.NotFound, "this deployment keeps no files");
        if (ctx.Request.ContentLength is { } length && length > module.MaxBytes)
        {
            throw new BadHttpRequestException($"the file is {length} bytes, more than this deployment's limit of {module.MaxBytes} (evidence.maxBytes)", 413);
        }
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = module.MaxBytes;
        }
        var stored = await store.WriteAsync(ctx.Request.Body, ctx.Request.ContentType, module.MaxBytes, ctx.RequestAborted);
        return TypedResults.Created($"/api/evidence/{stored.Sha256}", new UploadAnswer(stored.Sha256, stored.Type, stored.Size));
    }

    static string Digest(string sha256) => BlobStore.IsDigest(sha256) ? sha256
        : throw new ValidationException("sha256", "must be a SHA-256 digest: 64 lowercase hex digits");

    /// <summary>The same 404 for a file nobody stored and for one the reader may not see.</summary>
    static RefusedException NoFile(string sha256) => new(RefusalKind.NotFound, $"no file {sha256} that you may read");

    static IResult Bytes(string sha256, HttpContext ctx, LedgerService l)
    {
        var module = Module(l);
        var file = module.Read(Requests.ReaderOf(ctx, l), b => b.ByDigest.GetValueOrDefault(Digest(sha256)));
        if (file is null || module.Store is not { } store || !store.Exists(sha256))
        {
            throw NoFile(sha256);
        }
        ctx.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(sha256))}:";
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(store.PathOf(sha256), file.Type, fileDownloadName: file.Body.Name ?? sha256, enableRangeProcessing: true);
    }

    static IResult File(string sha256, HttpContext ctx, LedgerService l)
    {
        var module = Module(l);
        var view = module.Read(Requests.ReaderOf(ctx, l), b => b.ByDigest.TryGetValue(Digest(sha256), out var f) ? EvidenceQueries.File(b, f) : null)
            ?? throw NoFile(sha256);
        return TypedResults.Ok(view with { Integrity = module.Integrity(sha256) });
    }

    static IResult Files(HttpContext ctx, LedgerService l)
    {
        var module = Module(l);
        var start = new QueryArgs(ctx.Request.Query).Page(EvidenceQueries.FileOrder);
        var page = module.Read(Requests.ReaderOf(ctx, l), b => EvidenceQueries.Files(b, start));
        return TypedResults.Ok(page with { Items = [.. page.Items.Select(f => f with { Integrity = module.Integrity(f.Sha256) })] });
    }

    static IResult Attached(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var type = q.OneOf("type", EvidenceTargets.All) ?? throw new ValidationException("type", "is required: " + string.Join(", ", EvidenceTargets.All.Order(StringComparer.Ordinal)));
        var id = q.Str("id", 100) ?? throw new ValidationException("id", "is required");
        if (type == EvidenceTargets.Incident && IncidentIds.Parse(id) is { } n)
        {
            id = IncidentIds.Format(n);
        }
        return TypedResults.Ok(new AttachedList(new TargetView(type, id), Module(l).EvidenceOf(Requests.ReaderOf(ctx, l), type, id)));
    }

    static IResult Items(HttpContext ctx, LedgerService l)
    {
        var start = new QueryArgs(ctx.Request.Query).Page(EvidenceQueries.ItemOrder);
        return TypedResults.Ok(Module(l).Read(Requests.ReaderOf(ctx, l), b => EvidenceQueries.Items(b, start)));
    }

    static IResult Item(string id, HttpContext ctx, LedgerService l) =>
        Module(l).Read(Requests.ReaderOf(ctx, l), b => b.Items.TryGetValue(id, out var i) ? EvidenceQueries.Item(b, i, steps: true) : null) is { } view
            ? TypedResults.Ok(view)
            : throw new RefusedException(RefusalKind.NotFound, $"no item '{id}' that you may read");
}
