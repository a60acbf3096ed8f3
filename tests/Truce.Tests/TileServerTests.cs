using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>A tile server named in deployment.json is the dashboard's basemap; a value that is not a URL template stops
/// the deployment opening, naming the setting. Without one the page uses the bundled basemap.</summary>
public sealed class TileServerTests
{
    [Fact]
    public async Task The_dashboard_uses_the_tile_server_the_deployment_names_and_a_bad_one_is_refused()
    {
        var root = Directory.CreateTempSubdirectory("truce-tiles").FullName;
        var data = Path.Combine(root, "data");
        try
        {
            await (await Deployment.InitAsync(data, "tiles.truce.invalid/log", "tiles", synthetic: true)).DisposeAsync();
            async Task<string> PageAsync()
            {
                await using var d = Deployment.Open(data);
                await using var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
                await app.StartAsync();
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                var page = await http.GetStringAsync("/");
                var start = page.IndexOf("id=\"truce-config\">", StringComparison.Ordinal) + "id=\"truce-config\">".Length;
                return page[start..page.IndexOf("</script>", start, StringComparison.Ordinal)];
            }
            Assert.Null(JsonNode.Parse(await PageAsync())!["tiles"]);

            void Set(JsonNode? tiles)
            {
                var path = Path.Combine(data, "deployment.json");
                var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
                config["tiles"] = tiles;
                File.WriteAllText(path, config.ToJsonString());
            }
            Set("https://tiles.example.org/{z}/{x}/{y}.png");
            Assert.Equal("https://tiles.example.org/{z}/{x}/{y}.png", (string?)JsonNode.Parse(await PageAsync())!["tiles"]);
            Set("file:///etc/passwd");
            var bad = Assert.Throws<ValidationException>(() => Deployment.Open(data));
            Assert.Equal("deployment.json tiles", bad.Field);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
