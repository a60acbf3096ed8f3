using Truce.Server.Endpoints;
using Truce.Server.Hosting;

namespace Truce.Server;

/// <summary>Builds the web application over an open deployment. Only wiring lives here.</summary>
public static class TruceServer
{
    public const long MaxRequestBytes = 1 << 20;

    public static WebApplication Build(Deployment deployment, string urls, bool quiet = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Logging.SetMinimumLevel(quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Services.AddSingleton(deployment);
        builder.Services.AddSingleton(deployment.Ledger);
        var gazetteer = Places.Gazetteer.LoadDefault();
        if (deployment.NamingOrder is { Count: > 0 } order)
        {
            gazetteer.NamingOrder = order;
        }
        builder.Services.AddSingleton(gazetteer);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        var app = builder.Build();
        app.UseMiddleware<ErrorMapping>();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHome();
        app.MapLog();
        app.MapEntries();
        app.MapIncidents();
        app.MapPlaces();
        app.MapMandate();
        app.MapMineAction();
        app.MapGet("/healthz", (Deployment d) => TypedResults.Ok(new { status = "ok", size = d.Ledger.Sequencer.Size }));
        return app;
    }
}
