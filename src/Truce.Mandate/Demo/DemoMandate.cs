using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Places;

namespace Truce.Mandate.Demo;

/// <summary>
/// The mandate part of the demo (SPEC §4): the Lachin corridor (its route approximated from public place
/// coordinates, and said to be approximate; a later route replacing it), checkpoints, each conflict party's draft
/// mandate and the other's answer, synthetic movements with and without consent, activities inside and outside the
/// provisions, and responses to flags. Every body says it is synthetic.
/// </summary>
static class DemoMandate
{
    const string Lachin = "lachin";

    public static async Task LoadAsync(IDemoWriter d, MandateModule module)
    {
        var now = d.Now;
        var progress = d.Progress;
        progress?.Report("agreement");
        await d.SubmitAsAsync("mission", MandateKinds.Agreement, Statement2020.Body(), now).ConfigureAwait(false);
        progress?.Report("corridor and checkpoints");
        var g = Gazetteer.LoadDefault();
        await CorridorAsync(d, g, now);
        progress?.Report("draft mandates");
        await DraftsAsync(d);
        progress?.Report("activities and movements");
        await ActivitiesAsync(d, g);
        await MovementsAsync(d, g);
        progress?.Report("answers to flags");
        await FlagResponsesAsync(d, module, now);
    }

    static (double Lat, double Lon) At(Gazetteer g, string name) => g.Resolve(name) is { } r ? (r.Lat, r.Lon)
        : throw new InvalidOperationException($"the gazetteer has no '{name}' for the demo corridor");

