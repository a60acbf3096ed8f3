using System.ComponentModel;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Truce.Core.Entries;
using Truce.Core.Services;
using Truce.Http;
using Truce.Server.Hosting;
using Truce.Server.Pages;

namespace Truce.Server.Endpoints;

/// <summary>
/// The public report form: the page at <c>/report</c> and <c>POST /api/public/reports</c>, which anyone may call
/// without a token, so it is rate-limited: 5 reports per client address per 10 minutes, and 200 per hour in all, each
/// refused beyond that with 429 and <c>Retry-After</c>. The server signs with the public party's server-held key
/// (<see cref="PublicIntake"/>); contact details go where only the mission reads them.
/// </summary>
public static class PublicReportEndpoints
{
    const string Policy = "public-reports";
    public const int PerAddress = 5;
    public static readonly TimeSpan AddressWindow = TimeSpan.FromMinutes(10);

    /// <summary>The server's budget of public reports across every address.</summary>
    sealed class Budget : IDisposable
    {
        public FixedWindowRateLimiter All { get; } = new(new FixedWindowRateLimiterOptions { PermitLimit = 200, Window = TimeSpan.FromHours(1), QueueLimit = 0 });

        public void Dispose() => All.Dispose();
    }

    /// <summary>The deployment's intake (one, so its key is read once) and the limits on it.</summary>
    public static void AddPublicReports(this IServiceCollection services) => services.AddSingleton<Budget>()
        .AddSingleton(s => new PublicIntake(s.GetRequiredService<Deployment>())).AddRateLimiter(o =>
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = (c, ct) => new ValueTask(TooManyAsync(c.HttpContext, ct));
        o.AddPolicy(Policy, ctx => RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = PerAddress, Window = AddressWindow, QueueLimit = 0 }));
    });

    public static void MapPublicReports(this WebApplication app)
    {
        app.MapGet("/report", Page).ExcludeFromDescription();
        app.MapPost("/api/public/reports", Submit).RequireRateLimiting(Policy)
            .Doc("submitPublicReport", ApiAccess.Public, "Report as a member of the public",
                "No token: the deployment's public party signs it with the key it left with the server (`\"signer\": \"server\"`). "
                + "The report is logged for the mission parties to triage (vis `party`, source `public`, confidence `low`); contact "
                + "details, when given, in a separate note only the mission party may read. 5 reports per client address per 10 "
                + "minutes and 200 per hour in all; beyond that 429 with Retry-After. 403 when the deployment takes no public reports.")
            .Body<PublicReportRequest>("What was seen, when and where.")
            .Json<PublicReportLogged>(201).Problems(403, 429, 507);
    }

    static async Task TooManyAsync(HttpContext ctx, CancellationToken ct)
    {
        ctx.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        ctx.Response.Headers.RetryAfter = "600";
        await ctx.Response.WriteAsJsonAsync(new
        {
            type = "about:blank",
            title = "Too many requests",
            status = 429,
            detail = $"at most {PerAddress} public reports per {AddressWindow.TotalMinutes} minutes from one address; try again later",
        }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
    }

    static RazorComponentResult<PublicReportPage> Page(LedgerService l, PublicIntake intake, HttpContext ctx)
    {
        var texts = Texts.For(ctx.Request.Query["lang"].FirstOrDefault());
        var name = l.WithRegistry(r => r.DeploymentName);
        return new RazorComponentResult<PublicReportPage>(new { Name = name, T = texts, Open = intake.Key() is not null });
    }

    static async Task<IResult> Submit(HttpContext ctx, PublicIntake intake, Budget budget)
    {
        using var doc = await JsonInput.ParseAsync(ctx.Request.Body, "body", ctx.RequestAborted);
        var r = new BodyReader();
        var b = r.Root(doc.RootElement);
        var report = new PublicReport(
            Category: b.Str("category", required: true, max: 64) ?? "",
            Type: b.Str("type", required: true, max: 64) ?? "",
            Start: b.Time("start", required: true) ?? default,
            Lat: b.Num("lat", required: true, min: -90, max: 90) ?? 0,
            Lon: b.Num("lon", required: true, min: -180, max: 180) ?? 0,
            Place: b.Str("place", max: 500),
            Description: b.Str("description", required: true, max: 2000) ?? "",
            Contact: b.Str("contact", max: 300));
        r.ThrowIfAny();
        using var lease = budget.All.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            await TooManyAsync(ctx, ctx.RequestAborted);
            return TypedResults.Empty;
        }
        var index = await intake.SubmitAsync(report, ctx.RequestAborted);
        return TypedResults.Created($"/api/entries/{index}", new PublicReportLogged(index));
    }
}

public sealed record PublicReportRequest(
    [property: Description("A category of the taxonomy (`GET /api/taxonomy`), e.g. `ceasefire-violation`.")] string Category,
    [property: Description("A type of that category, e.g. `small-arms`.")] string Type,
    [property: Description("When it began (RFC 3339), no later than now.")] DateTimeOffset Start,
    [property: Description("Where: latitude (WGS 84).")] double Lat,
    [property: Description("Where: longitude (WGS 84).")] double Lon,
    [property: Description("What was seen or heard, at most 2,000 characters.")] string Description,
    [property: Description("The place in words, at most 500 characters.")] string? Place = null,
    [property: Description("How the mission may reach the reporter, at most 300 characters: read by the mission party alone, never shown with the report.")] string? Contact = null);

public sealed record PublicReportLogged([property: Description("The report's index in the log.")] long Index);
