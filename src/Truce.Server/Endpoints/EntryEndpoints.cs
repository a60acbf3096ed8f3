using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Services;
using Truce.Http;

namespace Truce.Server.Endpoints;

/// <summary>Submitting and reading entries. Every read goes through the reader's visibility.</summary>
public static class EntryEndpoints
{
    public static void MapEntries(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/entries", Submit);
        api.MapGet("/entries", List);
        api.MapGet("/entries/{index:long}", Get);
        api.MapGet("/parties", Parties);
    }

    static async Task<IResult> Submit(HttpContext ctx, LedgerService l)
    {
        var caller = Requests.CallerOf(ctx, l) ?? throw new RefusedException(RefusalKind.Unauthenticated, "submitting an entry needs an API token");
        // The request is {envelope, body}: its own problems are named "request", and a string inside it by its path
        // from there ("body.text"), as the entry's fields are.
        using (var doc = await JsonInput.ParseAsync(ctx.Request.Body, "request", ctx.RequestAborted, members: ""))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("envelope", out var env))
            {
                throw new ValidationException("envelope", "is required: post {\"envelope\": {...}, \"body\": {...}}");
            }
            if (!root.TryGetProperty("body", out var body))
            {
                throw new ValidationException("body", "is required");
            }
            var appended = await l.SubmitAsync(env, body, caller, ctx.RequestAborted);
            if (appended.Duplicate)
            {
                return TypedResults.Ok(new { index = appended.Index, checkpointSize = appended.CheckpointSize, duplicate = true });
            }
            return TypedResults.Created($"/api/entries/{appended.Index}", new { index = appended.Index, checkpointSize = appended.CheckpointSize });
        }
    }

    static IResult List(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var after = q.Long("after", min: -1) ?? -1;
        var limit = q.Limit();
        var kind = q.Str("kind", Ledger.Entries.Envelope.MaxIdLength);
        var rows = l.List(Requests.ReaderOf(ctx, l), after, limit, kind);
        return TypedResults.Ok(new
        {
            entries = rows.Select(r => new
            {
                index = r.Index,
                kind = r.Kind,
                party = r.Party,
                time = r.Time,
                visibility = r.Visibility.ToString().ToLowerInvariant(),
                cid = r.Cid,
                erased = r.Erased,
            }),
            next = rows.Count == limit ? rows[^1].Index : (long?)null,
        });
    }

    static IResult Get(long index, HttpContext ctx, LedgerService l)
    {
        var view = l.Read(index, Requests.ReaderOf(ctx, l));
        if (view is null)
        {
            // The same answer for "no such entry" and "not yours to see": existence of restricted entries is not leaked here.
            return TypedResults.Problem(detail: $"no entry {index} that you may read", statusCode: 404);
        }
        return TypedResults.Ok(new
        {
            index,
            envelope = JsonDocument.Parse(view.Envelope).RootElement,
            body = view.Body is null ? (JsonElement?)null : JsonDocument.Parse(view.Body).RootElement,
            bodyState = view.BodyState,
        });
    }

    static IResult Parties(LedgerService l) => TypedResults.Ok(l.WithRegistry(r => r.Parties.OrderBy(p => p.RegisteredAt).Select(p => new
    {
        id = p.Id,
        kind = p.Kind,
        names = p.Names,
        witness = p.WitnessKey,
        keys = r.Keys.Where(k => k.Party == p.Id).Select(k => new
        {
            id = k.Id,
            publicKey = Convert.ToBase64String(k.PublicKey),
            validFrom = k.ValidFrom,
            validUntil = k.ValidUntil,
            revokedAt = k.RevokedAt,
            serverHeld = k.ServerHeld,
        }),
    }).ToList()));
}
