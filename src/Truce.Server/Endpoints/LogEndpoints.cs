using System.ComponentModel;
using Truce.Core.Entries;
using Truce.Core.Services;
using Truce.Http;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Tiles;

namespace Truce.Server.Endpoints;

/// <summary>The log as C2SP tlog-tiles under /log/, proofs, the log's key and witness cosigning.</summary>
public static class LogEndpoints
{
    public static void MapLog(this IEndpointRouteBuilder app)
    {
        var log = app.MapGroup("/log").Tagged(new ApiTag("log",
            "The verifiable log as C2SP tlog-tiles (what `truce verify` and any tlog client read), RFC 9162 proofs, the log's key and "
            + "witness cosigning. Public: the log holds envelopes, whose publication is a rule of the deployment (docs/SECURITY.md)."));
        log.MapGet("/checkpoint", (LedgerService l) => TypedResults.Text(l.Sequencer.CheckpointNote, "text/plain; charset=utf-8"))
            .Doc("getCheckpoint", ApiAccess.Public, "The latest checkpoint",
                "The log's latest C2SP checkpoint as a signed note: origin, tree size and root hash (base64), then the log's "
                + "signature and any witness cosignatures. Verify it with the key from GET /log/key.")
            .Produces<string>(200, "text/plain");
        log.MapGet("/key", (LedgerService l) => TypedResults.Text(l.LogKey + "\n", "text/plain; charset=utf-8"))
            .Doc("getLogKey", ApiAccess.Public, "The log's verifier key",
                "The note verifier key (`name+hash+base64 Ed25519 key`) that signs this log's checkpoints, and a newline. Get it "
                + "out of band too: a key fetched from the log it verifies proves nothing by itself.")
            .Produces<string>(200, "text/plain");
        log.MapGet("/tile/{**path}", Tile)
            .Doc("getTile", ApiAccess.Public, "A tile of the log",
                "A C2SP tlog-tiles tile: `tile/L/N[.p/W]` (hashes at level L) or `tile/entries/N[.p/W]` (an entry bundle: each "
                + "envelope, as signed, with a two-byte length before it). Full tiles, and partial ones of a given width, never "
                + "change and are served as immutable.")
            .Params(new ApiParameter("path", "string",
                "The tile's path after `tile/`, e.g. `0/x001/234` or `entries/000.p/17`: N in groups of three digits, all but the last prefixed with x.",
                InPath: true))
            .Produces<byte[]>(200, "application/octet-stream").Problems(404);
        log.MapGet("/proof/inclusion", Inclusion)
            .Doc("getInclusionProof", ApiAccess.Public, "Inclusion proof",
                "The RFC 9162 inclusion proof of the entry at `index` in the tree of `size` entries: the hashes (base64), leaf to root.")
            .Params(new ApiParameter("index", "integer", "The entry's index.", Required: true, Minimum: 0),
                new ApiParameter("size", "integer", "The tree size the proof is for: 1 to the current size, above `index`.", Required: true, Minimum: 1))
            .Json<InclusionProof>();
        log.MapGet("/proof/consistency", Consistency)
            .Doc("getConsistencyProof", ApiAccess.Public, "Consistency proof",
                "The RFC 9162 consistency proof between the trees of `from` and `to` entries: the hashes (base64) that show the "
                + "larger tree extends the smaller one.")
            .Params(new ApiParameter("from", "integer", "The smaller tree size.", Required: true, Minimum: 0),
                new ApiParameter("to", "integer", "The larger tree size: at least `from`, at most the current size.", Required: true, Minimum: 0))
            .Json<ConsistencyProof>();
        log.MapPost("/cosign", Cosign)
            .Doc("cosignCheckpoint", ApiAccess.Public, "Post a witness cosignature",
                "A witness posts the current checkpoint as a signed note carrying its C2SP tlog-cosignature. Only cosignatures by "
                + "witness keys that parties registered on the log count, and only for the current checkpoint (409 otherwise: "
                + "cosign the latest). The answer names the witnesses whose cosignatures were added.")
            .Body<string>("The checkpoint note with the witness's cosignature line(s) (`truce witness run` sends it).", "text/plain")
            .Json<CosignAnswer>().Problems(403, 409, 422);
    }

