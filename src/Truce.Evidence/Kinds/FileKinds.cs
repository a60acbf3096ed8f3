using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Core.Parties;
using Truce.Evidence.Blobs;
using Truce.Evidence.PublicCopies;

namespace Truce.Evidence.Kinds;

/// <summary>Where and by whom a file or item was collected.</summary>
public sealed record Collected(string By, DateTimeOffset At, double? Lat, double? Lon, string? Place);

/// <summary>The body of <c>evidence.add</c>.</summary>
public sealed record FileBody(string Sha256, string Type, long Size, string? Name, string? Description, Collected Collected,
    string? PublicCopyOf, bool Synthetic);

/// <summary><c>evidence.add</c>: a stored file's digest, type and size, who collected it, when and where, on the
/// ledger; the entry's visibility says who may fetch its bytes. Checked at admission against the stored file itself.</summary>
sealed class AddKind() : EntryKind<EvidenceBook, FileBody>(EvidenceKinds.Add, Roles.Reporter, Roles.Verifier, Roles.MineActionOfficer, Roles.PartyAdmin, Roles.MissionAdmin)
{
    public override FileBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var sha = EvidenceParser.Digest(b, "sha256", required: true);
        var type = b.OneOf("type", MediaTypes.All, required: true);
        var size = b.Int("size", required: true, min: 1);
        var name = b.Str("name", max: 200);
        var description = b.Str("description", max: 10_000);
        var collected = EvidenceParser.Collected(b, "collected", required: true);
        var copyOf = EvidenceParser.Digest(b, "publicCopyOf");
        var synthetic = b.Bool("synthetic") ?? false;
        if (copyOf is not null && copyOf == sha)
        {
            r.Fail("body.publicCopyOf", "names the file itself");
        }
        r.ThrowIfAny();
        return new FileBody(sha!, type!, size!.Value, name, description, collected!, copyOf, synthetic);
    }

    public override void Check(EvidenceBook book, CheckContext ctx, FileBody body)
    {
        if (book.ByDigest.TryGetValue(body.Sha256, out var earlier))
        {
            throw new ValidationException("body.sha256", $"is on the ledger already, as entry {earlier.Index}");
        }
        if (body.PublicCopyOf is { } original)
        {
            CheckCopyOf(book, ctx, body, original);
        }
        var store = book.Files.Store ?? throw new ValidationException("body.sha256", "this deployment keeps no files");
        if (!store.Exists(body.Sha256))
        {
            throw new ValidationException("body.sha256", "no file with this digest is stored: upload it first (POST /api/evidence)");
        }
        var path = store.PathOf(body.Sha256);
        // The stored bytes themselves, not what the upload answered: a file changed on disk since is not admitted.
        if (BlobStore.Hash(path) != body.Sha256)
        {
            throw new ValidationException("body.sha256", "the stored file no longer hashes to this digest");
        }
        var size = new FileInfo(path).Length;
        if (size != body.Size)
        {
            throw new ValidationException("body.size", $"the stored file is {size} bytes");
        }
        if (store.SniffStored(body.Sha256) is { } sniffed && sniffed != body.Type)
        {
            throw new ValidationException("body.type", $"the stored file is {sniffed}");
        }
        if (body.PublicCopyOf is not null && Metadata.Carried(path) is { Count: > 0 } carried)
        {
            throw new ValidationException("body.sha256", $"a public copy carries no metadata, and this one still carries {string.Join(", ", carried)} "
                + "(make it with 'truce evidence add --public-copy')");
        }
    }

    static void CheckCopyOf(EvidenceBook book, CheckContext ctx, FileBody body, string original)
    {
        if (!book.ByDigest.TryGetValue(original, out var of))
        {
            throw new ValidationException("body.publicCopyOf", "is no file on the ledger that you may see");
        }
        if (ctx.Envelope.Vis != Visibility.Public.Label())
        {
            throw new ValidationException("envelope.vis", "a public copy is public");
        }
        if (!MediaTypes.StrippableImages.Contains(of.Type) || !MediaTypes.StrippableImages.Contains(body.Type))
        {
            throw new ValidationException("body.publicCopyOf", $"public copies are made of JPEG, PNG, TIFF and WebP images; this is {of.Type} → {body.Type}");
        }
    }

    public override void Apply(EvidenceBook book, EntryContext ctx, FileBody body)
    {
        if (book.ByDigest.ContainsKey(body.Sha256))
        {
            return; // the same bytes put on the ledger again (by an entry the first's author could not see): the first stands
        }
        var file = new EvidenceFile(ctx.Index, ctx.Strings.Get(ctx.Party), ctx.Envelope.Vis, ctx.Envelope.Time, body);
        book.ByDigest[body.Sha256] = file;
        book.InOrder.Add(file);
        if (body.PublicCopyOf is { } original)
        {
            (book.CopiesOf.TryGetValue(original, out var list) ? list : book.CopiesOf[original] = []).Add(body.Sha256);
        }
    }
}

