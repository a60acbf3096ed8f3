using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>The ledger keeps an envelope's audience label as signed and gives it no meaning; Truce's access model
/// (Core.Access) says which labels exist and what they allow, and refuses the rest at the door.</summary>
public sealed class VisibilityLabelTests : IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("truce-vis").FullName;
    Deployment _d = null!;

    public async Task InitializeAsync() => _d = await Deployment.InitAsync(Path.Combine(_dir, "data"), "truce.test/vis", "vis", synthetic: true);

    public async Task DisposeAsync()
    {
        await _d.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    (JsonElement Env, JsonElement Body) Signed(string vis, IReadOnlyList<string> to)
    {
        var key = _d.LoadKey("mission");
        var body = JsonSerializer.SerializeToElement(new JsonObject { ["text"] = "t", ["nonce"] = "a-random-nonce-of-24-chars" });
        var env = new Envelope
        {
            Log = _d.Ledger.Origin,
            Kind = EntryKinds.Note,
            Party = key.Party,
            Key = key.KeyId,
            Time = DateTimeOffset.FromUnixTimeMilliseconds(_d.Ledger.Time.GetUtcNow().ToUnixTimeMilliseconds()),
            Cid = Guid.CreateVersion7().ToString("n"),
            Body = Envelope.DigestOf(CanonicalJson.Canonicalize(body)),
            Vis = vis,
            To = to,
        }.SignWith(key.Pair);
        return (JsonSerializer.SerializeToElement(env.ToJson(true)), body);
    }

    [Fact]
    public void The_ledger_parses_any_label_and_leaves_its_meaning_to_the_application()
    {
        var (env, _) = Signed("secret", ["am"]);
        Assert.Equal("secret", EnvelopeParser.Parse(env).Vis);
        Assert.Null(Visibilities.Parse("secret"));
        var bad = JsonNode.Parse(env.GetRawText())!.AsObject();
        bad["vis"] = "Not A Label";
        Assert.Equal("envelope.vis", Assert.Throws<EnvelopeException>(() => EnvelopeParser.Parse(JsonSerializer.SerializeToElement(bad))).Field);
    }

    [Theory]
    [InlineData("secret", new string[0], "envelope.vis", "must be public, mission, party or restricted")]
    [InlineData("restricted", new string[0], "envelope.to", "names the parties that may read a restricted entry")]
    [InlineData("party", new[] { "am" }, "envelope.to", "is only for restricted entries")]
    public async Task Truce_refuses_a_label_it_does_not_know_or_recipients_that_do_not_go_with_it(string vis, string[] to, string field, string problem)
    {
        var size = _d.Ledger.Sequencer.Size;
        var (env, body) = Signed(vis, to);
        var e = await Assert.ThrowsAsync<ValidationException>(() => _d.Ledger.SubmitAsync(env, body, _d.SystemCaller("mission")));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message);
        Assert.Equal(size, _d.Ledger.Sequencer.Size);
    }

    [Fact]
    public async Task A_label_truce_knows_is_read_back_as_its_visibility()
    {
        var (env, body) = Signed("restricted", ["mission"]);
        var appended = await _d.Ledger.SubmitAsync(env, body, _d.SystemCaller("mission"));
        Assert.Equal(Visibility.Restricted, EnvelopeParser.Parse(env).Visibility);
        Assert.Equal(Visibility.Restricted, _d.Ledger.List(Reader.Mission, appended.Index - 1, 1).Single().Visibility);
    }
}