    /// <summary>The corridor's old and new routes and its checkpoints.</summary>
    static async Task CorridorAsync(IDemoWriter d, Gazetteer g, DateTimeOffset now)
    {
        var oldRoute = new[] { At(g, "Khankendi"), At(g, "Shusha"), At(g, "Lachin"), At(g, "Zabukh"), At(g, "Kornidzor") };
        var newRoute = new[] { At(g, "Khankendi"), At(g, "Dashalti"), At(g, "Sus"), At(g, "Tegh"), At(g, "Kornidzor") };
        // The mission's key dates from the deployment's creation, so its entries are signed as of now (their bodies say when).
        await Mission(d, MandateKinds.Corridor, Corridor(oldRoute, "2020-11-12T00:00:00Z", "2022-08-26T00:00:00Z"), now);
        await Mission(d, MandateKinds.Corridor, Corridor(newRoute, "2022-08-26T00:00:00Z", null), now);
        foreach (var (id, name, place) in new[] { ("cp-khankendi", "Corridor checkpoint, Khankendi end (synthetic)", "Khankendi"),
                     ("cp-lachin", "Corridor checkpoint at Lachin (synthetic)", "Lachin"), ("cp-kornidzor", "Corridor checkpoint, Kornidzor end (synthetic)", "Kornidzor") })
        {
            var (lat, lon) = At(g, place);
            await Mission(d, MandateKinds.Checkpoint, new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["corridor"] = Lachin,
                ["controlledBy"] = "pk",
                ["position"] = Point(lat, lon),
                ["synthetic"] = true,
            }, now);
        }
    }

    /// <summary>Each conflict party's draft mandate, and the other's rejection of it.</summary>
    static async Task DraftsAsync(IDemoWriter d)
    {
        var day = new DateTimeOffset(2020, 11, 12, 0, 0, 0, TimeSpan.Zero);
        await Party(d, "az", MandateKinds.Draft, Draft("draft-mandate-az", "Side A's proposed mandate for the contingent (synthetic)",
            Prov("A1", "Officials and military personnel transit the Lachin corridor only with side A's consent.", ["pk"],
                Rule("consent", ("categories", Arr("official", "military")), ("corridor", Lachin), ("consentBy", Arr("az")))),
            Prov("A2", "The contingent patrols, escorts and builds only within the corridor.", ["pk"],
                Rule("permits", ("activities", Arr("patrol", "escort", "construction")), ("corridor", Lachin))),
            Prov("A3", "The contingent's ceilings are those of the statement.", ["pk"], Rule("limit", ("measure", "troops"), ("max", 1960)))), day.AddDays(60));
        await Party(d, "am", MandateKinds.Draft, Draft("draft-mandate-am", "Side B's proposed mandate for the contingent (synthetic)",
            Prov("B1", "Civilians and officials transit the corridor freely under the contingent's escort.", ["pk"],
                Rule("permits", ("activities", Arr("escort", "patrol")), ("corridor", Lachin))),
            Prov("B2", "The contingent may build and rebuild in its zone of responsibility for the population's safety.", ["pk"],
                Rule("permits", ("activities", Arr("construction", "reconstruction", "humanitarian-delivery")), ("area", Box(39.55, 46.45, 40.25, 47.10)))),
            Prov("B3", "The contingent's ceilings are those of the statement.", ["pk"], Rule("limit", ("measure", "troops"), ("max", 1960)))), day.AddDays(61));
        await Party(d, "am", MandateKinds.Response, new JsonObject
        {
            ["agreement"] = "draft-mandate-az",
            ["decision"] = "reject",
            ["reason"] = "SYNTHETIC: the statement requires no consent for transit.",
        }, day.AddDays(62));
        await Party(d, "az", MandateKinds.Response, new JsonObject
        {
            ["agreement"] = "draft-mandate-am",
            ["decision"] = "reject",
            ["reason"] = "SYNTHETIC: building outside the corridor is not in the statement.",
        }, day.AddDays(62));
    }

    /// <summary>Activities inside and outside the provisions of the 2020 statement.</summary>
    static async Task ActivitiesAsync(IDemoWriter d, Gazetteer g)
    {
        var kh = At(g, "Khankendi");
        var la = At(g, "Lachin");
        var aghdam = At(g, "Aghdam");
        await Activity(d, "am", "handover", "am", aghdam, "2020-11-19T12:00:00Z", "2", "SYNTHETIC: hand-over of the Aghdam district recorded.");
        await Activity(d, "am", "handover", "am", At(g, "Kalbajar"), "2020-11-24T12:00:00Z", "6a", "SYNTHETIC: hand-over of the Kalbajar district recorded.");
        await Activity(d, "am", "handover", "am", la, "2020-11-30T12:00:00Z", "6b", "SYNTHETIC: hand-over of the Lachin district (except the corridor) recorded.");
        await Activity(d, "pk", "deployment", "pk", kh, "2020-11-13T08:00:00Z", "3", "SYNTHETIC: initial deployment.",
            new JsonObject { ["troops"] = 1960, ["apcs"] = 90, ["vehicles"] = 380 });
        await Activity(d, "pk", "deployment", "pk", kh, "2021-09-01T08:00:00Z", "3", "SYNTHETIC: rotation that brought in more troops than it sent out.",
            new JsonObject { ["troops"] = 120 });
        await Activity(d, "pk", "patrol", "pk", la, "2021-05-02T06:00:00Z", "6c", "SYNTHETIC: corridor patrol.");
        await Activity(d, "jmc", "patrol", "jmc", aghdam, "2021-03-10T06:00:00Z", "5", "SYNTHETIC: monitoring flight.");
        await Activity(d, "pk", "construction", "pk", (kh.Lat + 0.02, kh.Lon + 0.03), "2021-07-15T06:00:00Z", "3",
            "SYNTHETIC: construction of barracks outside the corridor.");
        await Activity(d, "pk", "reconstruction", "pk", (kh.Lat - 0.01, kh.Lon + 0.01), "2021-08-01T06:00:00Z", null,
            "SYNTHETIC: repair of a school; no provision cited.");
        await Activity(d, "az", "construction", "az", At(g, "Sus"), "2022-08-20T06:00:00Z", "6d", "SYNTHETIC: the new route's last section completed.");
    }

    /// <summary>Notices of movements, a refused consent, and transits with and without a notice.</summary>
    static async Task MovementsAsync(IDemoWriter d, Gazetteer g)
    {
        var la = At(g, "Lachin");
        var officials = await Party(d, "am", MandateKinds.Notice, Notice("N-2021-017", [("official", 5)], 2, "SYNTHETIC: officials' working visit", "2021-06-10T06:00:00Z", "2021-06-11T18:00:00Z"), At2021(6, 1));
        await Party(d, "az", MandateKinds.Consent, new JsonObject { ["notice"] = officials, ["decision"] = "refuse", ["reason"] = "SYNTHETIC: no consent for officials' visits." }, At2021(6, 2));
        var returning = Notice("N-2021-018", [("civilian", 40)], 3, "SYNTHETIC: return of residents", "2021-06-12T06:00:00Z", "2021-06-12T18:00:00Z");
        returning["oneWay"] = true;
        var civilians = await Party(d, "am", MandateKinds.Notice, returning, At2021(6, 2));
        var aid = await Party(d, "unhcr", MandateKinds.Notice, Notice("N-2021-019", [("humanitarian", 6)], 4, "SYNTHETIC: aid convoy", "2021-06-14T06:00:00Z", "2021-06-15T18:00:00Z"), At2021(6, 3));
        await Transit(d, "cp-kornidzor", "in", "2021-06-10T08:10:00Z", officials, [("official", 5)], 2, null, null);
        await Transit(d, "cp-kornidzor", "out", "2021-06-11T16:00:00Z", officials, [("official", 5)], 2, null, null);
        await Transit(d, "cp-kornidzor", "in", "2021-06-12T07:00:00Z", civilians, [("civilian", 40)], 3, "personal belongings", null);
        await Transit(d, "cp-lachin", "in", "2021-06-14T09:00:00Z", aid, [("humanitarian", 6)], 4, "food and medicine", null);
        await Transit(d, "cp-khankendi", "out", "2021-06-15T15:00:00Z", aid, [("humanitarian", 4)], 4, null, null);
        await Transit(d, "cp-lachin", "in", "2021-06-16T03:20:00Z", null, [("other", 2)], 1, "unknown", "am");
        await Transit(d, "cp-lachin", "in", "2021-06-18T10:00:00Z", civilians, [("civilian", 2)], 1, null, null, (la.Lat - 0.08, la.Lon + 0.10));
    }

    /// <summary>The parties' answers to the flags the compliance engine raised.</summary>
    static async Task FlagResponsesAsync(IDemoWriter d, MandateModule module, DateTimeOffset now)
    {
        var flags = module.Read(Reader.Mission, b => b.Flags.Values.Select(f => (f.Id, f.Code, f.Party)).ToList());
        foreach (var (id, code, party) in flags)
        {
            var (who, response, reason) = code switch
            {
                "transit-without-consent" => ("am", "contest", "SYNTHETIC: the statement in force requires no consent; only a draft does."),
                "over-limit-troops" => ("pk", "acknowledge", "SYNTHETIC: the surplus left with the next rotation."),
                "activity-outside-provision" => ("pk", "contest", "SYNTHETIC: the barracks serve the deployment the statement provides for."),
                _ => (null, null, null),
            };
            if (who is not null && (who == party || code == "transit-without-consent"))
            {
                await Party(d, who, MandateKinds.FlagResponse, new JsonObject { ["flag"] = id, ["response"] = response, ["reason"] = reason }, now);
            }
        }
    }

    static DateTimeOffset At2021(int month, int day) => new(2021, month, day, 9, 0, 0, TimeSpan.Zero);

    internal static JsonObject Point(double lat, double lon) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(lon, 5), Math.Round(lat, 5)) };

    static JsonArray Arr(params string[] items) => new([.. items.Select(i => (JsonNode)i)]);

    static JsonObject Box(double s, double w, double n, double e) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(new JsonArray(w, s), new JsonArray(e, s), new JsonArray(e, n), new JsonArray(w, n), new JsonArray(w, s))),
    };

    static JsonObject Corridor((double Lat, double Lon)[] route, string from, string? until)
    {
        var o = new JsonObject
        {
            ["id"] = Lachin,
            ["route"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = new JsonArray([.. route.Select(p => (JsonNode)new JsonArray(Math.Round(p.Lon, 5), Math.Round(p.Lat, 5)))]) },
            ["widthKm"] = 5,
            ["controlledBy"] = "pk",
            ["validFrom"] = from,
            ["approximate"] = true,
            ["note"] = "Approximated from public place coordinates through the towns it passes; not a surveyed route.",
            ["synthetic"] = true,
        };
        if (until is not null)
        {
            o["validUntil"] = until;
        }
        return o;
    }

    static JsonObject Draft(string id, string title, params JsonObject[] provisions) => new()
    {
        ["id"] = id,
        ["title"] = title,
        ["provisions"] = new JsonArray([.. provisions]),
        ["synthetic"] = true,
    };

    static JsonObject Prov(string number, string text, string[] actors, params JsonObject[] rules) => new()
    {
        ["number"] = number,
        ["text"] = "SYNTHETIC: " + text,
        ["actors"] = Arr(actors),
        ["rules"] = new JsonArray([.. rules]),
    };

    static JsonObject Rule(string type, params (string Key, JsonNode Value)[] fields)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (k, v) in fields)
        {
            o[k] = v;
        }
        return o;
    }

    static JsonObject Notice(string id, (string Category, int Count)[] people, int vehicles, string purpose, string from, string until) => new()
    {
        ["id"] = id,
        ["people"] = new JsonArray([.. people.Select(p => (JsonNode)new JsonObject { ["category"] = p.Category, ["count"] = p.Count })]),
        ["vehicles"] = vehicles,
        ["purpose"] = purpose,
        ["corridor"] = Lachin,
        ["from"] = from,
        ["until"] = until,
        ["synthetic"] = true,
    };

    static async Task Activity(IDemoWriter d, string party, string kind, string actor, (double Lat, double Lon) at, string start, string? provision,
        string description, JsonObject? counts = null)
    {
        var body = new JsonObject
        {
            ["kind"] = kind,
            ["actor"] = actor,
            ["where"] = Point(at.Lat, at.Lon),
            ["start"] = start,
            ["description"] = description,
            ["synthetic"] = true,
        };
        if (provision is { } p)
        {
            body["authority"] = new JsonObject { ["agreement"] = Statement2020.Id, ["provision"] = p };
        }
        if (counts is not null)
        {
            body["counts"] = counts;
        }
        await Party(d, party, MandateKinds.Activity, body, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture).AddHours(12));
    }

    static async Task Transit(IDemoWriter d, string checkpoint, string direction, string time, long? notice, (string Category, int Count)[] people,
        int vehicles, string? cargo, string? mover, (double Lat, double Lon)? position = null)
    {
        var body = new JsonObject
        {
            ["checkpoint"] = checkpoint,
            ["direction"] = direction,
            ["time"] = time,
            ["vehicles"] = vehicles,
            ["synthetic"] = true,
            ["people"] = new JsonArray([.. people.Select(p => (JsonNode)new JsonObject { ["category"] = p.Category, ["count"] = p.Count })]),
        };
        if (notice is { } n)
        {
            body["notice"] = n;
        }
        if (cargo is not null)
        {
            body["cargo"] = cargo;
        }
        if (mover is not null)
        {
            body["mover"] = mover;
        }
        if (position is { } p)
        {
            body["position"] = Point(p.Lat, p.Lon);
        }
        await Party(d, "pk", MandateKinds.Transit, body, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(5));
    }

    /// <summary>The mission's key is younger than the history; its corridor and checkpoint entries are signed now and
    /// carry their historical dates in their bodies.</summary>
    static Task<long> Mission(IDemoWriter d, string kind, JsonObject body, DateTimeOffset now) => Party(d, "mission", kind, body, now);

    static Task<long> Party(IDemoWriter d, string party, string kind, JsonObject body, DateTimeOffset time) =>
        d.SubmitAsAsync(party, kind, body, time);
}
