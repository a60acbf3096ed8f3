using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Truce.Core.Access;
using Truce.Server;
using Truce.Server.Hosting;
using Truce.Server.Mirroring;
using Xunit.Abstractions;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// The visibility rule (docs/SECURITY.md), as a property: on a random log of every kind, with random visibility and
/// recipients, erasures, merges, splits, retractions, land release, drafts and responses, every reader's answer from
/// every read of the real server equals the answer of a deployment holding only the entries that reader may see (a
/// copy of the same folder opened with <see cref="Deployment.Open"/>'s holdsOnlyFor, so the entry indexes are the same);
/// and a mirror of it (<see cref="Deployment.OpenMirror"/>) answers as its public reader does.
/// </summary>
[Trait("Store", "both")]
public sealed partial class DifferentialTests(ITestOutputHelper output)
{
    static readonly bool Nightly = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly";

    /// <summary>Anonymous (null), then every party.</summary>
    static readonly IReadOnlyList<string?> Readers = [null, .. TestParties.Ids];

    [Fact]
    public void Every_reader_gets_what_a_deployment_holding_only_its_entries_gives()
    {
        // On PostgreSQL (the second pass of scripts/test) one shorter log: every read goes to the database, and the pass
        // must fit CI's budget; the nightly profile runs the full count on both stores.
        var (fewest, most) = Nightly ? (300, 700) : TestStore.IsPostgres ? (120, 160) : (200, 300);
        var logs = Gen.Choose(1, 1_000_000).SelectMany(seed => Gen.Choose(fewest, most), (seed, steps) => (seed, steps));
        Prop.ForAll(logs.ToArbitrary(), c =>
        {
            var differences = DifferencesAsync(c.seed, c.steps).GetAwaiter().GetResult();
            return differences.Count == 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Nightly ? 10 : TestStore.IsPostgres ? 1 : 2).WithQuietOnSuccess(true));
    }

