using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Truce.Core.Services;
using Truce.Server.Pages;

namespace Truce.Server.Endpoints;

/// <summary>
/// The dashboard at <c>/</c> (<see cref="Dashboard"/>) and its files under <c>/ui/</c>: the page's own script and
/// style and the libraries it uses, built from npm by scripts/web into web/dist and copied next to the server as
/// wwwroot. Nothing is fetched from elsewhere at run time; without the files the page says how to build them.
/// </summary>
public static class DashboardPage
{
    /// <summary>Where the built files are: wwwroot next to the server's assembly.</summary>
    static string AssetsFolder => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    static bool AssetsBuilt => File.Exists(Path.Combine(AssetsFolder, "map.js"));

    /// <summary>The layers the map offers, in drawing order, and whether each starts shown.</summary>
    static readonly (string Id, bool On)[] Layers =
        [("hazards", true), ("corridors", true), ("checkpoints", true), ("incidents", true), ("reports", false), ("places", false)];

    public static void MapDashboard(this WebApplication app)
    {
        app.MapGet("/", Render).ExcludeFromDescription();
        if (Directory.Exists(AssetsFolder))
        {
            var types = new FileExtensionContentTypeProvider();
            types.Mappings[".geojson"] = "application/geo+json";
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(AssetsFolder), RequestPath = "/ui", ContentTypeProvider = types });
        }
    }

    static RazorComponentResult<Dashboard> Render(LedgerService l, Hosting.Deployment d, HttpContext ctx)
    {
        var texts = Texts.For(ctx.Request.Query["lang"].FirstOrDefault());
        var config = new { tiles = d.Tiles, layers = Layers.Select(x => x.Id), center = new[] { 39.8, 46.75 }, zoom = 9 };
        var model = new DashboardModel(
            Name: l.WithRegistry(r => r.DeploymentName),
            Synthetic: l.WithRegistry(r => r.Synthetic),
            AssetsBuilt: AssetsBuilt,
            Layers: Layers,
            Texts: texts,
            TextsJson: ScriptJson(texts.All),
            ConfigJson: ScriptJson(config));
        return new RazorComponentResult<Dashboard>(new { Model = model });
    }

    /// <summary>JSON to sit inside a script element: the default encoder escapes &lt;, &gt; and &amp;, so no value can
    /// close the element or open a comment.</summary>
    static string ScriptJson(object value) => JsonSerializer.Serialize(value);
}
