using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Core.Services;
using Truce.Ledger.Entries;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// An envelope's signer label says who signed: "server" for a key a party left with the server, nothing for a party's
/// own key (SPEC §3.2). The label is signed with the entry, so a party could otherwise pass its own entry off as the
/// server's; admission and the auditor both hold it to the key the registry describes.
/// </summary>
public sealed class SignerLabelTests : IAsyncLifetime
{
    readonly string _dir = Directory.CreateTempSubdirectory("truce-signer").FullName;
    Deployment _d = null!;

    public async Task InitializeAsync() => _d = await Deployment.InitAsync(Path.Combine(_dir, "data"), "truce.test/signer", "signer", synthetic: true);

    public async Task DisposeAsync()
    {
        await _d.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    (JsonElement Env, JsonElement Body, Envelope Signed) Note(SigningKey key, string? signer, string kind = EntryKinds.Note, JsonObject? body = null)
    {
        var b = JsonSerializer.SerializeToElement(body ?? new JsonObject { ["text"] = "t" });
        var env = new Envelope
        {
            Log = _d.Ledger.Origin,
            Kind = kind,
            Party = key.Party,
            Key = key.KeyId,
            Time = DateTimeOffset.FromUnixTimeMilliseconds(_d.Ledger.Time.GetUtcNow().ToUnixTimeMilliseconds()),
            Cid = Guid.CreateVersion7().ToString("n"),
            Body = Envelope.DigestOf(CanonicalJson.Canonicalize(b)),
            Signer = signer,
        }.SignWith(key.Pair);
        return (JsonSerializer.SerializeToElement(env.ToJson(true)), b, env);
    }

    async Task<ValidationException> Refused(SigningKey key, string? signer, string field)
    {
        var size = _d.Ledger.Sequencer.Size;
        var (env, body, _) = Note(key, signer);
        var e = await Assert.ThrowsAsync<ValidationException>(() => _d.Ledger.SubmitAsync(env, body, _d.SystemCaller(key.Party)));
        Assert.Equal(field, e.Field);
        Assert.Equal(size, _d.Ledger.Sequencer.Size);
        return e;
    }

    [Theory]
    [InlineData("server", "is 'server', but key '{0}' is not one party 'mission' left with the server")]
    [InlineData("robot", "is either absent or \"server\"")] // the ledger knows no other label
    [InlineData("Server", "is either absent or \"server\"")]
    public async Task A_party_cannot_label_its_own_entry_as_signed_by_anyone_else(string signer, string problem)
    {
        var mission = _d.LoadKey("mission");
        var e = await Refused(mission, signer, "envelope.signer");
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, mission.KeyId), e.Message);
    }

    [Fact]
    public async Task A_key_left_with_the_server_signs_only_under_the_server_label()
    {
        var mission = _d.LoadKey("mission");
        var held = SigningKey.New("mission");
        JsonObject KeyAdd(JsonNode serverHeld)
        {
            var key = held.Describe(_d.Ledger.Time.GetUtcNow().AddMinutes(-1));
            key["serverHeld"] = serverHeld;
            return new JsonObject { ["party"] = "mission", ["key"] = key };
        }
        var (badEnv, badBody, _) = Note(mission, null, EntryKinds.KeyAdd, KeyAdd("yes"));
        var bad = await Assert.ThrowsAsync<ValidationException>(() => _d.Ledger.SubmitAsync(badEnv, badBody, _d.SystemCaller("mission")));
        Assert.Equal("body.key.serverHeld", bad.Field);

        var (env, body, _) = Note(mission, null, EntryKinds.KeyAdd, KeyAdd(true));
        await _d.Ledger.SubmitAsync(env, body, _d.SystemCaller("mission"));
        Assert.Contains("is missing: key", (await Refused(held, null, "envelope.signer")).Message);
        var (labelled, labelledBody, _) = Note(held, "server");
        var appended = await _d.Ledger.SubmitAsync(labelled, labelledBody, _d.SystemCaller("mission"));
        Assert.Equal("server", EnvelopeParser.Parse(labelled).Signer);
        Assert.False(appended.Duplicate);
    }

    [Fact]
    public void The_auditor_finds_an_entry_whose_signer_label_belies_its_key()
    {
        var store = _d.Ledger.Store;
        var size = _d.Ledger.Sequencer.Size;
        var checker = new TruceEntryChecker(_d.Ledger.Origin, store.ReadBody);
        var leaves = store.ReadLeaves(0, (int)size);
        for (var i = 0; i < leaves.Count; i++)
        {
            Assert.Empty(checker.Check(i, leaves[i]));
        }
        var (_, _, forged) = Note(_d.LoadKey("mission"), "server");
        var problem = Assert.Single(checker.Check(size, forged.ToLeaf()));
        Assert.Equal(size, problem.Index);
        Assert.Contains("the envelope's signer is 'server'", problem.Message);
    }
}
