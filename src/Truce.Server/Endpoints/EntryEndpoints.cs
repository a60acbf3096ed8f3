using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Core.Queries;
using Truce.Core.Services;
using Truce.Core.Views;
using Truce.Http;

namespace Truce.Server.Endpoints;

/// <summary>Submitting and reading entries. Every read goes through the reader's visibility.</summary>
public static class EntryEndpoints
{
    public static void MapEntries(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(new ApiTag("entries", "The log's entries as signed (each read through the reader's visibility), the parties registered on it, and what the deployment says of itself."));
        api.MapPost("/entries", Submit)
            .Doc("submitEntry", ApiAccess.Token, "Submit a signed entry",
                "Appends an entry signed by the caller's party (`truce sign` prints this request body). The envelope is checked strictly "
                + "(unknown fields refused), its `body` digest against the body's RFC 8785 canonical form, its signature against the "
                + "party's registered key, and the body by the rules of its kind. 201 with the new entry's index; 200 with "
                + "`duplicate: true` when the same entry was already appended (a retry is safe).")
            .Body<EntrySubmission>("The signed envelope and the body it commits to.")
            .Json<EntryAppended>(201).Json<EntryDuplicate>()
            .Problems(403, 409, 422, 503, 507);
        api.MapGet("/entries", List)
            .Doc("listEntries", ApiAccess.Reader, "List entries",
                "The entries the reader may see, by log index: each entry's envelope fields (not its body).")
            .Params([.. ApiParams.Paging, new ApiParameter("kind", "string", "Only entries of this kind, e.g. `report`.")])
            .Json<Page<EntrySummary>>();
        api.MapGet("/entries/{index:long}", Get)
            .Doc("getEntry", ApiAccess.Reader, "Read one entry",
                "The signed envelope and, if the reader may see it and it was not erased, the body. An entry that does not exist "
                + "and one the reader may not see both answer 404.")
            .Params(ApiParams.Path("index", "The entry's index in the log (0 is the genesis entry)."))
            .Json<EntryDetail>().Problems(404);
        api.MapGet("/parties", Parties)
            .Doc("listParties", ApiAccess.Public, "List parties",
                "Every party registered on the log, by id, with its names, its witness key and its signing keys.")
            .Params(ApiParams.Paging)
            .Json<Page<PartyView>>();
        api.MapGet("/deployment", (Hosting.Deployment d) => TypedResults.Ok(d.Describe()))
            .Doc("getDeployment", ApiAccess.Public, "The deployment",
                "The log's origin and verifier key (check the key out of band too), the area the deployment records (`{name, bbox}`, "
                + "which safety queries are held to) and the order in which neutral displays give each side's name for a place; on a "
                + "mirror's server, the upstream it copies (`mirrorOf`). A mirror copies the rest, so that it answers as its upstream does.")
            .Json<Hosting.DeploymentInfo>();
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
                return TypedResults.Ok(new EntryDuplicate(appended.Index, appended.CheckpointSize, Duplicate: true));
            }
            return TypedResults.Created($"/api/entries/{appended.Index}", new EntryAppended(appended.Index, appended.CheckpointSize));
        }
    }

    static IResult List(HttpContext ctx, LedgerService l)
    {
        var q = new QueryArgs(ctx.Request.Query);
        var start = q.Page(EntryOrder);
        var kind = q.Str("kind", Ledger.Entries.Envelope.MaxIdLength);
        var page = l.Page(Requests.ReaderOf(ctx, l), start.HasAfter ? start.After : -1, start.Limit, kind);
        return TypedResults.Ok(new Page<EntrySummary>(
            [.. page.Items.Select(r => new EntrySummary(r.Index, r.Kind, r.Party, r.Time, r.Visibility.ToString().ToLowerInvariant(), r.Cid, r.Erased))],
            page.Next, page.Total));
    }

    static IResult Get(long index, HttpContext ctx, LedgerService l)
    {
        var view = l.Read(index, Requests.ReaderOf(ctx, l));
        if (view is null)
        {
            // The same answer for "no such entry" and "not yours to see": existence of restricted entries is not leaked here.
            return TypedResults.Problem(detail: $"no entry {index} that you may read", statusCode: 404);
        }
        return TypedResults.Ok(new EntryDetail(
            index,
            JsonDocument.Parse(view.Envelope).RootElement,
            view.Body is null ? null : JsonDocument.Parse(view.Body).RootElement,
            view.BodyState));
    }

    static readonly ListOrder<EntryRow, long> EntryOrder = ListOrders.ByIndex<EntryRow>(r => r.Index);

    static readonly ListOrder<Party, string> PartyOrder = ListOrders.ById<Party>(p => p.Id);

    static IResult Parties(HttpContext ctx, LedgerService l)
    {
        var start = new QueryArgs(ctx.Request.Query).Page(PartyOrder);
        return TypedResults.Ok(l.WithRegistry(r => Paging.Take(r.Parties, PartyOrder, start, _ => true, p => new PartyView(
            p.Id, p.Kind, p.Names, p.WitnessKey,
            // Built under the registry's lock: a key revoked meanwhile must not change the answer while it is written.
            [.. r.Keys.Where(k => k.Party == p.Id).Select(k => new PartyKeyView(k.Id, Convert.ToBase64String(k.PublicKey), k.ValidFrom, k.ValidUntil, k.RevokedAt, k.ServerHeld))]))));
    }
}
