using System.ComponentModel;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Core.Services;
using Truce.Http;

namespace Truce.Server.Endpoints;

/// <summary>
/// API tokens over HTTP, so that a running server's administrators need not touch its folder: a party admin issues
/// and revokes the tokens of its own party's members, a mission admin anyone's. A token is shown once, in the answer
/// to its issue, and stored as its SHA-256 only.
/// </summary>
public static class TokenEndpoints
{
    const int MaxDays = 366;

    public static void MapTokens(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").Tagged(new ApiTag("tokens",
            "API tokens of registered members: issued and revoked by a party admin for its own party's members, by a mission admin for anyone's."));
        api.MapPost("/tokens", Issue)
            .Doc("issueToken", ApiAccess.Token, "Issue an API token",
                "A new token for a current member, valid for `days` (default 30, at most 366). The token is shown once, in this "
                + "answer; only its SHA-256 is stored. Needs the party-admin role for the member's party, or mission-admin.")
            .Body<TokenRequest>("Whose token, and for how long.")
            .Json<TokenIssued>(201).Problems(403, 507);
        api.MapPost("/tokens/revoke", Revoke)
            .Doc("revokeToken", ApiAccess.Token, "Revoke an API token",
                "The token stops working at once (within 5 s in another process sharing the folder). Needs the party-admin role "
                + "for the token's party, or mission-admin.")
            .Body<TokenRevocation>("The token to revoke.")
            .Json<TokenRevoked>().Problems(403, 507);
        api.MapGet("/tokens/me", Me)
            .Doc("getTokenOwner", ApiAccess.Public, "Who a token reads as",
                "The member, party and roles of the bearer token sent (what a sign-in shows), or `public: true` without one; a token "
                + "that is unknown, expired or revoked is refused with 401.")
            .Json<TokenOwner>().Problems(401);
    }

    static IResult Me(HttpContext ctx, LedgerService l) => TypedResults.Ok(Requests.CallerOf(ctx, l) is { } c
        ? new TokenOwner(false, c.Member, c.Party, [.. c.Roles.Order(StringComparer.Ordinal)], c.IsMissionParty)
        : new TokenOwner(true, null, null, [], false));

    /// <summary>POST /api/tokens {member, days}: a new token for a member (201, shown once).</summary>
    static async Task<IResult> Issue(HttpContext ctx, LedgerService l)
    {
        var caller = Admin(ctx, l);
        using var doc = await JsonInput.ParseAsync(ctx.Request.Body, "body", ctx.RequestAborted);
        var r = new BodyReader();
        var b = r.Root(doc.RootElement);
        var memberId = b.Str("member", required: true, max: 64);
        var days = b.Int("days", min: 1, max: MaxDays) ?? 30;
        r.ThrowIfAny();
        var member = l.WithRegistry(reg => reg.FindMember(memberId!));
        if (member is null || member.Removed)
        {
            throw new ValidationException("body.member", $"'{memberId}' is not a current member");
        }
        MayAdminister(caller, member.Party);
        var token = l.IssueToken(member.Id, TimeSpan.FromDays(days));
        return TypedResults.Created("/api/tokens", new TokenIssued(token, member.Id, member.Party, l.Time.GetUtcNow().AddDays(days)));
    }

    /// <summary>POST /api/tokens/revoke {token}: the token stops working at once.</summary>
    static async Task<IResult> Revoke(HttpContext ctx, LedgerService l)
    {
        var caller = Admin(ctx, l);
        using var doc = await JsonInput.ParseAsync(ctx.Request.Body, "body", ctx.RequestAborted);
        var r = new BodyReader();
        var token = r.Root(doc.RootElement).Str("token", required: true, max: 200);
        r.ThrowIfAny();
        var party = l.MemberOfToken(token!) is { } m ? l.WithRegistry(reg => reg.FindMember(m))?.Party : null;
        if (party is null)
        {
            throw new ValidationException("body.token", "is not a token this deployment issued");
        }
        MayAdminister(caller, party);
        l.RevokeToken(token!);
        return TypedResults.Ok(new TokenRevoked(Revoked: true));
    }

    static Caller Admin(HttpContext ctx, LedgerService l)
    {
        var caller = Requests.CallerOf(ctx, l) ?? throw new RefusedException(RefusalKind.Unauthenticated, "managing tokens needs an API token");
        if (!caller.Roles.Contains(Roles.PartyAdmin) && !caller.Roles.Contains(Roles.MissionAdmin))
        {
            throw new RefusedException(RefusalKind.Forbidden, "managing tokens needs the party-admin or mission-admin role");
        }
        return caller;
    }

    /// <summary>A party admin administers its own party's members; a mission admin of a mission party, everyone's.</summary>
    static void MayAdminister(Caller caller, string party)
    {
        var mission = caller.IsMissionParty && caller.Roles.Contains(Roles.MissionAdmin);
        if (!mission && !(caller.Party == party && caller.Roles.Contains(Roles.PartyAdmin)))
        {
            throw new RefusedException(RefusalKind.Forbidden, $"a member of '{caller.Party}' cannot manage the tokens of '{party}'");
        }
    }
}

public sealed record TokenRequest(
    [property: Description("The member's id (`truce member list`).")] string Member,
    [property: Description("How many days the token is valid: 1 to 366, default 30.")] int? Days = null);

public sealed record TokenRevocation([property: Description("The token, as issued.")] string Token);

public sealed record TokenIssued([property: Description("The token: shown once, never again.")] string Token, string Member, string Party, DateTimeOffset Expires);

public sealed record TokenRevoked(bool Revoked);

/// <summary>Who a token reads as; <c>Public</c> without one.</summary>
public sealed record TokenOwner(bool Public, string? Member, string? Party, IReadOnlyList<string> Roles, bool Mission);
