using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Server;
using Truce.Server.Hosting;
using Truce.Tests.VisibilityDifferential;

namespace Truce.Tests;

/// <summary>
/// The change feed (<c>GET /api/changes</c>) and <c>truce follow</c>: a copy kept in step through the feed equals a
/// fresh export of every collection after random writes of every kind (erasures, merges and retractions included), for
/// a party and for the public.
/// </summary>
public sealed class ChangeFeedTests
{
    [Theory]
    [InlineData(null, 11)]
    [InlineData("pk", 12)]
    public async Task Truce_follow_keeps_a_copy_equal_to_a_fresh_export_after_random_writes(string? party, int seed)
    {
        await using var t = await TestDeployment.CreateAsync("truce-follow");
        await RandomLog.FeedAsync(t.Deployment, seed, 120, t.Clock);
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var url = app.Urls.First();
        var token = party is null ? null : t.Deployment.ReadSecret($"{party}-admin.token");
        var dir = Path.Combine(Path.GetDirectoryName(t.Dir)!, "copy");
        string[] args = ["follow", url, "--out", dir, "--once", .. token is null ? Array.Empty<string>() : ["--token", token]];

        var (code, _, err) = await CliProcess.RunAsync(args);
        Assert.True(code == 0, err);
        await AssertSameAsExportAsync(url, token, dir);
        var before = State(dir);

        // Rounds of writes, each followed: some erase (the copy fetches collections afresh), some do not, and then the
        // copy is kept in step by the changes alone.
        var incremental = 0;
        var said = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var more = await RandomLog.FeedAsync(t.Deployment, seed * 100 + round, 40, t.Clock);
            (code, _, err) = await CliProcess.RunAsync(args);
            Assert.True(code == 0, err);
            Assert.True(State(dir) > before, "the copy's size did not move on");
            before = State(dir);
            await AssertSameAsExportAsync(url, token, dir);
            said.Add($"{more.AdmittedByKind.GetValueOrDefault("erase")} erasures: {err.Trim()}");
            incremental += err.Contains(" 0 collections fetched afresh", StringComparison.Ordinal) && !err.Contains(" 0 changes applied", StringComparison.Ordinal) ? 1 : 0;
        }
        Assert.True(incremental > 0, "no round was kept in step by the changes alone: " + string.Join("; ", said));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "incidents.geojson")));
        }
    }

    static long State(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "follow.json")))!["after"]!.GetValue<long>();

    static async Task AssertSameAsExportAsync(string url, string? token, string dir)
    {
        using var http = Client(url, token);
        var collections = JsonNode.Parse(await http.GetStringAsync("/ogc/collections"))!["collections"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
        Assert.Contains("incidents", collections);
        foreach (var c in collections)
        {
            var expected = Features(await http.GetStringAsync($"/api/export/{c}?format=geojson"));
            var copy = Features(await File.ReadAllTextAsync(Path.Combine(dir, c + ".geojson")));
            Assert.True(expected.SequenceEqual(copy), $"{c}: the copy holds {copy.Count} features, the export {expected.Count}; first difference: "
                + expected.Except(copy).Concat(copy.Except(expected)).FirstOrDefault());
        }
    }

    /// <summary>A collection's features by id, each as canonical JSON text (the copy may hold them in another order).</summary>
    static List<string> Features(string geojson) =>
        [.. JsonNode.Parse(geojson)!["features"]!.AsArray().Select(f => f!.ToJsonString()).Order(StringComparer.Ordinal)];

    /// <summary>The feed asks the store for a reader's erasures only from the last erase entry back (a round trip
    /// on PostgreSQL): that mark is exact as entries are written, and again after the log is replayed at open.</summary>
    [Fact]
    public async Task The_mark_of_the_last_erasure_is_exact_when_written_and_after_a_replay()
    {
        var dir = TestParties.NewFolder("truce-erasure-mark");
        var clock = new FixedClock(TestParties.BaseTime);
        long last;
        await using (var d = await TestParties.CreateAsync(dir, clock))
        {
            Assert.False(d.Ledger.MayHaveErasuresFrom(0));
            await RandomLog.FeedAsync(d, 31, 200, clock);
            last = LastErasure(d);
            Assert.True(last > 0, "the random log erased nothing");
            Assert.True(d.Ledger.MayHaveErasuresFrom(last));
            Assert.False(d.Ledger.MayHaveErasuresFrom(last + 1));
            await d.SubmitAsAsync("mission", EntryKinds.Note, new JsonObject { ["text"] = "after the erasures" }, clock.GetUtcNow());
            Assert.False(d.Ledger.MayHaveErasuresFrom(last + 1));
        }
        await using (var d = Deployment.Open(dir, clock))
        {
            Assert.Equal(last, LastErasure(d));
            Assert.True(d.Ledger.MayHaveErasuresFrom(last));
            Assert.False(d.Ledger.MayHaveErasuresFrom(last + 1));
        }
    }

    static long LastErasure(Deployment d)
    {
        var last = -1L;
        for (var i = 0L; i < d.Ledger.Sequencer.Size; i++)
        {
            last = d.Ledger.Views.Get(i)?.Kind == EntryKinds.Erase ? i : last;
        }
        return last;
    }

    [Fact]
    public async Task The_feed_names_what_changed_since_a_size_and_nothing_before_it()
    {
        await using var t = await TestDeployment.CreateAsync("truce-feed");
        await RandomLog.FeedAsync(t.Deployment, 21, 100, t.Clock);
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var http = Client(app.Urls.First(), t.Deployment.ReadSecret("mission-admin.token"));
        var size = t.Deployment.Ledger.Sequencer.Size;

        var all = JsonNode.Parse(await http.GetStringAsync("/api/changes?after=0&limit=1000"))!;
        Assert.Equal(size, all["size"]!.GetValue<long>());
        Assert.Contains($"\n{size}\n", all["checkpoint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(all["items"]!.AsArray(), i => Assert.NotEqual("changed", (string)i!["change"]!));
        var incidents = all["totals"]!["incidents"]!.GetValue<long>();
        Assert.Equal(incidents, all["items"]!.AsArray().Count(i => (string)i!["collection"]! == "incidents" && (string)i["change"]! == "new"));

        var none = JsonNode.Parse(await http.GetStringAsync($"/api/changes?after={size}"))!;
        Assert.Empty(none["items"]!.AsArray());
        Assert.Empty(none["resync"]!.AsArray());

        // Paged one at a time: the cursor moves on.
        var first = JsonNode.Parse(await http.GetStringAsync("/api/changes?after=0&limit=1"))!;
        Assert.Single(first["items"]!.AsArray());
        Assert.NotNull(first["next"]);
        var second = JsonNode.Parse(await http.GetStringAsync($"/api/changes?after=0&limit=1&cursor={Uri.EscapeDataString((string)first["next"]!)}"))!;
        Assert.NotEqual(first["items"]![0]!.ToJsonString(), second["items"]![0]!.ToJsonString());
    }

    [Fact]
    public async Task A_poll_with_wait_answers_when_the_log_grows_and_bad_arguments_are_problems()
    {
        await using var t = await TestDeployment.CreateAsync("truce-feed-wait");
        await RandomLog.FeedAsync(t.Deployment, 31, 30, t.Clock);
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var http = Client(app.Urls.First(), t.Deployment.ReadSecret("mission-admin.token"));
        var size = t.Deployment.Ledger.Sequencer.Size;

        var poll = http.GetStringAsync($"/api/changes?after={size}&wait=20");
        await Task.Delay(300);
        Assert.False(poll.IsCompleted, "a poll with nothing new answered at once");
        await RandomLog.FeedAsync(t.Deployment, 32, 5, t.Clock);
        var answer = JsonNode.Parse(await poll.WaitAsync(TimeSpan.FromSeconds(15)))!;
        Assert.True(answer["size"]!.GetValue<long>() > size);

        foreach (var (query, field) in new[] { ("", "after"), ("after=-1", "after"), ("after=0&wait=26", "wait"), ("after=0&cursor=x", "cursor"), ("after=0&cursor=99.", "cursor"), ("after=0&limit=0", "limit") })
        {
            using var r = await http.GetAsync("/api/changes?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal(field, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        }
    }

    static HttpClient Client(string url, string? token)
    {
        var c = new HttpClient { BaseAddress = new Uri(url) };
        if (token is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return c;
    }
}
