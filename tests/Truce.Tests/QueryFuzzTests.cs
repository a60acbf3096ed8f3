using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Routing;

namespace Truce.Tests;

/// <summary>
/// Every read endpoint with hostile and random query strings, through the real server: each answer is a 2xx or a 4xx
/// problem naming what was wrong, never a 5xx. Each parameter an endpoint reads gets every hostile value in turn (the
/// others valid, so the hostile one is the one read), then random strings mix parameters, values and repeats.
/// </summary>
public partial class QueryFuzzTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static readonly bool Nightly = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly";
    static readonly int Cases = Nightly ? 20_000 : 1_500;

    /// <summary>Each GET endpoint (with real ids from the demo), the valid query it needs to get as far as reading the
    /// rest, and the parameters it reads.</summary>
    static readonly (string Path, string Valid, string[] Names)[] Endpoints =
    [
        ("", "", []), ("healthz", "", []), ("openapi/v1.json", "", []), ("log/checkpoint", "", []), ("log/key", "", []),
        ("log/tile/0/000", "", []), ("log/tile/entries/000.p/1", "", []),
        ("log/proof/inclusion", "index=0&size=1", ["index", "size"]), ("log/proof/consistency", "from=0&to=1", ["from", "to"]),
        ("api/entries", "", ["after", "limit", "kind"]), ("api/entries/3", "", []), ("api/parties", "", ["after", "limit"]), ("api/deployment", "", []),
        ("ledger", "", []), ("api/tokens/me", "", []), ("reports/daily", "date=2021-03-01", ["date", "hour", "naming"]), ("report", "", []),
        ("incidents/I-3", "", []), ("hazards/CHA-AGH-001", "", []), ("compliance", "", []), ("movements", "", []),
        ("api/map/incidents", "zoom=5", ["zoom", "bbox", "bbox-crs", "datetime", "filter", "filter-lang", "filter-crs", "naming", "status", "type"]),
        ("api/map/hazards", "zoom=5", ["zoom", "bbox", "datetime", "status"]),
        ("api/layers", "", []), ("api/layers/incidents/incidents", "", ["limit"]), ("api/layers/mine-action/hazards", "", ["limit"]),
        ("api/taxonomy", "", []), ("api/correlation/settings", "", []),
        ("api/incidents", "", ["from", "to", "bbox", "area", "type", "category", "status", "party", "source", "after", "limit", "naming"]),
        ("api/incidents/I-3", "", ["naming"]),
        ("api/reports", "", ["from", "to", "bbox", "area", "type", "category", "status", "party", "source", "after", "limit"]),
        ("api/reports/3", "", []), ("api/reports/3/candidates", "", []),
        ("api/claims", "", ["incident", "after", "limit"]), ("api/restrictions", "", ["from", "to", "after", "limit"]), ("api/hotline", "", ["after", "limit"]),
        ("api/stats/daily", "", ["from", "to", "by", "naming"]),
        ("api/places", "", ["naming", "near", "kind", "after", "limit", "radius"]), ("api/places/defined", "", ["naming", "after", "limit"]), ("api/places/resolve", "text=Shusha", ["text", "naming"]),
        ("api/places/x", "", ["naming"]),
        ("api/agreements", "", ["after", "limit"]), ("api/corridors", "", ["after", "limit"]), ("api/checkpoints", "", ["after", "limit"]),
        ("api/movements", "", ["after", "limit"]), ("api/transits", "", ["after", "limit"]), ("api/activities", "", ["after", "limit"]),
        ("api/compliance", "", ["asOf", "party", "code", "after", "limit"]),
        ("api/hazards", "", ["status", "type", "district", "bbox", "limit", "after"]), ("api/hazards/CHA-AGH-001", "", []),
        ("api/minefields", "", ["after", "limit"]), ("api/minefields/MF-AGH-01", "", []), ("api/minefields/handovers", "", ["after", "limit"]),
        ("api/land-release", "", ["hazard", "organisation", "after", "limit"]), ("api/land-release/tasks", "", ["after", "limit"]),
        ("api/land-release/quality-visits", "", ["after", "limit"]), ("api/ordnance", "", ["category", "after", "limit"]),
        ("api/mine-accidents", "", ["after", "limit"]),
        ("api/mine-action/stats", "", ["from", "to"]), ("api/safety", "lat=39.76&lon=46.75", ["lat", "lon", "buffer", "includeClosed"]),
        ("ogc", "", ["f", "naming"]), ("ogc/api", "", []), ("ogc/conformance", "", ["f"]), ("ogc/collections", "", ["f", "naming"]),
        ("ogc/collections/hazards", "", ["f"]), ("ogc/collections/incidents/queryables", "", ["f"]),
        ("ogc/collections/incidents/items", "", ["limit", "bbox", "bbox-crs", "datetime", "after", "filter", "filter-lang", "filter-crs", "naming", "f", "status", "type"]),
        ("ogc/collections/incidents/items/I-3", "", ["naming", "f"]),
        ("api/export/hazards", "format=csv", ["format", "naming"]),
        // `wait` is left out: a valid one holds the request for its seconds (ChangeFeedTests tests it).
        ("api/changes", "after=0", ["after", "cursor", "limit", "naming"]),
        ("api/evidence", "", ["after", "limit"]), ("api/evidence/attached", "type=incident&id=I-3", ["type", "id"]),
        ("api/evidence/" + new string('0', 64), "", []), ("api/evidence/" + new string('0', 64) + "/record", "", []),
        ("api/custody", "", ["after", "limit"]), ("api/custody/DEMO-REMAINS-1", "", []),
    ];

    static readonly string[] AllNames = [.. Endpoints.SelectMany(e => e.Names).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Numbers .NET parses but no range check may pass (NaN compares false with everything), integers beyond
    /// a long, the calendar's ends, broken coordinates and geometry, odd encodings.</summary>
    static readonly string[] Hostile =
    [
        "", "NaN", "nan", "Infinity", "-Infinity", "+Infinity", "∞", "1e400", "-1e400", "1e-400", "-0", "0x10",
        "-1", "0", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "99999999999999999999999999999999", "0001-01-01", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00%2B14:00", "9999-12-31",
        "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-14:00", "1899-12-31T23:59:59Z",
        "2201-01-01", "2021-02-30", "NaN,0,0,0", "0,NaN,0,0", "0,0,NaN,0", "0,0,0,NaN", "-Infinity,0,0,0", "0,0,Infinity,0",
        "1e400,0,0,0", "46,39,47,40", "47,40,46,39", "NaN,NaN", "NaN,46.75", "39.76,Infinity", "1e400,0", "I-", "I-99999999999999999999",
        "I-NaN", "%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B0%2C0%5D%5D%5D%7D",
        "%7B%22type%22%3A%22Polygon%22%2C%22coordinates%22%3A%5B%5B%5B1e400%2C0%5D%2C%5B1%2C0%5D%2C%5B1%2C1%5D%2C%5B1e400%2C0%5D%5D%5D%7D",
        "90", "-90", "180", "-180", "90,180", "-90,-180", "-180,-90,180,90", "1e-300",
        "99999999999999999999999999%20km%20north%20of%20Shusha", "%00", "%F0%9F%99%82", "%FF", new string('a', 5000), "Shusha",
    ];

    static string RandomValue(Random rng) => rng.Next(4) == 0
        ? rng.Next(-3, 2000).ToString(CultureInfo.InvariantCulture)
        : Hostile[rng.Next(Hostile.Length)];

    async Task<List<string>> ServerErrors(IEnumerable<string> urls)
    {
        using var anon = f.Client();
        using var az = f.Client("az");
        var failures = new List<string>();
        var n = 0;
        foreach (var url in urls)
        {
            // A token too: a party's reader takes other books, and the hotline answers only parties.
            using var resp = await (n++ % 2 == 0 ? anon : az).GetAsync(url);
            if ((int)resp.StatusCode >= 500)
            {
                failures.Add($"{url} → {(int)resp.StatusCode} {await resp.Content.ReadAsStringAsync()}");
            }
            else if (resp.StatusCode == HttpStatusCode.BadRequest && !(await resp.Content.ReadAsStringAsync()).Contains("\"field\":", StringComparison.Ordinal))
            {
                failures.Add($"{url} → 400 without the field it is about");
            }
            if (failures.Count >= 20)
            {
                break;
            }
        }
        return failures;
    }

    [Fact]
    public async Task Every_parameter_of_every_endpoint_refuses_each_hostile_value_with_a_4xx()
    {
        static string Join(string valid, string more) => valid.Length == 0 ? more : $"{valid}&{more}";
        var urls = new List<string>();
        foreach (var (path, valid, names) in Endpoints)
        {
            foreach (var name in names)
            {
                // The valid query's own value for this name is replaced, so the hostile value is the only one given.
                var others = string.Join("&", valid.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)));
                urls.AddRange(Hostile.Select(v => $"{path}?{Join(others, $"{name}={v}")}"));
                urls.Add($"{path}?{Join(valid, $"{name}=1&{name}=2")}");
            }
        }
        var failures = await ServerErrors(urls);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task No_random_query_string_gets_a_server_error()
    {
        var rng = new Random(1110);
        var urls = Enumerable.Range(0, Cases).Select(_ =>
        {
            var (path, valid, names) = Endpoints[rng.Next(Endpoints.Length)];
            // Mostly the endpoint's own parameters, given once or more; sometimes any other.
            var query = Enumerable.Range(0, rng.Next(0, 5)).Select(_ =>
                $"{(names.Length > 0 && rng.Next(4) > 0 ? names[rng.Next(names.Length)] : AllNames[rng.Next(AllNames.Length)])}={RandomValue(rng)}");
            return $"{path}?{string.Join("&", (rng.Next(2) == 0 ? [valid] : Array.Empty<string>()).Concat(query).Where(p => p.Length > 0))}";
        }).ToList();
        var failures = await ServerErrors(urls);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A new endpoint is fuzzed too, or this fails: every GET route the server maps has a row above.</summary>
    [Fact]
    public void Every_get_endpoint_the_server_maps_is_fuzzed()
    {
        var routes = ((IEndpointRouteBuilder)f.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? false)
            .Select(e => e.RoutePattern).ToList();
        Assert.NotEmpty(routes);
        var missing = routes.Where(r => !Endpoints.Any(e => Matches(r, e.Path))).Select(r => r.RawText).ToList();
        Assert.True(missing.Count == 0, "not fuzzed: " + string.Join(", ", missing));
    }

    static bool Matches(Microsoft.AspNetCore.Routing.Patterns.RoutePattern route, string path)
    {
        var segments = path.Length == 0 ? [] : path.Split('/');
        if (route.PathSegments.Count != segments.Length && !(route.Parameters.Any(p => p.IsCatchAll) && segments.Length >= route.PathSegments.Count))
        {
            return false;
        }
        for (var i = 0; i < route.PathSegments.Count; i++)
        {
            var parts = route.PathSegments[i].Parts;
            if (parts is [Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal] && literal.Content != segments[i])
            {
                return false;
            }
            if (parts.Count > 1 && !segments[i].EndsWith(((Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart)parts[^1]).Content, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