    [Fact]
    public async Task Every_mapped_route_is_asked_or_excluded_for_a_reason()
    {
        await using var t = await TestDeployment.CreateAsync();
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        var mapped = Requests.Mapped(new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources)).ToList();
        var missing = mapped.Where(r => !Requests.Routes.Contains(r) && !Requests.Excluded.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "routes no differential test asks: " + string.Join(", ", missing));
        Assert.All(Requests.Routes, r => Assert.Contains(r, mapped));
    }

    /// <summary>The comparison has teeth: the public's answers differ from those of a deployment holding the mission's entries.</summary>
    [Fact]
    public async Task The_comparison_finds_the_difference_a_leak_would_make()
    {
        var differences = await DifferencesAsync(seed: 41, steps: 200, pretend: ("mission", Reader.Anonymous));
        Assert.NotEmpty(differences);
    }

    /// <summary>
    /// Feeds a fresh deployment a random log, serves it, and for each reader compares every request's answer with a
    /// deployment holding only that reader's entries. With <paramref name="pretend"/>, that reader's answers are compared
    /// with the reference of another reader instead (to show that a leak would be seen).
    /// </summary>
    async Task<List<string>> DifferencesAsync(int seed, int steps, (string? Reader, Reader Reference)? pretend = null)
    {
        await using var t = await TestDeployment.CreateAsync();
        var log = await RandomLog.FeedAsync(t.Deployment, seed, steps, t.Clock);
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var requests = Requests.For(log, t.Deployment.Ledger.Sequencer.Size, t.Clock.GetUtcNow());
        var differences = new List<string>();
        foreach (var party in pretend is { } p ? [p.Reader] : Readers)
        {
            var reader = party is null ? Reader.Anonymous : new Reader(party, TestParties.IsMission(party));
            var copy = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(t.Dir)!, $"as-{party ?? "public"}");
            DeploymentBackup.Create(t.Dir, copy);
            await using var reference = Deployment.Open(copy, t.Clock, holdsOnlyFor: pretend?.Reference ?? reader);
            await using var referenceApp = TruceServer.Build(reference, "http://127.0.0.1:0", quiet: true);
            await referenceApp.StartAsync();
            var token = party is null ? null : t.Deployment.ReadSecret($"{party}-admin.token");
            using var served = Client(app, token);
            using var expected = Client(referenceApp, token);
            await CompareAsync(served, expected, requests, party ?? "anonymous", differences);
        }
        if (pretend is null)
        {
            await CompareMirrorAsync(t, app, requests, differences);
        }
        output.WriteLine($"seed {seed}, {steps} steps: {log.Admitted.Count} entries admitted, {requests.Count} requests × {Readers.Count} readers, "
            + $"audience classes {string.Join(", ", t.Deployment.Ledger.Modules.Select(m => $"{m.Name} {m.Audiences.Count}"))}, {differences.Count} differences");
        foreach (var d in differences.Take(20))
        {
            output.WriteLine(d);
        }
        return differences;
    }

    /// <summary>Every request's answer from one server against another's, as <paramref name="who"/>.</summary>
    static async Task CompareAsync(HttpClient served, HttpClient expected, IReadOnlyList<Request> requests, string who, List<string> differences)
    {
        foreach (var first in requests)
        {
            // A list asked with Follow is walked page by page along the served answers' `next`: each page, and so
            // each cursor, must be the reference's too.
            Request? r = first;
            for (var pages = 0; r is not null && pages < MaxPages; pages++)
            {
                var (a, b) = (await AnswerAsync(served, r), await AnswerAsync(expected, r));
                if (Difference(a, b) is { } where)
                {
                    differences.Add($"{who}: {r}: {where}");
                    break;
                }
                r = first.Follow && a.Status == 200 && JsonNode.Parse(a.Body)?["next"]?.GetValue<string>() is { } next
                    ? first with { Url = $"{first.Url}&{first.Cursor}={Uri.EscapeDataString(next)}" } : null;
            }
        }
    }

    /// <summary>
    /// A mirror is a reader too: the copy `truce mirror` makes of the served log (anonymously: the public's bodies),
    /// served by `serve --mirror`, answers every read as the public does on the deployment it copies.
    /// </summary>
    static async Task CompareMirrorAsync(TestDeployment t, WebApplication app, IReadOnlyList<Request> requests, List<string> differences)
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(t.Dir)!, "mirror");
        await MirrorRunner.RunAsync(dir, app.Urls.First(), t.Deployment.Ledger.LogKey.ToString(), token: null, once: true, TimeSpan.FromSeconds(1),
            TextWriter.Null, default);
        await using var mirror = Deployment.OpenMirror(dir, t.Clock);
        await using var mirrorApp = TruceServer.Build(mirror, "http://127.0.0.1:0", quiet: true);
        await mirrorApp.StartAsync();
        using var copied = Client(mirrorApp, null);
        using var served = Client(app, null);
        await CompareAsync(copied, served, requests, "mirror", differences);
    }

    /// <summary>Enough pages of two for every list a random log makes.</summary>
    const int MaxPages = 1000;

    static HttpClient Client(WebApplication app, string? token)
    {
        var c = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        if (token is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return c;
    }

    static async Task<(int Status, string Body)> AnswerAsync(HttpClient c, Request r)
    {
        using var message = new HttpRequestMessage(new HttpMethod(r.Method), r.Url);
        if (r.Body is not null)
        {
            message.Content = new StringContent(r.Body, Encoding.UTF8, r.ContentType);
        }
        using var resp = await c.SendAsync(message);
        return ((int)resp.StatusCode, await resp.Content.ReadAsStringAsync());
    }

    /// <summary>Where two answers differ (null if they do not), once what the rule allows to differ is set aside.</summary>
    static string? Difference((int Status, string Body) a, (int Status, string Body) b)
    {
        if (a.Status != b.Status)
        {
            return $"status {a.Status}, expected {b.Status}: {Clip(a.Body)} / {Clip(b.Body)}";
        }
        if (!a.Body.StartsWith('{') && !a.Body.StartsWith('['))
        {
            var (x, y) = (LogSection().Replace(a.Body, ""), LogSection().Replace(b.Body, ""));
            return x == y ? null : $"page differs at {Mismatch(x, y)}";
        }
        var (ja, jb) = (Normalize(JsonNode.Parse(a.Body)), Normalize(JsonNode.Parse(b.Body)));
        return JsonNode.DeepEquals(ja, jb) ? null : Path(ja, jb, "$");
    }

    /// <summary>
    /// Sets aside what is not the application's derived state: a problem's trace id (new per request), and what the
    /// publication rules publish from the mission's book (docs/SECURITY.md): victims' counts.
    /// </summary>
    static JsonNode? Normalize(JsonNode? n)
    {
        switch (n)
        {
            case JsonObject o:
                o.Remove("traceId");
                // A link names the server it came from (its port differs between the two): compare where it points.
                foreach (var link in new[] { "href", "$id" })
                {
                    if (o[link] is JsonValue v && v.TryGetValue<string>(out var href) && Uri.TryCreate(href, UriKind.Absolute, out var u))
                    {
                        o[link] = u.PathAndQuery;
                    }
                }
                if (o.ContainsKey("activation") && o.ContainsKey("killed"))
                {
                    o.Remove("killed");
                    o.Remove("injured");
                }
                if (o.ContainsKey("accidentsByYear"))
                {
                    o.Remove("victims");
                }
                foreach (var (_, v) in o.ToList())
                {
                    Normalize(v);
                }
                break;
            case JsonArray arr:
                foreach (var v in arr)
                {
                    Normalize(v);
                }
                break;
        }
        return n;
    }

    static string Path(JsonNode? a, JsonNode? b, string at)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    if (!JsonNode.DeepEquals(x[key], y[key]))
                    {
                        return Path(x[key], y[key], $"{at}.{key}");
                    }
                }
                break;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (int i = 0; i < x.Count; i++)
                {
                    if (!JsonNode.DeepEquals(x[i], y[i]))
                    {
                        return Path(x[i], y[i], $"{at}[{i}]");
                    }
                }
                break;
        }
        return $"{at}: {Clip(a?.ToJsonString())} / expected {Clip(b?.ToJsonString())}";
    }

    static string Mismatch(string x, string y)
    {
        var i = 0;
        while (i < x.Length && i < y.Length && x[i] == y[i])
        {
            i++;
        }
        return $"{i}: {Clip(x[Math.Max(0, i - 40)..])} / expected {Clip(y[Math.Max(0, i - 40)..])}";
    }

    static string Clip(string? s) => s is null ? "(none)" : s.Length > 160 ? s[..160] + "…" : s;

    /// <summary>The home page's log section: the checkpoint, which covers every entry (a publication rule).</summary>
    [GeneratedRegex("<section id=\"log\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex LogSection();
}
