using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Truce.Core.Entries;
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
        app.MapGet("/incidents/{id}", (string id, LedgerService l, HttpContext ctx) => Detail(l, ctx, "incidents", id)).ExcludeFromDescription();
        app.MapGet("/hazards/{id}", (string id, LedgerService l, HttpContext ctx) => Detail(l, ctx, "hazards", id)).ExcludeFromDescription();
        app.MapGet("/compliance", (LedgerService l, HttpContext ctx) => Detail(l, ctx, "compliance", null)).ExcludeFromDescription();
        app.MapGet("/movements", (LedgerService l, HttpContext ctx) => Detail(l, ctx, "movements", null)).ExcludeFromDescription();
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

    /// <summary>
    /// A detail page of its own: a shell holding what it shows (an incident's or a hazard's id, or a view), filled by
    /// /ui/detail.js as the reader reads. The same shell for every reader: whether the record exists, and what of it the
    /// reader may see, is the API's answer to the script, so the page itself tells nobody anything.
    /// </summary>
    static RazorComponentResult<DetailPage> Detail(LedgerService l, HttpContext ctx, string view, string? id)
    {
        if (id is { Length: > 200 })
        {
            throw new ValidationException("id", "is at most 200 characters");
        }
        var texts = Texts.For(ctx.Request.Query["lang"].FirstOrDefault());
        var title = id is null ? texts[view == "compliance" ? "mandate.compliance" : "mandate.movements"] : $"{texts["layer." + view]}: {id}";
        var model = new DetailModel(
            Name: l.WithRegistry(r => r.DeploymentName),
            Synthetic: l.WithRegistry(r => r.Synthetic),
            AssetsBuilt: AssetsBuilt,
            Title: title,
            MapHref: id is null ? $"/#{view}" : $"/#{view}/{Uri.EscapeDataString(id)}",
            Texts: texts,
            TextsJson: ScriptJson(texts.All),
            PageJson: ScriptJson(new { view, id }));
        return new RazorComponentResult<DetailPage>(new { Model = model });
    }

    /// <summary>JSON to sit inside a script element: the default encoder escapes &lt;, &gt; and &amp;, so no value can
    /// close the element or open a comment.</summary>
    static string ScriptJson(object value) => JsonSerializer.Serialize(value);
}
