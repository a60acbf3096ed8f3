using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Services;

namespace Truce.Http;

/// <summary>Who a request stands for. Every endpoint, the server's and each module's, asks here.</summary>
public static class Requests
{
    /// <summary>The caller from "Authorization: Bearer …"; null when there is no header (an anonymous reader).</summary>
    public static Caller? CallerOf(HttpContext ctx, LedgerService l)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return null;
        }
        // The scheme is case-insensitive (RFC 9110 §11.1).
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 200)
        {
            throw new RefusedException(RefusalKind.Unauthenticated, "the Authorization header is 'Bearer <API token>'");
        }
        return l.Authenticate(header[7..].Trim());
    }

    /// <summary>The reader a request stands for: the token's party, or anonymous.</summary>
    public static Reader ReaderOf(HttpContext ctx, LedgerService l) => CallerOf(ctx, l)?.AsReader ?? Reader.Anonymous;

    /// <summary>The module of type <typeparamref name="T"/>; a 404 naming it when this deployment does not run it.</summary>
    public static T Module<T>(LedgerService l, string what) where T : class, Core.Modules.IModule =>
        l.Module<T>() ?? throw new RefusedException(RefusalKind.NotFound, $"this deployment does not run the {what} module");
}
