using System.ComponentModel;
using System.Text.Json;

namespace Truce.Server.Endpoints;

// The request and answers of EntryEndpoints: the handlers build these, so /openapi/v1.json describes what is sent.

/// <summary>The request body of POST /api/entries: what `truce sign` prints.</summary>
public sealed record EntrySubmission(
    [property: Description("The signed envelope. Only these fields are allowed; the signature covers the RFC 8785 canonical JSON of the "
        + "envelope without `sig`, after the context line `truce-entry/v1`.")]
    EntryEnvelope Envelope,
    [property: Description("The entry's body: a JSON object whose shape depends on the envelope's `kind` (docs/PROTOCOL.md lists each "
        + "kind's fields; docs/INCIDENTS.md, docs/MANDATE.md and docs/MINEACTION.md each module's). Its SHA-256 over its RFC 8785 "
        + "canonical form is the envelope's `body`.")]
    Dictionary<string, JsonElement> Body);

/// <summary>The envelope of an entry as submitted (src/Truce.Ledger/Entries/EnvelopeParser.cs reads it).</summary>
public sealed record EntryEnvelope(
    [property: Description("The envelope format: 1.")] int V,
    [property: Description("The log's origin, as its checkpoints name it (GET /log/checkpoint, first line).")] string Log,
    [property: Description("The entry's kind: 1–64 characters of a–z, 0–9, '.' and '-', e.g. `report` or `hazard.update`.")] string Kind,
    [property: Description("The author party's id.")] string Party,
    [property: Description("The id of the party's registered key that signed (GET /api/parties lists them).")] string Key,
    [property: Description("When the author signed: RFC 3339 UTC with exactly three fractional digits, e.g. 2021-06-12T09:30:00.000Z; "
        + "at most 5 minutes ahead of the server's clock.")] string Time,
    [property: Description("The author's own id for the entry (1–128 characters of A–Z, a–z, 0–9 and . _ : / -): the same cid with the "
        + "same body again answers the entry already logged (200, `duplicate`); with another body it is refused (409).")] string Cid,
    [property: Description("The lowercase hex SHA-256 of the body's RFC 8785 canonical form (64 digits).")] string Body,
    [property: Description("Who may read the body: public, mission, party or restricted (restricted names its readers in `to`).")] string Vis,
    [property: Description("The Ed25519 signature, base64.")] string Sig,
    [property: Description("For a restricted entry, the registered parties that may read it (1–64 distinct ids); absent otherwise.")] IReadOnlyList<string>? To = null,
    [property: Description("The index of an earlier entry this one amends, when it does.")] long? Amends = null,
    [property: Description("The index of an earlier entry this one retracts, when it does.")] long? Retracts = null,
    [property: Description("`server` when the party's key is held by the server and it signed; absent otherwise.")] string? Signer = null);

/// <summary>An entry appended (201).</summary>
public sealed record EntryAppended(long Index, long CheckpointSize);

/// <summary>The same entry was already in the log (200): where it is.</summary>
public sealed record EntryDuplicate(long Index, long CheckpointSize, bool Duplicate);

/// <summary>An entry's envelope fields, without its body.</summary>
public sealed record EntrySummary(long Index, string Kind, string Party, string Time, string Visibility, string Cid, bool Erased);

public sealed record EntryDetail(
    long Index,
    [property: Description("The signed envelope, as stored.")] JsonElement Envelope,
    [property: Description("The body, or null when the reader may not see it or it was erased (`bodyState` says which).")] JsonElement? Body,
    string BodyState);

public sealed record PartyView(string Id, string Kind, IReadOnlyDictionary<string, string> Names,
    [property: Description("The verifier key of the party's witness, when it registered one.")] string? Witness, IReadOnlyList<PartyKeyView> Keys);

public sealed record PartyKeyView(string Id, [property: Description("The Ed25519 public key, base64.")] string PublicKey, DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil, long? RevokedAt, bool ServerHeld);
