using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>One read the differential test makes: a GET, or a POST that only reads (a safety question, an import check).</summary>
/// <param name="Follow">A list's first page (its URL has a query string): the test follows `next` to the last page.</param>
/// <param name="Cursor">The parameter a list's `next` is given back in.</param>
public sealed record Request(string Method, string Url, string? Body = null, string ContentType = "application/json", bool Follow = false,
    string Cursor = "after")
{
    public override string ToString() => Body is null ? $"{Method} {Url}" : $"{Method} {Url} {Body[..Math.Min(80, Body.Length)]}";
}

/// <summary>
/// Every read the server offers, with the ids a random log made (every entry index, report, incident, hazard,
/// minefield record) and filters that exercise each view: what the visibility differential test asks each reader.
/// <see cref="Routes"/> is every route it covers; the test fails when the server maps one that is neither here nor in
/// <see cref="Excluded"/>, so a new view cannot skip the differential test.
/// </summary>
public static class Requests
{
    /// <summary>Route patterns (as mapped, method first) that are not the application's derived state, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>
    {
        ["GET /log/checkpoint"] = "the log: every entry's envelope is public (docs/SECURITY.md, publication rules)",
        ["GET /log/key"] = "the log's public key",
        ["GET /log/tile/{**path}"] = "the log: every entry's envelope is public",
        ["GET /log/proof/inclusion"] = "the log: proofs over public envelopes",
        ["GET /log/proof/consistency"] = "the log: proofs over public envelopes",
        ["POST /log/cosign"] = "a witness's write",
        ["POST /api/entries"] = "the one door for writes",
        ["POST /api/public/reports"] = "the public report form: a write the server signs with the public party's server-held key (tested in PublicReportTests)",
        ["POST /api/evidence"] = "an upload: stores bytes by digest and answers only that digest; nothing is readable until an entry names it",
        ["POST /api/tokens"] = "administration: issues a token, answers only what was asked (tested in TokenApiTests)",
        ["POST /api/tokens/revoke"] = "administration: revokes a token (tested in TokenApiTests)",
        ["GET /api/deployment"] = "what the deployment says of itself (its log key, area and naming order): configuration, the same for everyone",
        ["GET /healthz"] = "the log's size, which the checkpoint publishes anyway",
        ["GET /api/tokens/me"] = "the caller's own identity, as the public registry names its member (tested in TokenApiTests)",
        ["GET /openapi/{documentName}.json"] = "the API's description, the same for everyone",
        ["GET /ogc/api"] = "the OGC API's description: the collections the modules declare, the same for everyone",
    };

    public static readonly IReadOnlyList<string> Routes =
    [
        "GET /", "GET /ledger", "GET /report", "GET /incidents/{id}", "GET /hazards/{id}", "GET /compliance", "GET /movements", "GET /reports/{name}", "GET /api/map/{collection}", "GET /api/entries", "GET /api/entries/{index:long}", "GET /api/parties",
        "GET /api/taxonomy", "GET /api/incidents", "GET /api/incidents/{id}", "GET /api/reports", "GET /api/reports/{index:long}",
        "GET /api/reports/{index:long}/candidates", "GET /api/claims", "GET /api/restrictions", "GET /api/hotline", "GET /api/stats/daily",
        "GET /api/correlation/settings",
        "GET /api/places/", "GET /api/places/defined", "GET /api/places/resolve", "GET /api/places/{id}",
        "GET /api/agreements", "GET /api/corridors", "GET /api/checkpoints", "GET /api/movements", "GET /api/transits", "GET /api/activities",
        "GET /api/compliance",
        "GET /api/hazards", "GET /api/hazards/{id}", "GET /api/minefields", "GET /api/minefields/{id}", "GET /api/minefields/handovers",
        "GET /api/land-release", "GET /api/land-release/tasks", "GET /api/land-release/quality-visits", "GET /api/ordnance",
        "GET /api/mine-accidents", "GET /api/mine-action/stats", "GET /api/safety", "POST /api/safety", "POST /api/mine-action/import/check",
        "GET /api/layers", "GET /api/layers/{module}/{layer}",
        "GET /ogc/", "GET /ogc/conformance", "GET /ogc/collections", "GET /ogc/collections/{collectionId}", "GET /ogc/collections/{collectionId}/queryables",
        "GET /ogc/collections/{collectionId}/items", "GET /ogc/collections/{collectionId}/items/{featureId}",
        "GET /api/export/{collection}", "GET /api/changes",
        "GET /api/evidence", "GET /api/evidence/attached", "GET /api/evidence/{sha256}", "GET /api/evidence/{sha256}/record",
        "GET /api/custody", "GET /api/custody/{id}",
    ];

