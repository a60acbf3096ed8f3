using System.Net;

namespace Truce.Tests;

/// <summary>
/// Every read endpoint with random and hostile query strings, through the real server: each answer is a 2xx or a 4xx
/// problem, never a 5xx.
/// </summary>
public class QueryFuzzTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static readonly int Cases = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly" ? 20_000 : 1_500;

    static readonly string[] Paths =
    [
        "api/entries", "api/entries/3", "api/incidents", "api/incidents/I-3", "api/reports", "api/reports/3", "api/reports/3/candidates",
        "api/claims", "api/restrictions", "api/hotline", "api/stats/daily", "api/places", "api/places/resolve", "api/places/x",
        "api/agreements", "api/corridors", "api/movements", "api/activities", "api/compliance", "log/proof/inclusion", "log/proof/consistency",
        "log/tile/0/000", "log/tile/entries/000.p/1", "api/taxonomy",
        "api/hazards", "api/hazards/CHA-AGH-001", "api/minefields", "api/minefields/MF-AGH-01", "api/minefields/handovers", "api/land-release",
        "api/ordnance", "api/mine-accidents", "api/land-release/tasks", "api/land-release/quality-visits", "api/mine-action/stats", "api/safety",
    ];

    static readonly string[] Names =
    [
        "after", "limit", "kind", "from", "to", "bbox", "area", "type", "category", "status", "party", "source", "naming", "near", "radius",
        "text", "asOf", "incident", "index", "size", "by", "lat", "lon", "buffer", "includeClosed", "district", "hazard", "organisation",
    ];

    static string Value(Random rng) => rng.Next(14) switch
    {
        0 => "",
        1 => "-1",
        2 => "9223372036854775807",
        3 => "1e400",
        4 => "I-",
        5 => "%00",
        6 => "2021-02-30",
        7 => "46,39,47,40",
        8 => "%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B0%2C0%5D%5D%5D%7D",
        9 => new string('a', rng.Next(1, 5000)),
        10 => "NaN",
        11 => "Shusha",
        12 => "%F0%9F%99%82",
        _ => rng.Next(-3, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task No_query_string_gets_a_server_error()
    {
        var rng = new Random(1110);
        using var anon = f.Client();
        using var az = f.Client("az");
        var failures = new List<string>();
        for (int i = 0; i < Cases; i++)
        {
            var query = string.Join("&", Enumerable.Range(0, rng.Next(0, 5)).Select(_ => $"{Names[rng.Next(Names.Length)]}={Value(rng)}"));
            var url = $"{Paths[rng.Next(Paths.Length)]}?{query}";
            var resp = await (rng.Next(2) == 0 ? anon : az).GetAsync(url);
            if ((int)resp.StatusCode >= 500)
            {
                failures.Add($"{url} → {(int)resp.StatusCode}");
            }
            Assert.True(resp.StatusCode is < HttpStatusCode.InternalServerError || failures.Count < 20, string.Join("\n", failures));
        }
        Assert.Empty(failures);
    }

    static string Segment(Random rng) => rng.Next(16) switch
    {
        0 => "",
        1 => "-1",
        2 => "x001",
        3 => "000.p",
        4 => "000.p/0",
        5 => "000.p/256",
        6 => "000.p/-3",
        7 => "..",
        8 => "%2e%2e",
        9 => new string('0', rng.Next(1, 300)),
        10 => "entries",
        11 => "x999",
        12 => "%00",
        13 => "9223372036854775807",
        14 => $"{rng.Next(0, 1000):000}",
        _ => rng.Next(-2, 70).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>tlog-tiles paths, well-formed and not: levels, indexes with and without x-groups, partial widths, entry
    /// bundles; each is a tile, a 404 or a 400, never a 5xx.</summary>
    [Fact]
    public async Task No_tile_path_gets_a_server_error()
    {
        var rng = new Random(6962);
        using var anon = f.Client();
        var failures = new List<string>();
        var found = 0;
        for (int i = 0; i < Cases; i++)
        {
            var path = "log/tile/" + string.Join("/", Enumerable.Range(0, rng.Next(1, 6)).Select(_ => Segment(rng)));
            var resp = await anon.GetAsync(path);
            found += resp.StatusCode == HttpStatusCode.OK ? 1 : 0;
            if ((int)resp.StatusCode >= 500)
            {
                failures.Add($"{path} → {(int)resp.StatusCode}");
            }
            Assert.True(resp.StatusCode is < HttpStatusCode.InternalServerError || failures.Count < 20, string.Join("\n", failures));
        }
        Assert.Empty(failures);
        Assert.True(found > 0, "some of the generated paths name real tiles");
    }
}
