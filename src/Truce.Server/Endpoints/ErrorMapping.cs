using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Sequencing;

namespace Truce.Server.Endpoints;

/// <summary>
/// Turns exceptions into RFC 9457 problem details, by audience: bad input (400, naming the field), refused
/// (401/403/409/404), overload or storage trouble (503, or 507 when storage is full, with Retry-After), a damaged
/// store (500 naming what does not match, logged). Anything else is a bug: 500, logged, with no detail.
/// <para>It also bounds every request's work: the request's token (<see cref="HttpContext.RequestAborted"/>, which the
/// handlers pass to the work whose size the client chooses) fires when the client goes away or after
/// <paramref name="budget"/>. A request stopped for its client is not answered; one stopped by the budget gets 503.</para>
/// </summary>
public sealed class ErrorMapping(RequestDelegate next, ILogger<ErrorMapping> log, TimeSpan budget)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        var client = ctx.RequestAborted;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(client);
        // An endpoint whose work is longer by nature (an export) says so; a spent budget (zero, in tests) stays spent.
        var allowed = ctx.GetEndpoint()?.Metadata.GetMetadata<Http.RequestBudgetMetadata>() is { } longer && budget > TimeSpan.Zero
            ? longer.Budget : budget;
        if (allowed > TimeSpan.Zero)
        {
            limit.CancelAfter(allowed);
        }
        else
        {
            limit.Cancel(); // no time at all: every request is stopped at its first check (a test's deterministic budget)
        }
        ctx.RequestAborted = limit.Token;
        try
        {
            await next(ctx);
        }
        catch (OperationCanceledException) when (client.IsCancellationRequested)
        {
            // The client has gone: the work stopped, and there is no one to answer.
            log.LogDebug("request {Path} stopped: its client went away", ctx.Request.Path);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ctx.Response.HasStarted)
        {
            log.LogWarning("request {Path} stopped after {Budget}", ctx.Request.Path, allowed);
            ctx.Response.Headers.RetryAfter = "1";
            await Problem(ctx, 503, "Too much work", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the request was stopped after {allowed.TotalSeconds:0.###} s: ask about less (a shorter route, a smaller area, fewer rows)"));
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            var (status, title, field, extra) = Classify(e);
            if (status == 500)
            {
                log.LogError(e, "unhandled error on {Path}", ctx.Request.Path);
            }
            if (status is 503 or 507)
            {
                ctx.Response.Headers.RetryAfter = status == 507 ? "10" : "1";
            }
            var detail = status == 500 && e is not DamagedStoreException ? "internal error" : e.Message;
            await Problem(ctx, status, title, detail, field, extra,
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
        LogUnavailableException { StorageFull: true } or StorageFullException => (507, "Insufficient storage", null, null),
        LogUnavailableException => (503, "Log unavailable", null, null),
        DamagedStoreException => (500, "Damaged store", null, null),
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
