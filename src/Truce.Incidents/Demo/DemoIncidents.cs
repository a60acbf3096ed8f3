using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Incidents.Queries;
using Truce.Incidents.Synthetic;
using Truce.Ledger.Entries;
using Truce.Spatial;

namespace Truce.Incidents.Demo;

/// <summary>
/// Three weeks of synthetic incident data over the real area of the 2020 line of contact (SPEC §4): reports from
/// observation posts (with bearings), patrols, cameras, both parties' statements and the media; observation posts
/// as mission places; retractions; verification steps; contradicting claims; restrictions of movement; hotline
/// messages. Every body says it is synthetic; positions are approximate and the events invented.
/// </summary>
static class DemoIncidents
{
    // Around the post-2020 line of contact, from the Aghdara area in the north to the Khojavend area in the south.
    static readonly ScenarioGenerator Generator = new(NoiseProfile.Default with { Name = "demo", EventsPerDay = 6 }, seed: 2020)
    {
        MinLat = 39.62,
        MaxLat = 40.22,
        MinLon = 46.62,
        MaxLon = 47.08,
    };

    /// <summary>The demo's incidents, step by step; the order of the steps is the order of the entries.</summary>
    public static async Task LoadAsync(IDemoWriter d, IncidentsModule module)
    {
        var now = d.Now;
        await PostsAsync(d, now).ConfigureAwait(false);
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-21);
        var (reports, indexes) = await ReportsAsync(d, start).ConfigureAwait(false);
        await CrossingBearingsAsync(d, start.AddDays(20)).ConfigureAwait(false);
        var busiest = module.Read(Reader.Mission, b => IncidentQueries.Incidents(b, new IncidentFilter { Limit = 1000 }).Items
            .Where(i => i.IndependentSources >= 3 && i.Category == "ceasefire-violation").OrderByDescending(i => i.Reports).ThenBy(i => i.Id).Take(6).ToList());
        var when = now.AddHours(-12);
        await VerificationAsync(d, reports, indexes, busiest, when).ConfigureAwait(false);
        await RestrictionsAndHotlineAsync(d, now, busiest, when).ConfigureAwait(false);
    }

    static async Task PostsAsync(IDemoWriter d, DateTimeOffset now)
    {
        d.Progress?.Report("observation posts");
        foreach (var (id, lat, lon) in Generator.Posts)
        {
            await SubmitAsync(d, "jmc", IncidentKinds.Place, new JsonObject
            {
                ["id"] = id,
                ["kind"] = "observation-post",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(lon, 5), Math.Round(lat, 5)) },
                ["names"] = new JsonObject { ["en"] = $"Observation post {id} (synthetic)" },
                ["controlledBy"] = "jmc",
                ["synthetic"] = true,
            }, now.AddDays(-22)).ConfigureAwait(false);
        }

    }

    /// <summary>Twenty days of reports, submitted 64 at a time as many clients would; one in nine of the parties' own is party-only.</summary>
    static async Task<(List<LabelledReport> Reports, long[] Indexes)> ReportsAsync(IDemoWriter d, DateTimeOffset start)
    {
        d.Progress?.Report("reports");
        var reports = Generator.Generate(start, TimeSpan.FromDays(20)).ToList();
        var indexes = new long[reports.Count];
        const int Chunk = 64;
        for (int at = 0; at < reports.Count; at += Chunk)
        {
            var tasks = reports.Skip(at).Take(Chunk).Select((r, k) =>
            {
                var vis = r.Party is "az" or "am" && (at + k) % 9 == 0 ? Visibility.Party : Visibility.Public;
                return SubmitAsync(d, r.Party, IncidentKinds.Report, r.Body, r.Signed, vis);
            }).ToList();
            var done = await Task.WhenAll(tasks).ConfigureAwait(false);
            done.CopyTo(indexes, at);
        }
        return (reports, indexes);
    }

    static async Task VerificationAsync(IDemoWriter d, List<LabelledReport> reports, long[] indexes, List<IncidentView> busiest, DateTimeOffset when)
    {
        d.Progress?.Report("retractions, verification, claims");
        foreach (var i in reports.Select((r, k) => (r, k)).Where(x => x.r.Party is "az" or "am").Take(2))
        {
            await SubmitAsync(d, i.r.Party, IncidentKinds.ReportRetract, new JsonObject
            {
                ["report"] = indexes[i.k],
                ["reason"] = "SYNTHETIC: the statement gave the wrong village; a corrected report follows.",
            }, when).ConfigureAwait(false);
        }
        string[] outcomes = ["verified", "verified", "disputed", "unconfirmed", "verified", "unfounded"];
        for (int k = 0; k < busiest.Count; k++)
        {
            var id = IncidentEndpointsId(busiest[k].Id);
            await SubmitAsync(d, "jmc", IncidentKinds.Status, new JsonObject
            {
                ["incident"] = id,
                ["status"] = "under-review",
                ["reason"] = "SYNTHETIC: several independent sources; assessing.",
            }, when).ConfigureAwait(false);
            await SubmitAsync(d, "jmc", IncidentKinds.Status, new JsonObject
            {
                ["incident"] = id,
                ["status"] = outcomes[k],
                ["reason"] = outcomes[k] switch
                {
                    "verified" => "SYNTHETIC: camera footage and two posts' crossing bearings agree on time and place.",
                    "disputed" => "SYNTHETIC: the sources agree that fire occurred but not on its origin.",
                    "unconfirmed" => "SYNTHETIC: heard by one post only; no physical evidence found on the patrol.",
                    _ => "SYNTHETIC: the patrol found no impact at the reported place.",
                },
            }, when).ConfigureAwait(false);
        }
        if (busiest.Count >= 2)
        {
            await ClaimsAsync(d, busiest, when).ConfigureAwait(false);
        }
    }

    static async Task RestrictionsAndHotlineAsync(IDemoWriter d, DateTimeOffset now, List<IncidentView> busiest, DateTimeOffset when)
    {
        d.Progress?.Report("restrictions and hotline");
        var (pLat, pLon) = (Generator.Posts[3].Lat, Generator.Posts[3].Lon);
        (string Kind, string Text)[] restrictions =
        [
            ("patrol-stopped", "SYNTHETIC: a joint patrol was stopped at a checkpoint for 40 minutes and turned back."),
            ("drone-jammed", "SYNTHETIC: the monitoring drone lost its link over the area; flight aborted."),
            ("access-refused", "SYNTHETIC: access to a reported impact site was refused pending clearance."),
        ];
        for (int k = 0; k < restrictions.Length; k++)
        {
            await SubmitAsync(d, "jmc", IncidentKinds.Restriction, new JsonObject
            {
                ["kind"] = restrictions[k].Kind,
                ["time"] = new JsonObject { ["start"] = Envelope.FormatTime(now.AddDays(-3 * (k + 1))) },
                ["location"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(pLon + 0.03 * k, 5), Math.Round(pLat - 0.05 * k, 5)) },
                ["team"] = $"patrol-{k + 3}",
                ["description"] = restrictions[k].Text,
                ["synthetic"] = true,
            }, now.AddDays(-3 * (k + 1)).AddHours(2)).ConfigureAwait(false);
        }
        var first = await SubmitAsync(d, "az", IncidentKinds.Hotline, new JsonObject
        {
            ["subject"] = "SYNTHETIC: fire reported near the line",
            ["text"] = "SYNTHETIC: we report fire towards our positions and ask the mission to verify.",
            ["urgency"] = "priority",
            ["incidents"] = busiest.Count > 0 ? new JsonArray(IncidentEndpointsId(busiest[0].Id)) : new JsonArray(),
            ["synthetic"] = true,
        }, when, Visibility.Restricted, ["am", "jmc"]).ConfigureAwait(false);
        await SubmitAsync(d, "am", IncidentKinds.Hotline, new JsonObject
        {
            ["subject"] = "SYNTHETIC: re: fire reported near the line",
            ["text"] = "SYNTHETIC: our units did not open fire; we ask the mission to publish its findings.",
            ["urgency"] = "priority",
            ["replyTo"] = first,
            ["synthetic"] = true,
        }, when.AddMinutes(20), Visibility.Restricted, ["az", "jmc"]).ConfigureAwait(false);
    }

    /// <summary>
    /// Three shellings between neighbouring posts, each reported by both posts as a bearing and a distance band only:
    /// the bearings cross, and correlation places each event where they do (SPEC §3.3's located estimate).
    /// </summary>
    static async Task CrossingBearingsAsync(IDemoWriter d, DateTimeOffset day)
    {
        var posts = Generator.Posts;
        foreach (var (k, a, b) in new[] { (0, 2, 3), (1, 6, 7), (2, 10, 11) })
        {
            var (pa, pb) = (posts[a], posts[b]);
            var (lat, lon) = ((pa.Lat + pb.Lat) / 2 + 0.01, (pa.Lon + pb.Lon) / 2 + 0.02);
            var t = day.AddHours(3 + 5 * k);
            foreach (var post in new[] { pa, pb })
            {
                var km = LocalFrame.DistanceKm(post.Lat, post.Lon, lat, lon);
                var body = new JsonObject
                {
                    ["category"] = "ceasefire-violation",
                    ["type"] = "artillery",
                    ["perceptions"] = new JsonArray(new JsonObject { ["kind"] = "explosion", ["assessment"] = "impact", ["sense"] = "heard-and-seen" }),
                    ["time"] = new JsonObject { ["start"] = Envelope.FormatTime(t), ["end"] = Envelope.FormatTime(t.AddMinutes(3)), ["precision"] = "minute" },
                    ["observer"] = new JsonObject
                    {
                        ["id"] = post.Id,
                        ["position"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(post.Lon, 5), Math.Round(post.Lat, 5)) },
                        ["bearing"] = Math.Round(LocalFrame.BearingDeg(post.Lat, post.Lon, lat, lon)),
                        ["bearingError"] = 4,
                        ["distance"] = new JsonObject { ["min"] = Math.Round(km * 0.6, 1), ["max"] = Math.Round(km * 1.4 + 0.5, 1) },
                    },
                    ["counts"] = new JsonObject { ["explosions"] = new JsonObject { ["low"] = 3, ["best"] = 4, ["high"] = 6 } },
                    ["source"] = new JsonObject { ["kind"] = "observation-post", ["id"] = post.Id },
                    ["confidence"] = "high",
                    ["description"] = "SYNTHETIC: impacts observed from the post; direction and distance estimated.",
                    ["synthetic"] = true,
                };
                await SubmitAsync(d, "jmc", IncidentKinds.Report, body, t.AddMinutes(20)).ConfigureAwait(false);
            }
        }
    }

    static long IncidentEndpointsId(string key) => long.Parse(key.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);

    static async Task ClaimsAsync(IDemoWriter d, IReadOnlyList<IncidentView> busiest, DateTimeOffset when)
    {
        var a = IncidentEndpointsId(busiest[0].Id);
        var b = IncidentEndpointsId(busiest[1].Id);
        (string Party, JsonObject Body)[] claims =
        [
            ("az", Claim("Ministry of Defence (side A, synthetic)", "ministry", "az", "attributes", "the other side's units", [a],
                "SYNTHETIC: The opposing side's units shelled our positions; we returned fire.", "Ministry statement (synthetic)")),
            ("am", Claim("Ministry of Defence (side B, synthetic)", "ministry", "am", "denies", null, [a],
                "SYNTHETIC: Reports that our units opened fire are false; no such fire took place.", "Ministry statement (synthetic)")),
            ("public", Claim("Regional news outlet (synthetic)", "media", null, "asserts", null, [a, b],
                "SYNTHETIC: Residents heard heavy explosions for about ten minutes.", "Night of shelling (synthetic article)")),
            ("am", Claim("Ministry of Defence (side B, synthetic)", "ministry", "am", "attributes", "the other side's units", [b],
                "SYNTHETIC: The other side fired mortars at a village.", "Ministry statement (synthetic)")),
            ("az", Claim("Official (side A, synthetic)", "official", "az", "states", null, [],
                "SYNTHETIC: No heavy weapons of ours are deployed within 15 km of the line.", "Press briefing (synthetic)", fact: "heavy weapons withdrawn from the line")),
        ];
        foreach (var (party, body) in claims)
        {
            await SubmitAsync(d, party, IncidentKinds.Claim, body, when).ConfigureAwait(false);
        }
    }

    static JsonObject Claim(string actor, string kind, string? party, string stance, string? attributedTo, long[] incidents, string quote, string title,
        string? fact = null)
    {
        var o = new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = actor, ["kind"] = kind },
            ["stance"] = stance,
            ["incidents"] = new JsonArray([.. incidents.Select(i => (JsonNode)i)]),
            ["quote"] = quote,
            ["language"] = "en",
            ["source"] = new JsonObject { ["title"] = title, ["outlet"] = "synthetic demo source" },
            ["synthetic"] = true,
        };
        if (party is not null)
        {
            ((JsonObject)o["actor"]!)["party"] = party;
        }
        if (attributedTo is not null)
        {
            o["attributedTo"] = attributedTo;
        }
        if (fact is not null)
        {
            o["fact"] = fact;
        }
        return o;
    }

    static Task<long> SubmitAsync(IDemoWriter d, string party, string kind, JsonObject body, DateTimeOffset time,
        Visibility vis = Visibility.Public, string[]? to = null) => d.SubmitAsAsync(party, kind, body, time, vis, to);
}
