using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Mandate.Compliance;

namespace Truce.Mandate.Kinds;

public sealed record FlagResponseBody(string Flag, string Response, string Reason);

/// <summary><c>flag.response</c>: the party a flag concerns acknowledges it, or anyone contests it.</summary>
sealed class FlagResponseKind() : EntryKind<MandateBook, FlagResponseBody>(MandateKinds.FlagResponse, Roles.PartyAdmin, Roles.Verifier, Roles.Analyst)
{
    public override FlagResponseBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var id = b.Str("flag", required: true, max: 100);
        var response = b.OneOf("response", ["acknowledge", "contest"], required: true);
        var reason = b.Str("reason", required: true, max: 10_000);
        r.ThrowIfAny();
        return new FlagResponseBody(id!, response!, reason!);
    }

    public override void Check(MandateBook book, CheckContext ctx, FlagResponseBody body)
    {
        if (!book.Flags.ContainsKey(body.Flag))
        {
            throw new ValidationException("body.flag", $"'{body.Flag}' is not a flag");
        }
    }

    // A flag this book lacks is not a skip: flags are raised by each book from what it holds, and a response to one
    // raised only where more is seen simply has nothing to answer here.
    public override void Apply(MandateBook book, EntryContext ctx, FlagResponseBody body) =>
        book.Flags.GetValueOrDefault(body.Flag)?.Answer(new FlagResponse(ctx.Index, ctx.Party, body.Response, body.Reason, ctx.Envelope.Time));
}
