using System.Net;
using System.Text.Json;
using Truce.Tests.VisibilityDifferential;

namespace Truce.Tests;

/// <summary>Exports of every collection (GeoJSON, CSV, HXL) over HTTP and with <c>truce export</c>, against the OGC count.</summary>
public class ExportTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    async Task<int> Matched(HttpClient c, string collection) =>
        JsonDocument.Parse(await c.GetStringAsync($"/ogc/collections/{collection}/items?limit=1")).RootElement.GetProperty("numberMatched").GetInt32();

    /// <summary>CSV records (RFC 4180: a quoted cell may hold a line break).</summary>
    static int Records(string csv)
    {
        var (records, quoted) = (0, false);
        for (int i = 0; i < csv.Length; i++)
        {
            quoted ^= csv[i] == '"';
            records += !quoted && csv[i] == '\n' ? 1 : 0;
        }
        return records;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("mission")]
    public async Task Every_collection_exports_every_feature_the_reader_may_see_in_each_format(string? party)
    {
        using var c = f.Client(party);
        foreach (var collection in Requests.Collections)
        {
            var matched = await Matched(c, collection);
            var geojson = await c.GetAsync($"/api/export/{collection}?format=geojson");
            Assert.Equal("application/geo+json", geojson.Content.Headers.ContentType?.MediaType);
            Assert.Equal(matched.ToString(System.Globalization.CultureInfo.InvariantCulture), geojson.Headers.GetValues("Truce-Feature-Count").Single());
            var features = JsonDocument.Parse(await geojson.Content.ReadAsStringAsync()).RootElement.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(matched, features.Count);
            Assert.Equal(matched, features.Select(x => x.GetProperty("id").GetString()).Distinct().Count());
            var csv = await c.GetStringAsync($"/api/export/{collection}?format=csv");
            Assert.StartsWith("id,wkt", csv);
            Assert.Equal(matched + 1, Records(csv));
            var hxl = await c.GetStringAsync($"/api/export/{collection}?format=hxl");
            Assert.StartsWith("#meta+id,#geo+wkt", hxl.Split("\r\n")[1]);
            Assert.Equal(matched + 2, Records(hxl));
        }
    }

    [Fact]
    public async Task A_csv_export_carries_the_geometry_as_wkt_and_the_same_ids_as_geojson()
    {
        using var c = f.Client("mission");
        var ids = JsonDocument.Parse(await c.GetStringAsync("/api/export/hazards")).RootElement.GetProperty("features").EnumerateArray()
            .Select(x => x.GetProperty("id").GetString()).ToList();
        var rows = (await c.GetStringAsync("/api/export/hazards?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(ids, rows.Select(r => r[..r.IndexOf(',', StringComparison.Ordinal)]));
        Assert.All(rows, r => Assert.Matches("^[^,]+,\"(MULTI)?POLYGON \\(", r));
    }

    [Fact]
    public async Task Hazards_and_minefields_export_as_their_import_reads_them()
    {
        using var c = f.Client("az"); // the demo's minefield records are restricted to az and a few others
        var csv = await c.GetStringAsync("/api/export/hazards?format=import-csv");
        Assert.StartsWith("id,type,status,name,district,devices,evidence,blockages,beneficiaries,benchmark_lon,benchmark_lat,perimeter_wkt,cancelled_m2,reduced_m2,cleared_m2,synthetic\r\n", csv);
        Assert.Equal(await Matched(c, "hazards") + 1, Records(csv));
        var hazards = JsonDocument.Parse(await c.GetStringAsync("/api/export/hazards?format=import-geojson")).RootElement.GetProperty("features");
        Assert.Equal(await Matched(c, "hazards"), hazards.GetArrayLength());
        // Properties are the hazard's body: the OGC properties the import refuses (remainingM2, entry) are not there.
        Assert.All(hazards.EnumerateArray(), h => Assert.Equal(h.GetProperty("id").GetString(), h.GetProperty("properties").GetProperty("id").GetString()));
        Assert.DoesNotContain(hazards.EnumerateArray(), h => h.GetProperty("properties").TryGetProperty("remainingM2", out _));
        var minefields = JsonDocument.Parse(await c.GetStringAsync("/api/export/minefields?format=import-geojson")).RootElement.GetProperty("features");
        Assert.NotEqual(0, minefields.GetArrayLength());
        Assert.Equal(await Matched(c, "minefields"), minefields.GetArrayLength());
        Assert.All(minefields.EnumerateArray(), m => Assert.True(m.GetProperty("properties").GetProperty("referencePoints").GetArrayLength() >= 2));
    }

    [Theory]
    [InlineData("/api/export/hazards?format=pdf", 400, "format")]
    [InlineData("/api/export/hazards?format=csv&format=hxl", 400, "format")]
    [InlineData("/api/export/minefields?format=import-csv", 400, "format")]
    [InlineData("/api/export/nothing", 404, null)]
    public async Task A_bad_export_request_is_a_problem(string url, int status, string? field)
    {
        using var c = f.Client();
        var r = await c.GetAsync(url);
        Assert.Equal((HttpStatusCode)status, r.StatusCode);
        if (field is not null)
        {
            Assert.Equal(field, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Truce_export_writes_the_same_file_from_a_server_with_a_token()
    {
        var dir = Directory.CreateTempSubdirectory("truce-export").FullName;
        var file = Path.Combine(dir, "reports.csv");
        var token = f.Deployment.ReadSecret("mission-admin.token")!;
        var (code, _, err) = await CliProcess.RunAsync("export", "reports", "--format", "csv", "--out", file, "--server", f.BaseUri.ToString(), "--token", token);
        Assert.True(code == 0, err);
        using var c = f.Client("mission");
        Assert.Equal(await c.GetStringAsync("/api/export/reports?format=csv"), await File.ReadAllTextAsync(file));
        var (bad, _, why) = await CliProcess.RunAsync("export", "reports", "--format", "pdf", "--out", file, "--server", f.BaseUri.ToString());
        Assert.NotEqual(0, bad);
        Assert.Contains("format", why);
        Assert.Single(why.Trim().Split('\n'));
    }
}