    /// <summary>Every list of the JSON API (the gazetteer's only near a point: it is shipped data, the same for everyone),
    /// each walked two at a time by following `next`.</summary>
    public static readonly IReadOnlyList<string> Lists =
    [
        "/api/entries", "/api/entries?kind=report", "/api/parties", "/api/incidents", "/api/incidents?category=ceasefire-violation", "/api/reports",
        "/api/claims", "/api/restrictions", "/api/hotline", "/api/places/?near=39.76,46.75&radius=5000", "/api/places/defined",
        "/api/agreements", "/api/corridors", "/api/checkpoints", "/api/movements", "/api/transits", "/api/activities",
        "/api/hazards", "/api/hazards?status=open", "/api/minefields", "/api/minefields/handovers", "/api/land-release", "/api/land-release/tasks",
        "/api/land-release/quality-visits", "/api/ordnance", "/api/mine-accidents", "/api/evidence", "/api/custody",
    ];

    /// <summary>Every feature layer the modules declare (the layers test checks this list against GET /api/layers).</summary>
    public static readonly IReadOnlyList<string> Layers =
        ["incidents/incidents", "incidents/reports", "incidents/places", "mandate/corridors", "mandate/checkpoints", "mandate/activities",
            "mine-action/hazards", "mine-action/minefields", "mine-action/ordnance"];

    /// <summary>Every OGC API – Features collection.</summary>
    public static readonly IReadOnlyList<string> Collections =
        ["incidents", "reports", "places", "corridors", "checkpoints", "activities", "hazards", "minefields", "ordnance", "gazetteer"];

    /// <summary>The routes the server maps, as "METHOD pattern".</summary>
    public static IEnumerable<string> Mapped(EndpointDataSource source) => source.Endpoints.OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"));

