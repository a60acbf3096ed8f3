using Truce.Core.Modules.Shared;
using Truce.Core.Queries;
using Truce.Evidence.Queries;
using Truce.Http;

namespace Truce.Evidence.Http;

/// <summary>How /openapi/v1.json describes each evidence endpoint.</summary>
static class EvidenceApi
{
    public static ApiTag Tag { get; } = new("evidence",
        "Files stored by their SHA-256 with their digests on the ledger, public copies without metadata, physical items and "
        + "their chains of custody, and what evidence each record has (docs/EVIDENCE.md), from the entries the reader may see.");

    static ApiParameter Sha => ApiParams.Path("sha256", "The file's SHA-256, 64 lowercase hex digits.");

    public static RouteHandlerBuilder DescribeUpload(this RouteHandlerBuilder b) => b
        .Doc("uploadEvidence", ApiAccess.Token, "Upload a file",
            "Streams the request body into the deployment's blob store and answers its SHA-256, sniffed type and size; nothing is on "
            + "the ledger until an `evidence.add` entry names the digest. The type comes from the file's leading bytes; a declared "
            + "Content-Type must agree with them. Larger than the deployment's `evidence.maxBytes`: 413.")
        .Body<string>("The file's bytes, as is.", "image/jpeg", "image/png", "image/tiff", "image/webp", "image/gif", "application/pdf",
            "video/mp4", "video/quicktime", "video/webm", "application/octet-stream")
        .Json<UploadAnswer>(201).Problems(400, 401, 403, 413).ModuleEndpoint();

    public static RouteHandlerBuilder DescribeFiles(this RouteHandlerBuilder b) => b
        .Doc("listEvidence", ApiAccess.Reader, "List files",
            "The files on the ledger the reader may see, in log order, each with its stored blob's integrity (intact, missing or altered), "
            + "its public copies and what it is attached to.")
        .Params(ApiParams.Paging)
        .Json<Page<FileView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeBytes(this RouteHandlerBuilder b) => b
        .Doc("getEvidenceBytes", ApiAccess.Reader, "A file's bytes",
            "The stored bytes, to a reader who may see an `evidence.add` naming them; anyone else gets the same 404 as for a file "
            + "never stored. `Repr-Digest` carries the SHA-256 to check them against.")
        .Params(Sha).Produces<string>(200, "application/octet-stream").ModuleEndpoint();

    public static RouteHandlerBuilder DescribeFile(this RouteHandlerBuilder b) => b
        .Doc("getEvidence", ApiAccess.Reader, "A file's record", "What the ledger says of a file, and its stored blob's integrity.")
        .Params(Sha).Json<FileView>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeAttached(this RouteHandlerBuilder b) => b
        .Doc("listAttachedEvidence", ApiAccess.Reader, "A record's evidence",
            "The files and physical items attached to a report, incident, claim, hazard, minefield record or accident, each with its integrity.")
        .Params(new ApiParameter("type", "string", "The record's type.", Required: true, Values: [.. EvidenceTargets.All.Order(StringComparer.Ordinal)]),
            new ApiParameter("id", "string", "The record's id as its module names it (an incident `I-606`, a report or claim its entry index, a hazard its id).", Required: true))
        .Json<AttachedList>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeItems(this RouteHandlerBuilder b) => b
        .Doc("listCustodyItems", ApiAccess.Reader, "List physical items",
            "Physical items in log order, each with its holder and the gaps in its chain of custody.")
        .Params(ApiParams.Paging)
        .Json<Page<ItemView>>().ModuleEndpoint();

    public static RouteHandlerBuilder DescribeItem(this RouteHandlerBuilder b) => b
        .Doc("getCustodyItem", ApiAccess.Reader, "A physical item", "An item's chain of custody step by step, with its gaps.")
        .Params(ApiParams.Path("id", "The item's id."))
        .Json<ItemView>().ModuleEndpoint();
}
