using System.Text.Encodings.Web;
using System.Text.Unicode;
using Truce.Core.Services;
using Truce.Http;
using Truce.Server.Endpoints;
using Truce.Server.Endpoints.Ogc;
using Truce.Server.Hosting;

namespace Truce.Server;

/// <summary>Builds the web application over an open deployment. Only wiring lives here.</summary>
public static class TruceServer
{
    public const long MaxRequestBytes = 1 << 20;

    /// <summary>The longest a request may work (<see cref="ErrorMapping"/>) unless the caller says otherwise.</summary>
    public static readonly TimeSpan RequestBudget = TimeSpan.FromSeconds(30);

    /// <summary>The key of the build's gazetteer among the services; a request's own <c>Gazetteer</c> is its reader's.</summary>
    public const string ShippedGazetteer = "shipped";

    /// <summary>The web application over an open deployment, which its caller disposes.</summary>
    public static WebApplication Build(Deployment deployment, string urls, bool quiet = false, TimeSpan? budget = null) => Build(urls, quiet, budget, s =>
    {
        s.AddSingleton(deployment);
        s.AddSingleton(deployment.Ledger);
    });

    /// <summary>
    /// Builds the web application while the deployment is still opening: opening replays the log, and building the web
    /// stack takes another third of a second that the other core can spend. Handlers get the deployment when it is
    /// open; the caller awaits <paramref name="opening"/> before it starts the application, so nothing is served from
    /// a deployment that failed to open. The caller disposes the deployment; the application's container may dispose
    /// it again (it disposes what its factories made), which <see cref="Deployment.DisposeAsync"/> makes harmless.
    /// </summary>
    public static WebApplication Build(Task<Deployment> opening, string urls, bool quiet = false) => Build(urls, quiet, null, s =>
    {
        s.AddSingleton(_ => opening.GetAwaiter().GetResult());
        s.AddSingleton(p => p.GetRequiredService<Deployment>().Ledger);
    });

    static WebApplication Build(string urls, bool quiet, TimeSpan? budget, Action<IServiceCollection> addDeployment)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Logging.SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information);
        addDeployment(builder.Services);
        AddGazetteers(builder.Services);
        builder.Services.AddProblemDetails();
        // Pages are UTF-8: names in Armenian, Azerbaijani and Russian stay readable in the source rather than become
        // numeric references (the encoder still escapes markup, quotes and control characters).
        builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        builder.Services.AddRazorComponents();
        builder.Services.AddPublicReports();
        builder.Services.AddTrustedProxies();
        builder.Services.AddOpenApi(ApiDescription.Configure);
        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseMiddleware<ErrorMapping>(budget ?? RequestBudget);
        app.UseStatusCodePages();
        app.UseMiddleware<WriteForwarding>();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapDashboard();
        app.MapHome();
        app.MapReports();
        app.MapPublicReports();
        app.MapLog();
        app.MapEntries();
        app.MapTokens();
        app.MapPlaces();
        app.MapLayers();
        app.MapMap();
        app.MapOgc();
        app.MapExports();
        app.MapChanges();
        foreach (var module in Composition.Modules.All)
        {
            module.MapEndpoints(app);
        }
        app.MapGet("/healthz", (Deployment d) => d.Ledger.Sequencer.ObserverFailure is { } failure
            // What is derived from the log is behind it (a module failed, or the disk is full): writes are refused until it catches up.
            ? Results.Problem(detail: failure.Message, statusCode: 503, title: "Derived state behind the log")
            : TypedResults.Ok(new Health("ok", d.Ledger.Sequencer.Size, d.MirrorOf is not null ? "mirror" : d.Ledger.Following ? "follower" : "writer",
                d.MirrorOf ?? d.WriterUrl)))
            .WithTags("health").WithMetadata(new ApiTag("health", "Whether this server can take writes."))
            .Doc("getHealth", ApiAccess.Public, "Health", "`ok`, the log's size as this server has it, its role (`writer`; `follower` of "
                + "another server on the same PostgreSQL database, which forwards writes to it; or `mirror`, a read-only copy of another "
                + "deployment's log, which refuses writes) and where the writer takes writes (a mirror: the upstream it copies); 503 when "
                + "what is derived from the log is behind it (a module failed, or the disk is full) and writes are refused until it catches up.")
            .Json<Health>().Problems(503);
        return app;
    }

    /// <summary>The build's gazetteer, loaded once (keyed <see cref="ShippedGazetteer"/>), and a request's own: its
    /// reader's (<see cref="ReadersGazetteer"/>), the shipped one with the settlements that reader's entries define.</summary>
    static void AddGazetteers(IServiceCollection services)
    {
        services.AddKeyedSingleton(ShippedGazetteer, (s, _) => s.GetRequiredService<Deployment>().LoadGazetteer());
        services.AddHttpContextAccessor();
        services.AddScoped(s =>
        {
            var l = s.GetRequiredService<LedgerService>();
            var ctx = s.GetRequiredService<IHttpContextAccessor>().HttpContext
                ?? throw new InvalidOperationException("a reader's gazetteer is asked for outside a request");
            return ReadersGazetteer.For(l, Requests.ReaderOf(ctx, l), s.GetRequiredKeyedService<Places.Gazetteer>(ShippedGazetteer));
        });
    }
}

/// <param name="Writer">Where the log's writer takes writes (this server's own URL when it is the writer), if known.</param>
public sealed record Health(string Status, long Size, string Role, string? Writer);
