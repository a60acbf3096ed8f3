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
        var log = app.MapGroup("/log");
        log.MapGet("/checkpoint", (LedgerService l) => TypedResults.Text(l.Sequencer.CheckpointNote, "text/plain; charset=utf-8"));
        log.MapGet("/key", (LedgerService l) => TypedResults.Text(l.LogKey + "\n", "text/plain; charset=utf-8"));
        log.MapGet("/tile/{**path}", Tile);
        log.MapGet("/proof/inclusion", Inclusion);
        log.MapGet("/proof/consistency", Consistency);
        log.MapPost("/cosign", Cosign);
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
        return TypedResults.Ok(new { index, size, hashes = proof.Select(Convert.ToBase64String) });
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
        return TypedResults.Ok(new { from, to, hashes = proof.Select(Convert.ToBase64String) });
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
        return TypedResults.Ok(new { cosigned = accepted.Select(s => s.Name) });
    }
}
