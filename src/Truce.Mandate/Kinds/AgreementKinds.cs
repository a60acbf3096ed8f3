using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Mandate.Agreements;

namespace Truce.Mandate.Kinds;

/// <summary>An agreement or a draft as its entry states it: the provisions in the order given, numbers unique.</summary>
public sealed record AgreementBody(string Id, string Title, IReadOnlyList<Provision> Provisions);

/// <summary><c>agreement</c> (in force, the mission's) and <c>agreement.draft</c> (any party's proposal): the same
/// body, evaluated side by side.</summary>
sealed class AgreementKind(string name, bool draft, params string[] roles) : EntryKind<MandateBook, AgreementBody>(name, roles)
{
    public static readonly AgreementKind InForce = new(MandateKinds.Agreement, draft: false, Roles.MissionAdmin);
    public static readonly AgreementKind Draft = new(MandateKinds.Draft, draft: true, Roles.PartyAdmin, Roles.MissionAdmin);

    public override void Authorize(CheckContext ctx)
    {
        if (!draft && !ctx.ByMission)
        {
            throw new RefusedException(RefusalKind.Forbidden, "an agreement in force is logged by the mission; a party proposes an agreement.draft");
        }
    }

    public override AgreementBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var id = b.Str("id", required: true, max: 64);
        var title = b.Str("title", required: true, max: 500);
        // What the text is and who signed it, as its proposer states them: kept in the signed entry, for readers of it.
        b.Str("date", max: 40);
        b.Strs("signatories", max: 50);
        b.Str("textNote", max: 2000);
        b.Bool("synthetic");
        var provisions = b.Arr("provisions", required: true, max: 500);
        if (provisions.Count == 0 && b.Has("provisions"))
        {
            r.Fail("body.provisions", "must list at least one provision");
        }
        var read = new List<Provision>(provisions.Count);
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in provisions)
        {
            if (MandateParser.ReadProvision(r, p) is { } prov)
            {
                if (numbers.Add(prov.Number))
                {
                    read.Add(prov);
                }
                else
                {
                    r.Fail(p.At("number"), $"provision {prov.Number} appears twice");
                }
            }
        }
        r.ThrowIfAny();
        return new AgreementBody(id!, title!, read);
    }

    public override void Check(MandateBook book, CheckContext ctx, AgreementBody body)
    {
        if (book.Agreements.ContainsKey(body.Id))
        {
            throw new ValidationException("body.id", $"agreement '{body.Id}' exists; amend its provisions with provision.amend");
        }
    }

    public override void Apply(MandateBook book, EntryContext ctx, AgreementBody body)
    {
        // The book's own object: responses and amendments change it, and other books hold the same body.
        var a = new Agreement(body.Id, ctx.Index, body.Title, ctx.Party, draft);
        foreach (var p in body.Provisions)
        {
            a.Provisions.Add(p.Number, p);
        }
        book.Agreements.TryAdd(a.Id, a);
        book.FrameworksChanged();
    }
}

public sealed record ResponseBody(string Agreement, string Decision, string? Reason);

/// <summary><c>agreement.response</c>: a party accepts or rejects another's draft.</summary>
sealed class ResponseKind() : EntryKind<MandateBook, ResponseBody>(MandateKinds.Response, Roles.PartyAdmin, Roles.MissionAdmin)
{
    public override ResponseBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var id = b.Str("agreement", required: true, max: 64);
        var decision = b.OneOf("decision", ["accept", "reject"], required: true);
        var reason = b.Str("reason", max: 10_000);
        r.ThrowIfAny();
        return new ResponseBody(id!, decision!, reason);
    }

    public override void Check(MandateBook book, CheckContext ctx, ResponseBody body)
    {
        var draft = book.Agreements.GetValueOrDefault(body.Agreement) ?? throw new ValidationException("body.agreement", $"'{body.Agreement}' is not an agreement");
        if (!draft.Draft)
        {
            throw new ValidationException("body.agreement", $"'{body.Agreement}' is in force, not a draft to accept or reject");
        }
        if (draft.ProposedBy == ctx.Party)
        {
            throw new RefusedException(RefusalKind.Forbidden, "a party does not answer its own draft");
        }
    }

    public override void Apply(MandateBook book, EntryContext ctx, ResponseBody body) =>
        MandateBook.Held(book.Agreements, body.Agreement, "body.agreement").Responses[ctx.Party] = (body.Decision, body.Reason, ctx.Index);
}

public sealed record AmendBody(string Agreement, Provision Provision, string Reason);

/// <summary><c>provision.amend</c>: a provision replaced (or added) by a new entry, by the mission in force or the
/// proposer in its draft.</summary>
sealed class AmendKind() : EntryKind<MandateBook, AmendBody>(MandateKinds.Amend, Roles.MissionAdmin, Roles.PartyAdmin)
{
    public override AmendBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var id = b.Str("agreement", required: true, max: 64);
        var p = b.Obj("provision", required: true);
        var reason = b.Str("reason", required: true, max: 10_000);
        var provision = p is { } scope ? MandateParser.ReadProvision(r, scope) : null;
        r.ThrowIfAny();
        return new AmendBody(id!, provision!, reason!);
    }

    public override void Check(MandateBook book, CheckContext ctx, AmendBody body)
    {
        var target = book.Agreements.GetValueOrDefault(body.Agreement) ?? throw new ValidationException("body.agreement", $"'{body.Agreement}' is not an agreement");
        if (target.Draft ? target.ProposedBy != ctx.Party : !ctx.ByMission)
        {
            throw new RefusedException(RefusalKind.Forbidden, target.Draft ? "only the proposing party amends its draft" : "only the mission amends an agreement in force");
        }
    }

    public override void Apply(MandateBook book, EntryContext ctx, AmendBody body)
    {
        var target = MandateBook.Held(book.Agreements, body.Agreement, "body.agreement");
        var number = body.Provision.Number;
        IReadOnlyList<long> history = target.Provisions.TryGetValue(number, out var old) ? old.AmendedBy : [];
        target.Provisions[number] = body.Provision with { AmendedBy = [.. history, ctx.Index] };
    }
}
