using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;

namespace Truce.Tests;

/// <summary>
/// Every read endpoint × every demo party (and anonymous) × every visibility: an entry carrying a unique marker is
/// seen exactly by the readers SPEC §3.2 allows, through every endpoint; a hidden entry answers the same 404 as a
/// missing one. Markers sit in free-text fields of several kinds from several modules.
/// </summary>
[Trait("Store", "both")]
public class AccessMatrixTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static readonly string[] Readers = ["", "az", "am", "pk", "jmc", "mine-agency", "unhcr"];

    static readonly string[] Endpoints =
    [
        "", "api/entries?limit=1000", "api/incidents?limit=1000", "api/reports?limit=1000", "api/claims", "api/restrictions", "api/hotline",
        "api/movements", "api/activities", "api/compliance", "api/hazards?limit=1000", "api/minefields?limit=1000", "api/minefields/handovers",
        "api/land-release?limit=1000", "api/land-release/tasks", "api/land-release/quality-visits", "api/ordnance?limit=1000",
        "api/mine-accidents?limit=1000", "api/mine-action/stats", "api/places/defined", "api/parties", "api/transits", "api/checkpoints",
    ];

    static JsonArray Pt() => [46.61, 39.71];

    /// <summary>(author, kind, body with the marker) for one visibility.</summary>
    static IEnumerable<(string Party, string Kind, JsonObject Body)> Entries(string m) =>
    [
        ("az", "note", new JsonObject { ["text"] = m }),
        ("az", "report", new JsonObject
        {
            ["category"] = "ceasefire-violation",
            ["type"] = "small-arms",
            ["time"] = new JsonObject { ["start"] = "2021-06-20T08:00:00Z" },
            ["location"] = new JsonObject { ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = Pt() }, ["precision"] = "near" },
            ["source"] = new JsonObject { ["kind"] = "patrol", ["id"] = m },
            ["description"] = m,
        }),
        ("am", "movement.notice", new JsonObject
        {
            ["id"] = m,
            ["people"] = new JsonArray(new JsonObject { ["category"] = "civilian", ["count"] = 2 }),
            ["purpose"] = m,
            ["from"] = "2021-07-01T00:00:00Z",
            ["until"] = "2021-07-02T00:00:00Z",
        }),
        ("mine-agency", "hazard", new JsonObject
        {
            ["id"] = m,
            ["type"] = "SHA",
            ["name"] = m,
            ["benchmark"] = new JsonObject { ["type"] = "Point", ["coordinates"] = Pt() },
            ["perimeter"] = new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(new JsonArray(
                new JsonArray(46.6, 39.7), new JsonArray(46.601, 39.7), new JsonArray(46.601, 39.701), new JsonArray(46.6, 39.7))) },
        }),
        ("mine-agency", "ordnance.found", new JsonObject
        {
            ["id"] = m,
            ["category"] = "uxo",
            ["condition"] = "intact",
            ["fuzeState"] = "unknown",
            ["position"] = new JsonObject { ["type"] = "Point", ["coordinates"] = Pt() },
            ["found"] = "2021-06-20T08:00:00Z",
            ["action"] = "removed",
            ["note"] = m,
        }),
        ("mine-agency", "mine.accident", new JsonObject
        {
            ["id"] = m,
            ["position"] = new JsonObject { ["type"] = "Point", ["coordinates"] = Pt() },
            ["time"] = "2021-06-20T08:00:00Z",
            ["device"] = "uxo",
            ["kind"] = "civilian",
            ["activation"] = "handling",
            ["note"] = m,
        }),
    ];

    [Fact]
    public async Task Every_reader_sees_through_every_endpoint_exactly_what_its_visibility_allows()
    {
        var cases = new List<(string Marker, string Author, Visibility Vis, string[] To, long Index)>();
        foreach (var (vis, to) in new[] { (Visibility.Public, Array.Empty<string>()), (Visibility.Mission, []), (Visibility.Party, []), (Visibility.Restricted, ["pk"]) })
        {
            for (int k = 0; k < Entries("").Count(); k++)
            {
                // A marker per entry: the same visibility allows different readers for different authors.
                var marker = "MARK" + Guid.NewGuid().ToString("N")[..16];
                var (party, kind, body) = Entries(marker).ElementAt(k);
                var r = await f.PostEntryAsync(party, kind, (JsonObject)body.DeepClone(), vis, to);
                var text = await r.Content.ReadAsStringAsync();
                Assert.True(r.StatusCode == HttpStatusCode.Created, $"{kind} as {party}, {vis}: {text}");
                cases.Add((marker, party, vis, to, JsonDocument.Parse(text).RootElement.GetProperty("index").GetInt64()));
            }
        }
        var leaks = new List<string>();
        var checks = 0;
        foreach (var reader in Readers)
        {
            using var c = f.Client(reader.Length == 0 ? null : reader);
            var mission = reader.Length > 0 && f.Deployment.Ledger.Registry.IsMissionParty(reader);
            var who = reader.Length == 0 ? Reader.Anonymous : new Reader(reader, mission);
            var pages = new Dictionary<string, string>();
            foreach (var e in Endpoints)
            {
                var resp = await c.GetAsync(e);
                // A refusal (the hotline is for members only) is fine; anything else must be an answer.
                Assert.True(resp.IsSuccessStatusCode || resp.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
                    $"{e} as '{reader}': {(int)resp.StatusCode}");
                pages[e] = await resp.Content.ReadAsStringAsync();
            }
            foreach (var (marker, author, vis, to, index) in cases)
            {
                var allowed = who.CanSee(vis, author, to);
                foreach (var (e, page) in pages)
                {
                    checks++;
                    if (!allowed && page.Contains(marker, StringComparison.Ordinal))
                    {
                        leaks.Add($"{e} shows {vis} entry {index} by {author} to '{reader}'");
                    }
                }
                var one = await c.GetAsync($"api/entries/{index}");
                checks++;
                Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, one.StatusCode);
                if (allowed)
                {
                    Assert.Contains(marker, await one.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
            }
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks.Take(20)));
        Assert.True(checks > 1000, $"{checks} checks");
    }
}
