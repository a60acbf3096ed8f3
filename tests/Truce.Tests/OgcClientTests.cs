using System.Diagnostics;
using System.Text.Json;

namespace Truce.Tests;

/// <summary>
/// A real OGC API – Features client, GDAL's OAPIF driver (Debian's gdal-bin, installed by scripts/test): ogrinfo lists
/// every collection and ogr2ogr copies each to GeoJSON with as many features as the JSON API gives the same reader,
/// anonymously and with a party's token (GDAL_HTTP_HEADERS).
/// </summary>
public class OgcClientTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static readonly string[] Collections = ["incidents", "reports", "places", "corridors", "checkpoints", "activities", "hazards", "minefields", "ordnance", "gazetteer"];

    /// <summary>The JSON API's layer each collection is.</summary>
    static readonly Dictionary<string, string> JsonLayer = new()
    {
        ["incidents"] = "incidents/incidents",
        ["reports"] = "incidents/reports",
        ["places"] = "incidents/places",
        ["corridors"] = "mandate/corridors",
        ["checkpoints"] = "mandate/checkpoints",
        ["activities"] = "mandate/activities",
        ["hazards"] = "mine-action/hazards",
        ["minefields"] = "mine-action/minefields",
        ["ordnance"] = "mine-action/ordnance",
    };

    static (int Code, string Out) Run(string tool, string? token, params string[] args)
    {
        var psi = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (token is not null)
        {
            psi.Environment["GDAL_HTTP_HEADERS"] = $"Authorization: Bearer {token}";
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), $"{tool} took over two minutes");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    async Task<int> JsonCount(HttpClient c, string collection)
    {
        var url = JsonLayer.TryGetValue(collection, out var layer) ? $"/api/layers/{layer}?limit=10000" : "/ogc/collections/gazetteer/items?limit=1";
        var doc = JsonDocument.Parse(await c.GetStringAsync(url)).RootElement;
        return doc.TryGetProperty("numberMatched", out var m) ? m.GetInt32() : doc.GetProperty("numberReturned").GetInt32();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("mission")]
    [InlineData("az")]
    public async Task Gdal_lists_every_collection_and_copies_each_with_the_json_apis_count(string? party)
    {
        var token = party is null ? null : f.Deployment.ReadSecret($"{party}-admin.token");
        var source = $"OAPIF:{f.BaseUri}ogc";
        var (code, listing) = Run("ogrinfo", token, "-ro", "-q", source);
        Assert.True(code == 0, listing);
        Assert.All(Collections, c => Assert.Contains($": {c} (title:", listing));
        Assert.DoesNotContain("ERROR", listing);
        using var http = f.Client(party);
        var dir = Directory.CreateTempSubdirectory("truce-ogr").FullName;
        foreach (var collection in Collections)
        {
            var file = Path.Combine(dir, $"{collection}.geojson");
            var (copied, output) = Run("ogr2ogr", token, "-f", "GeoJSON", file, source, collection);
            Assert.True(copied == 0 && !output.Contains("ERROR", StringComparison.Ordinal), $"{collection}: {output}");
            var features = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("features").GetArrayLength();
            Assert.True(await JsonCount(http, collection) == features, $"{collection} as {party ?? "the public"}: GDAL copied {features}");
        }
    }

    [Fact]
    public async Task Gdal_where_on_a_queryable_and_a_date_is_answered_by_the_server()
    {
        var token = f.Deployment.ReadSecret("mission-admin.token");
        var file = Path.Combine(Directory.CreateTempSubdirectory("truce-ogr").FullName, "open.geojson");
        var (code, output) = Run("ogr2ogr", token, "-f", "GeoJSON", file, $"OAPIF:{f.BaseUri}ogc", "hazards", "-where", "status = 'open' AND recorded >= '2000-01-01'");
        Assert.True(code == 0, output);
        using var http = f.Client("mission");
        var open = JsonDocument.Parse(await http.GetStringAsync("/ogc/collections/hazards/items?status=open&limit=1")).RootElement.GetProperty("numberMatched").GetInt32();
        Assert.Equal(open, JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement.GetProperty("features").GetArrayLength());
    }
}