/// <summary>The body of <c>evidence.attach</c>: a file (by digest) or an item (by id), and the record it supports.</summary>
public sealed record AttachBody(string Kind, string Evidence, string TargetType, string TargetId, string? Note);

/// <summary><c>evidence.attach</c>: evidence the author may see, attached to a report, incident, claim, hazard,
/// minefield record or accident (named as its module names it; docs/EVIDENCE.md).</summary>
sealed class AttachKind() : EntryKind<EvidenceBook, AttachBody>(EvidenceKinds.Attach, Roles.Reporter, Roles.Verifier, Roles.MineActionOfficer, Roles.Analyst, Roles.PartyAdmin, Roles.MissionAdmin)
{
    public override AttachBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var sha = EvidenceParser.Digest(b, "sha256");
        var item = b.Str("item", max: 100);
        if (sha is null && item is null && !b.Has("sha256") && !b.Has("item"))
        {
            r.Fail("body.sha256", "give the file's sha256 or the physical item's id");
        }
        else if (sha is not null && item is not null)
        {
            r.Fail("body.item", "give either sha256 or item, not both");
        }
        var target = b.Obj("target", required: true);
        var type = target?.OneOf("type", EvidenceTargets.All, required: true);
        var id = target?.Str("id", required: true, max: 100);
        var note = b.Str("note", max: 10_000);
        r.ThrowIfAny();
        var kind = sha is not null ? "file" : "item";
        return new AttachBody(kind, sha ?? item!, type!, type == EvidenceTargets.Incident ? NormaliseIncident(id!) : id!, note);
    }

    /// <summary>"606", "i-606" and "I-606" name one incident.</summary>
    static string NormaliseIncident(string id) => IncidentIds.Parse(id) is { } n ? IncidentIds.Format(n) : id;

    public override void Check(EvidenceBook book, CheckContext ctx, AttachBody body)
    {
        if (body.Kind == "file" ? !book.ByDigest.ContainsKey(body.Evidence) : !book.Items.ContainsKey(body.Evidence))
        {
            throw new ValidationException(body.Kind == "file" ? "body.sha256" : "body.item", $"'{body.Evidence}' is no evidence you may see");
        }
    }

    public override void Apply(EvidenceBook book, EntryContext ctx, AttachBody body)
    {
        if (body.Kind == "file" ? !book.ByDigest.ContainsKey(body.Evidence) : !book.Items.ContainsKey(body.Evidence))
        {
            throw new ValidationException("body", $"'{body.Evidence}' is not in this book");
        }
        var a = new Attachment(ctx.Index, ctx.Strings.Get(ctx.Party), body.Kind, body.Evidence, body.TargetType, body.TargetId, body.Note);
        var key = (body.TargetType, body.TargetId);
        (book.Attached.TryGetValue(key, out var list) ? list : book.Attached[key] = []).Add(a);
        (book.AttachedTo.TryGetValue(body.Evidence, out var to) ? to : book.AttachedTo[body.Evidence] = []).Add(a);
    }
}
