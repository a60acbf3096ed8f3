using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.MineAction;
using Truce.Server;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// No existence oracle: an entry that refers to something its author may not see is refused exactly as one that refers
/// to nothing (same status, same problem, the id aside), through the real server; and an id taken by an entry its
/// author could not see is the author's to use, each audience keeping the record it saw first.
/// </summary>
public sealed class OracleTests : IAsyncLifetime
{
    TestDeployment _t = null!;
    Microsoft.AspNetCore.Builder.WebApplication _app = null!;

    static readonly DateTimeOffset At = TestParties.BaseTime.AddHours(-2);

    static JsonObject Square(double lat, double lon) => new()
    {
        ["type"] = "Polygon",
        ["coordinates"] = new JsonArray(new JsonArray(
            new JsonArray(lon, lat), new JsonArray(lon + 0.002, lat), new JsonArray(lon + 0.002, lat + 0.002), new JsonArray(lon, lat + 0.002), new JsonArray(lon, lat))),
    };

    static JsonObject Hazard(string id) => new()
    {
        ["id"] = id,
        ["type"] = "SHA",
        ["benchmark"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.6, 39.7) },
        ["perimeter"] = Square(39.7, 46.6),
        ["evidence"] = new JsonArray(new JsonObject { ["type"] = "sighting", ["reliability"] = "low" }),
    };

    public async Task InitializeAsync()
    {
        _t = await TestDeployment.CreateAsync("truce-oracle");
        var d = _t.Deployment;
        await d.SubmitAsAsync("az", MineActionKinds.Hazard, Hazard("H-HIDDEN"), At, Visibility.Party);
        await d.SubmitAsAsync("az", "report", new JsonObject
        {
            ["category"] = "ceasefire-violation",
            ["type"] = "mortar",
            ["time"] = new JsonObject { ["start"] = "2021-02-28T20:00:00Z", ["end"] = "2021-02-28T20:30:00Z" },
            ["location"] = new JsonObject { ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.7, 39.8) }, ["precision"] = "exact" },
            ["source"] = new JsonObject { ["kind"] = "party-statement" },
        }, At, Visibility.Restricted, ["pk"]);
        _app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _t.DisposeAsync();
    }

    /// <summary>Submits as a party over HTTP; the answer's status and problem (trace id aside).</summary>
    async Task<(HttpStatusCode Status, string Problem)> SubmitAsync(string party, string kind, JsonObject body, Visibility vis = Visibility.Public)
    {
        var (env, b) = EntryBuilder.Build(_t.Deployment.Ledger.Origin, kind, _t.Deployment.LoadKey(party), body, At.AddMinutes(5), vis);
        using var c = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _t.Deployment.ReadSecret($"{party}-admin.token"));
        using var resp = await c.PostAsJsonAsync("/api/entries", new { envelope = env, body = b });
        var problem = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId");
        return (resp.StatusCode, problem.ToJsonString());
    }

    long ReportIndex() => _t.Deployment.Ledger.Views.List(new Reader("pk", IsMission: true), -1, 1000, "report").Single().Index;

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // kind, field holding the reference, the hidden record, a record that does not exist
        { MineActionKinds.HazardUpdate, "hazard", "H-HIDDEN", "H-NONE" },
        { MineActionKinds.Release, "hazard", "H-HIDDEN", "H-NONE" },
        { MineActionKinds.Ordnance, "hazard", "H-HIDDEN", "H-NONE" },
        { "report.retract", "report", "{report}", "999999" },
    };

    /// <summary>Which indexes hold entries is public (the log publishes every envelope), so an erasure may say that it
    /// names one its author may not see; what the entry holds it may not learn.</summary>
    [Fact]
    public async Task An_erasure_of_an_entry_its_author_may_not_see_is_refused_without_a_word_of_it()
    {
        var (status, problem) = await SubmitAsync("am", "erase", new JsonObject { ["target"] = ReportIndex(), ["reason"] = "test" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("is not an entry you may see", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("mortar", problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_reference_to_what_the_author_may_not_see_is_refused_as_one_to_nothing(string kind, string field, string hidden, string missing)
    {
        var report = ReportIndex();
        JsonObject Body(string target)
        {
            var id = target == "{report}" ? report.ToString(System.Globalization.CultureInfo.InvariantCulture) : target;
            JsonNode value = long.TryParse(id, out var n) ? n : id;
            var body = kind switch
            {
                MineActionKinds.HazardUpdate => new JsonObject { ["status"] = "closed", ["reason"] = "test" },
                MineActionKinds.Release => new JsonObject { ["id"] = "A-1", ["type"] = "non-technical-survey", ["organisation"] = "org", ["status"] = "completed", ["reason"] = "t" },
                MineActionKinds.Ordnance => new JsonObject { ["id"] = "O-1", ["category"] = "uxo", ["type"] = "mortar-bomb", ["position"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.6, 39.7) }, ["found"] = "2021-02-28T10:00:00Z" },
                _ => new JsonObject { ["reason"] = "test" },
            };
            body[field] = value;
            return body;
        }
        // am may see neither the party-only hazard of az nor the report restricted to pk.
        var toHidden = await SubmitAsync("am", kind, Body(hidden));
        var toNothing = await SubmitAsync("am", kind, Body(missing));
        Assert.NotEqual(HttpStatusCode.Created, toNothing.Status);
        var hiddenId = hidden == "{report}" ? ReportIndex().ToString(System.Globalization.CultureInfo.InvariantCulture) : hidden;
        Assert.Equal(toNothing.Status, toHidden.Status);
        Assert.Equal(toNothing.Problem.Replace(missing, "#", StringComparison.Ordinal), toHidden.Problem.Replace(hiddenId, "#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_id_another_party_holds_unseen_is_free_to_the_author_and_each_audience_keeps_the_record_it_saw_first()
    {
        var (status, problem) = await SubmitAsync("am", MineActionKinds.Hazard, Hazard("H-HIDDEN"));
        Assert.True(status == HttpStatusCode.Created, problem);
        var module = _t.Deployment.Ledger.Module<MineActionModule>()!;
        Assert.Equal("az", module.Read(new Reader("az"), b => b.Hazards["H-HIDDEN"].Origin.Party));
        Assert.Equal("am", module.Read(new Reader("am"), b => b.Hazards["H-HIDDEN"].Origin.Party));
        Assert.Equal("am", module.Read(Reader.Anonymous, b => b.Hazards["H-HIDDEN"].Origin.Party));
        // The mission sees both: the first in log order stays, the second is skipped in its book (and says why).
        Assert.Equal("az", module.Read(Reader.Mission, b => b.Hazards["H-HIDDEN"].Origin.Party));
        Assert.Contains(module.Read(Reader.Mission, b => b.Skipped.ToList()), s => s.Why.Contains("H-HIDDEN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_party_name_that_reverses_text_cannot_flip_the_page_around_it()
    {
        const string name = "Evil \u202Egnirts desrever\u202C party";
        var mission = _t.Deployment.LoadKey("mission");
        var key = SigningKey.New("rtl");
        var (env, body) = EntryBuilder.Build(_t.Deployment.Ledger.Origin, EntryKinds.PartyRegister, mission, new JsonObject
        {
            ["id"] = "rtl",
            ["kind"] = "humanitarian-organisation",
            ["names"] = new JsonObject { ["en"] = name, ["ar"] = "منظمة" },
            ["keys"] = new JsonArray(key.Describe(At)),
        }, At);
        await _t.Deployment.Ledger.SubmitAsync(env, body, _t.Deployment.SystemCaller("mission"));
        using var c = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        var page = await c.GetStringAsync("/ledger");
        Assert.Contains($"<bdi>{name}</bdi>", page);
        Assert.Contains("<bdi>منظمة</bdi>", page);
        // Every name a party wrote is isolated: none stands outside a <bdi>.
        Assert.Equal(page.Split(name).Length - 1, page.Split($"<bdi>{name}</bdi>").Length - 1);
        Assert.NotNull(JsonDocument.Parse(await c.GetStringAsync("/api/parties")));
    }
}