    static IResult Tile(string path, LedgerService l, HttpContext ctx)
    {
        var tile = TileLayout.Parse("tile/" + path);
        var size = l.Sequencer.Size;
        var data = tile is null ? null : LogTiles.Read(l.Store, tile.Value, size);
        if (data is null)
        {
            // 404 either way, as a static copy of the log on any web server would answer; the detail says which.
            return TypedResults.Problem(statusCode: 404, extensions: new Dictionary<string, object?> { ["field"] = "path" }, detail: tile is null
                ? "not a tlog-tiles path: tile/L/N[.p/W] or tile/entries/N[.p/W], N in groups of three digits, all but the last x-prefixed, and N·256^(L+1) below 2^63"
                : "the log has no such tile (yet)");
        }
        // A full tile, or a partial one of a given width, never changes: mirrors may cache it for good.
        ctx.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Bytes(data, "application/octet-stream");
    }

    static long Number(HttpContext ctx, string name) =>
        new QueryArgs(ctx.Request.Query).Long(name) ?? throw new ValidationException(name, "is required");

    static IResult Inclusion(HttpContext ctx, LedgerService l)
    {
        var index = Number(ctx, "index");
        var size = Number(ctx, "size");
        var current = l.Sequencer.Size;
        if (size == 0 || size > current)
        {
            throw new ValidationException("size", $"must be between 1 and the current tree size {current}");
        }
        if (index >= size)
        {
            throw new ValidationException("index", $"must be below size {size}");
        }
        var proof = Proofs.Inclusion(index, size, l.Store);
        return TypedResults.Ok(new InclusionProof(index, size, proof.Select(Convert.ToBase64String)));
    }

    static IResult Consistency(HttpContext ctx, LedgerService l)
    {
        var from = Number(ctx, "from");
        var to = Number(ctx, "to");
        var current = l.Sequencer.Size;
        if (to > current)
        {
            throw new ValidationException("to", $"must be at most the current tree size {current}");
        }
        if (from > to)
        {
            throw new ValidationException("from", "must be at most to");
        }
        var proof = Proofs.Consistency(from, to, l.Store);
        return TypedResults.Ok(new ConsistencyProof(from, to, proof.Select(Convert.ToBase64String)));
    }

    /// <summary>
    /// A witness posts the current checkpoint with its cosignature (C2SP tlog-cosignature). Only cosignatures by
    /// witness keys that parties registered on the log are accepted, and only for the current checkpoint.
    /// </summary>
    static async Task<IResult> Cosign(HttpContext ctx, LedgerService l)
    {
        using var reader = new StreamReader(ctx.Request.Body);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted);
        SignedNote note;
        try
        {
            note = SignedNote.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ValidationException("body", $"not a signed note: {e.Message}");
        }
        var witnesses = l.WithRegistry(r => r.Parties.Where(p => p.WitnessKey is not null)
            .Select(p => NoteKeys.ParseVerifier(p.WitnessKey!)).ToList());
        var accepted = new List<NoteSignature>();
        foreach (var sig in note.Signatures)
        {
            var w = witnesses.FirstOrDefault(w => w.Name == sig.Name);
            if (w is null)
            {
                continue;
            }
            if (!Cosignature.Verify(sig, w.Name, w.PublicKey, note.Text, out _))
            {
                throw new RefusedException(RefusalKind.BadSignature, $"the cosignature by {sig.Name} does not verify");
            }
            accepted.Add(sig);
        }
        if (accepted.Count == 0)
        {
            throw new RefusedException(RefusalKind.Forbidden, "the note carries no cosignature by a registered witness");
        }
        if (!l.Sequencer.AddCosignatures(note.Text, accepted))
        {
            throw new RefusedException(RefusalKind.Conflict, "that checkpoint is no longer the current one; cosign the latest");
        }
        return TypedResults.Ok(new CosignAnswer(accepted.Select(s => s.Name)));
    }
}

public sealed record InclusionProof(long Index, long Size, IEnumerable<string> Hashes);

public sealed record ConsistencyProof(long From, long To, IEnumerable<string> Hashes);

public sealed record CosignAnswer([property: Description("The witnesses (their key names) whose cosignatures were added.")] IEnumerable<string> Cosigned);
