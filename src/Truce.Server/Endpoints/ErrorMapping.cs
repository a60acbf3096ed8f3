using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Sequencing;

namespace Truce.Server.Endpoints;

/// <summary>
/// Turns exceptions into RFC 9457 problem details, by audience: bad input (400, naming the field), refused
/// (401/403/409/404), overload or storage trouble (503 with Retry-After). Anything else is a bug: 500, logged.
/// </summary>
public sealed class ErrorMapping(RequestDelegate next, ILogger<ErrorMapping> log)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx);
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            var (status, title, field, extra) = Classify(e);
            if (status == 500)
            {
                log.LogError(e, "unhandled error on {Path}", ctx.Request.Path);
            }
            if (status == 503)
            {
                ctx.Response.Headers.RetryAfter = "1";
            }
            await Problem(ctx, status, title, status == 500 ? "internal error" : e.Message, field, extra,
                e is ValidationException { Errors.Count: > 1 } v ? v.Errors : null);
        }
    }

    static (int, string, string?, long?) Classify(Exception e) => e switch
    {
        ValidationException v => (400, "Invalid input", v.Field, null),
        RefusedException r => (r.Kind switch
        {
            RefusalKind.Unauthenticated => 401,
            RefusalKind.Forbidden => 403,
            RefusalKind.BadSignature => 422,
            RefusalKind.NotFound => 404,
            _ => 409,
        }, r.Kind.ToString(), null, r.ExistingIndex),
        JsonException => (400, "Invalid JSON", "body", null),
        BadHttpRequestException b => (b.StatusCode, "Bad request", null, null),
        LogUnavailableException => (503, "Log unavailable", null, null),
        OperationCanceledException => (503, "Cancelled", null, null),
        _ => (500, "Internal error", null, null),
    };

    public static async Task Problem(HttpContext ctx, int status, string title, string detail, string? field = null, long? existingIndex = null,
        IReadOnlyList<FieldError>? errors = null)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/problem+json";
        var problem = new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (field is not null)
        {
            problem["field"] = field;
        }
        if (errors is not null)
        {
            problem["errors"] = errors.Select(x => new Dictionary<string, string> { ["field"] = x.Field, ["problem"] = x.Problem }).ToList();
        }
        if (existingIndex is not null)
        {
            problem["existingIndex"] = existingIndex;
        }
        await ctx.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
    }
}