    static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static List<Request> For(RandomLogResult log, long size, DateTimeOffset now)
    {
        var asOf = I($"{now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        var from = I($"{now.AddDays(-3).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        var all = new List<Request>();
        void Get(string url) => all.Add(new Request("GET", url));

        Get("/");
        Get("/ledger");
        Get("/report");
        Get("/incidents/I-3");
        Get("/hazards/CHA-1");
        Get("/compliance");
        Get("/movements");
        // Situation reports over the random log's days: counts against the previous period, verified incidents,
        // restrictions and compliance changes, each from the reader's books.
        Get(I($"/reports/weekly?date={now.AddDays(-6).UtcDateTime:yyyy-MM-dd}"));
        Get(I($"/reports/daily?date={now.AddDays(-1).UtcDateTime:yyyy-MM-dd}&hour=6"));
        Get(I($"/reports/daily?date={now.AddDays(-2).UtcDateTime:yyyy-MM-dd}&naming=az"));
        Get("/api/entries?limit=1000");
        Get(I($"/api/entries?after={size / 2}&limit=50"));
        Get("/api/entries?kind=report&limit=1000");
        for (long i = 0; i < size + 2; i++)
        {
            Get(I($"/api/entries/{i}"));
        }
        Get("/api/parties");

        var reports = log.Admitted.Where(e => e.Kind == "report").Select(e => e.Index).ToList();
        var incidents = log.Admitted.Where(e => e.Kind is "report" or "incident.split").Select(e => e.Index).ToList();
        Get("/api/taxonomy");
        Get("/api/correlation/settings");
        foreach (var q in new[] { "", "?limit=1000", "?status=verified", "?status=reported", "?category=ceasefire-violation", "?party=az", "?source=patrol",
            "?bbox=46.4,39.6,46.8,40.0", "?limit=3", I($"?from={from}&to={asOf}") })
        {
            Get("/api/incidents" + q);
            Get("/api/reports" + q);
        }
        foreach (var i in incidents)
        {
            Get(I($"/api/incidents/I-{i}"));
            Get(I($"/api/claims?incident=I-{i}"));
        }
        foreach (var r in reports)
        {
            Get(I($"/api/reports/{r}"));
            Get(I($"/api/reports/{r}/candidates"));
        }
        Get("/api/claims?limit=1000");
        Get("/api/restrictions?limit=1000");
        Get("/api/hotline?limit=1000");
        Get(I($"/api/stats/daily?from={from}&to={asOf}"));
        Get(I($"/api/stats/daily?from={from}&to={asOf}&by=area"));
        foreach (var q in new[] { "?format=ucdp-ged", "?format=acled", "?format=acled&naming=az", "?format=geojson" })
        {
            Get("/api/export/incidents" + q);
        }

        Get("/api/places/?limit=5");
        Get("/api/places/?near=39.76,46.75&radius=30000");
        Get("/api/places/resolve?text=Shusha");
        Get("/api/places/resolve?text=Lachin");
        // Settlements defined by entries join the gazetteer of those who may see them.
        Get("/api/places/?near=39.9,46.7&radius=60000&kind=settlement&limit=1000");
        foreach (var place in log.Admitted.Where(e => e.Kind == "place" && (string?)e.Body["kind"] == "settlement"))
        {
            var id = (string)place.Body["id"]!;
            Get("/api/places/" + id);
            Get("/api/places/resolve?text=" + Uri.EscapeDataString((string)place.Body["names"]!["az"]!));
            Get("/api/places/resolve?text=" + Uri.EscapeDataString("3 km north of " + (string?)place.Body["names"]!["am"]));
        }

        Get("/api/agreements");
        Get("/api/corridors");
        Get("/api/checkpoints");
        Get("/api/places/defined?limit=1000");
        Get("/api/transits?limit=1000");
        Get("/api/movements?limit=1000");
        Get("/api/activities?limit=1000");
        foreach (var q in new[] { "", "&party=az", "&party=pk", "&code=transit-without-notice", "&limit=5" })
        {
            Get($"/api/compliance?asOf={asOf}{q}");
        }
        Get("/api/compliance?asOf=2020-12-01T00:00:00Z");

        MineAction(log, all);
        foreach (var list in Lists)
        {
            all.Add(new Request("GET", list + (list.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "limit=2", Follow: true));
        }
        Ogc(log, all, from, asOf);
        Evidence(log, all);
        foreach (var c in new[] { "incidents", "reports", "hazards", "minefields", "corridors", "checkpoints" })
        {
            Get($"/api/map/{c}?zoom=5");
            Get($"/api/map/{c}?zoom=9&bbox=45.5,39.0,47.5,40.5");
            Get($"/api/map/{c}?zoom=13&bbox=46.5,39.6,46.9,39.9");
        }
        Get("/api/map/incidents?zoom=9&bbox=45.5,39.0,47.5,40.5&status=verified");
        Get("/api/map/reports?zoom=9&bbox=45.5,39.0,47.5,40.5&party=az");
        Get(I($"/api/map/incidents?zoom=8&datetime={from}/{asOf}"));
        Get("/api/changes?after=0&limit=1000");
        Get(I($"/api/changes?after={size / 2}&limit=1000"));
        Get(I($"/api/changes?after={Math.Max(0, size - 5)}&naming=az"));
        all.Add(new Request("GET", I($"/api/changes?after={size / 3}&limit=2"), Follow: true, Cursor: "cursor"));
        return all;
    }

    /// <summary>OGC API – Features: every collection, a page, the page after it, each filter, and every item by id.</summary>
    static void Ogc(RandomLogResult log, List<Request> all, string from, string to)
    {
        void Get(string url) => all.Add(new Request("GET", url));
        Get("/ogc/");
        Get("/ogc/conformance");
        Get("/ogc/collections");
        Get("/ogc/collections?naming=az");
        foreach (var c in Collections)
        {
            Get($"/ogc/collections/{c}");
            Get($"/ogc/collections/{c}/queryables");
            foreach (var q in new[] { "limit=10000", "limit=3", "limit=3&after=0000000000000000100", "limit=3&after=H", "bbox=46.4,39.6,46.8,40.0",
                $"datetime={from}/{to}", "datetime=../2021-01-01", "filter=synthetic%20%3D%20false", "naming=am&limit=20" })
            {
                Get($"/ogc/collections/{c}/items?{q}");
            }
        }
        Get("/ogc/collections/incidents/items?filter=status%3D%27verified%27%20OR%20reports%3E1");
        Get("/ogc/collections/reports/items?party=az&limit=10000");
        Get("/ogc/collections/hazards/items?status=open&limit=10000");
        foreach (var i in log.Admitted.Where(e => e.Kind is "report" or "incident.split").Select(e => e.Index))
        {
            Get(I($"/ogc/collections/incidents/items/I-{i}"));
            Get(I($"/ogc/collections/reports/items/{i}"));
        }
        foreach (var h in Ids(log, "hazard", "hazards"))
        {
            Get($"/ogc/collections/hazards/items/{Uri.EscapeDataString(h)}");
        }
        foreach (var m in Ids(log, "minefield.record", "minefields"))
        {
            Get($"/ogc/collections/minefields/items/{Uri.EscapeDataString(m)}");
        }
        Get("/ogc/collections/gazetteer/items/no-such-place");
        foreach (var c in Collections)
        {
            foreach (var format in new[] { "geojson", "csv", "hxl&naming=az" })
            {
                Get($"/api/export/{c}?format={format}");
            }
        }
    }

    /// <summary>Every file's bytes and record (and one never stored), every item, and every record evidence was attached to.</summary>
    static void Evidence(RandomLogResult log, List<Request> all)
    {
        void Get(string url) => all.Add(new Request("GET", url));
        Get("/api/evidence?limit=1000");
        Get("/api/evidence?limit=2");
        Get("/api/evidence?after=100&limit=5");
        foreach (var sha in log.Admitted.Where(e => e.Kind == "evidence.add").Select(e => (string)e.Body["sha256"]!).Append(new string('0', 64)).Distinct())
        {
            Get($"/api/evidence/{sha}");
            Get($"/api/evidence/{sha}/record");
        }
        foreach (var target in log.Admitted.Where(e => e.Kind == "evidence.attach").Select(e => e.Body["target"]!).Select(t => ((string)t["type"]!, (string)t["id"]!)).Distinct())
        {
            Get($"/api/evidence/attached?type={target.Item1}&id={Uri.EscapeDataString(target.Item2)}");
        }
        Get("/api/custody?limit=1000");
        Get("/api/custody?limit=1");
        foreach (var item in log.Admitted.Where(e => e.Kind == "custody.collect").Select(e => (string)e.Body["item"]!).Distinct())
        {
            Get($"/api/custody/{Uri.EscapeDataString(item)}");
        }
    }

    static void MineAction(RandomLogResult log, List<Request> all)
    {
        void Get(string url) => all.Add(new Request("GET", url));
        var hazards = Ids(log, "hazard", "hazards");
        var minefields = Ids(log, "minefield.record", "minefields");
        foreach (var q in new[] { "?limit=1000", "?status=open", "?status=closed", "?type=CHA", "?bbox=46.4,39.6,46.8,40.0", "?limit=2" })
        {
            Get("/api/hazards" + q);
        }
        foreach (var h in hazards)
        {
            Get($"/api/hazards/{Uri.EscapeDataString(h)}");
        }
        Get("/api/minefields?limit=1000");
        foreach (var m in minefields)
        {
            Get($"/api/minefields/{Uri.EscapeDataString(m)}");
        }
        Get("/api/minefields/handovers");
        foreach (var q in new[] { "hazards?format=import-geojson", "hazards?format=import-csv", "minefields?format=import-geojson" })
        {
            Get("/api/export/" + q);
        }
        Get("/api/land-release?limit=1000");
        Get("/api/land-release/tasks?limit=1000");
        Get("/api/land-release/quality-visits?limit=1000");
        Get("/api/ordnance?limit=1000");
        Get("/api/mine-accidents?limit=1000");
        Get("/api/mine-action/stats");
        Get("/api/layers");
        foreach (var layer in Layers)
        {
            Get($"/api/layers/{layer}?limit=10000");
            Get($"/api/layers/{layer}?limit=2");
        }
        Get("/api/layers/mine-action/no-such-layer");
        // "Is it safe" at every hazard's benchmark and along a route through the area, closed hazards too.
        foreach (var e in log.Admitted.Where(e => e.Kind == "hazard"))
        {
            if (e.Body["benchmark"] is JsonObject b && b["coordinates"] is JsonArray c)
            {
                var (lon, lat) = ((double)c[0]!, (double)c[1]!);
                Get(I($"/api/safety?lat={lat}&lon={lon}&buffer=500"));
                Get(I($"/api/safety?lat={lat}&lon={lon}&buffer=2000&includeClosed=true"));
            }
        }
        all.Add(new Request("POST", "/api/safety",
            """{"geometry":{"type":"LineString","coordinates":[[46.4,39.6],[46.7,39.9],[47.0,40.2]]},"bufferM":2000,"includeClosed":true}"""));
        all.Add(new Request("POST", "/api/safety",
            """{"geometry":{"type":"Polygon","coordinates":[[[46.4,39.6],[47.0,39.6],[47.0,40.2],[46.4,40.2],[46.4,39.6]]]},"bufferM":100}"""));
        // An import's dry run reports which ids exist already, as the caller sees them.
        var features = new JsonArray([.. hazards.Take(20).Append("NEW-IMPORT-1").Select(id => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = new JsonObject { ["id"] = id, ["type"] = "SHA", ["benchmark"] = JsonNode.Parse("""{"type":"Point","coordinates":[46.6005,39.7005]}""") },
            ["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[46.6,39.7],[46.601,39.7],[46.601,39.701],[46.6,39.701],[46.6,39.7]]]}"""),
        })]);
        all.Add(new Request("POST", "/api/mine-action/import/check?what=hazards&format=geojson",
            new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString()));
    }

    /// <summary>The ids of records made by one kind, and by the imports' lists of them.</summary>
    static List<string> Ids(RandomLogResult log, string kind, string imported) =>
    [
        .. log.Admitted.Where(e => e.Kind == kind).Select(e => (string?)e.Body["id"]).OfType<string>()
            .Concat(log.Admitted.Where(e => e.Kind == "mine.import").SelectMany(e => e.Body[imported] as JsonArray ?? [])
                .Select(h => (string?)h?["id"]).OfType<string>())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
    ];
}
