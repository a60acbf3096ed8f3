using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Evidence.Custody;

namespace Truce.Evidence.Kinds;

/// <summary>The body of a custody step: the item, when, and what this step says (the fields its kind asks for).</summary>
/// <param name="Step">The kind without its prefix: collect, seal, transfer, receive, examine, store, return, destroy.</param>
public sealed record CustodyBody(string Step, string Item, DateTimeOffset At, string? Note, bool Synthetic)
{
    public string? Description { get; init; }
    public double? Lat { get; init; }
    public double? Lon { get; init; }
    public string? Place { get; init; }
    public string? Seal { get; init; }
    public string? Photo { get; init; }
    public string? To { get; init; }
    public string? SealCondition { get; init; }
    public long? Transfer { get; init; }
    public string? Method { get; init; }
    public string? Findings { get; init; }
    public string? Report { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<string> Witnesses { get; init; } = [];
}

/// <summary>
/// One step of a physical item's chain of custody (<c>custody.collect</c>, <c>.seal</c>, <c>.transfer</c>,
/// <c>.receive</c>, <c>.examine</c>, <c>.store</c>, <c>.return</c>, <c>.destroy</c>), signed by whoever did it. A
/// receipt is the receiver's own entry, naming the transfer it countersigns. Steps are recorded as they happened:
/// a gap (a transfer never received, a broken seal) is flagged, never refused (<see cref="CustodyItem.Flags"/>).
/// </summary>
sealed class CustodyKind(string name) : EntryKind<EvidenceBook, CustodyBody>(name, Roles.Reporter, Roles.Verifier, Roles.MineActionOfficer, Roles.PartyAdmin, Roles.MissionAdmin)
{
    public static readonly IReadOnlySet<string> SealConditions = new HashSet<string>(["intact", "broken", "absent"], StringComparer.Ordinal);

    readonly string _step = name["custody.".Length..];

    public override CustodyBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var item = b.Str("item", required: true, max: 100);
        var at = b.Time("at", required: true);
        var note = b.Str("note", max: 10_000);
        var synthetic = b.Bool("synthetic") ?? false;
        var step = new CustodyBody(_step, item ?? "", at ?? default, note, synthetic);
        step = ReadStep(b, step);
        r.ThrowIfAny();
        return step;
    }

    CustodyBody ReadStep(BodyReader.Scope b, CustodyBody s) => _step switch
    {
        "collect" => Where(b, s) with { Description = b.Str("description", required: true, max: 10_000) },
        "seal" => s with { Seal = b.Str("seal", required: true, max: 100), Photo = EvidenceParser.Digest(b, "photo") },
        "transfer" => s with
        {
            To = b.Str("to", required: true, max: 64),
            Seal = b.Str("seal", max: 100),
            SealCondition = b.OneOf("sealCondition", SealConditions, required: true),
        },
        "receive" => s with
        {
            Transfer = b.Int("transfer", required: true),
            Seal = b.Str("seal", max: 100),
            SealCondition = b.OneOf("sealCondition", SealConditions, required: true),
        },
        "examine" => s with
        {
            Method = b.Str("method", required: true, max: 2000),
            Findings = b.Str("findings", required: true, max: 20_000),
            Report = EvidenceParser.Digest(b, "report"),
        },
        "store" => s with { Location = b.Str("location", required: true, max: 500) },
        "return" => s with { To = b.Str("to", required: true, max: 64) },
        _ => s with { Method = b.Str("method", required: true, max: 2000), Witnesses = b.Strs("witnesses", max: 20) },
    };

    static CustodyBody Where(BodyReader.Scope b, CustodyBody s)
    {
        var where = EvidenceParser.Where(b, "where");
        return s with { Lat = where?.Lat, Lon = where?.Lon, Place = b.Str("place", max: 200) };
    }

    public override void Check(EvidenceBook book, CheckContext ctx, CustodyBody body)
    {
        if (_step == "collect")
        {
            if (book.Items.ContainsKey(body.Item))
            {
                throw new ValidationException("body.item", $"'{body.Item}' was collected already");
            }
            return;
        }
        if (!book.Items.TryGetValue(body.Item, out var item))
        {
            throw new ValidationException("body.item", $"'{body.Item}' is no item you may see (collect it first)");
        }
        if (body.To is { } to && ctx.Registry.FindParty(to) is null)
        {
            throw new ValidationException("body.to", $"'{to}' is not a registered party");
        }
        foreach (var (field, digest) in new[] { ("body.photo", body.Photo), ("body.report", body.Report) })
        {
            if (digest is not null && !book.ByDigest.ContainsKey(digest))
            {
                throw new ValidationException(field, "is no file on the ledger that you may see (add it first)");
            }
        }
        if (body.Transfer is { } t)
        {
            CheckReceipt(item, ctx, body, t);
        }
    }

    /// <summary>A receipt countersigns a transfer of this item to the receiver's own party.</summary>
    static void CheckReceipt(CustodyItem item, CheckContext ctx, CustodyBody body, long transfer)
    {
        var sent = item.Steps.FirstOrDefault(s => s.Index == transfer && s.Body.Step == "transfer")
            ?? throw new ValidationException("body.transfer", $"entry {transfer} is no transfer of '{body.Item}' that you may see");
        if (sent.Body.To != ctx.Party)
        {
            throw new RefusedException(RefusalKind.Forbidden, $"entry {transfer} transfers '{body.Item}' to '{sent.Body.To}': only that party signs its receipt");
        }
        if (item.Steps.Any(s => s.Body.Transfer == transfer))
        {
            throw new ValidationException("body.transfer", $"entry {transfer} has a receipt already");
        }
    }

    public override void Apply(EvidenceBook book, EntryContext ctx, CustodyBody body)
    {
        var step = new CustodyStep(ctx.Index, ctx.Strings.Get(ctx.Party), body);
        if (_step == "collect")
        {
            if (book.Items.ContainsKey(body.Item))
            {
                throw new ValidationException("body.item", $"'{body.Item}' is in this book already");
            }
            var item = new CustodyItem(body.Item, step);
            book.Items[body.Item] = item;
            book.ItemsInOrder.Add(item);
            return;
        }
        if (!book.Items.TryGetValue(body.Item, out var held))
        {
            throw new ValidationException("body.item", $"'{body.Item}' is not in this book");
        }
        held.Add(step);
    }
}
