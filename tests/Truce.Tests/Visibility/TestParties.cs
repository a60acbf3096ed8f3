using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Server.Hosting;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>A party of the visibility tests: its id, its kind (PartyKinds) and an English name.</summary>
public sealed record TestParty(string Id, string Kind, string Name)
{
    public bool IsMission => PartyKinds.IsMission(Kind);
}

/// <summary>
/// A fresh deployment (SQLite file in a temp folder) with one party of each kind, registered as DemoLoader registers
/// the demo's: the mission signs each party.register, the party's key is saved in the folder, its liaison officer holds
/// every role, and an API token per party is written as keys/{party}-admin.token so HTTP tests can read as that party.
/// </summary>
public static class TestParties
{
    public const string Origin = "test.truce.invalid/visibility";

    /// <summary>The fixed clock's time when the deployment is made (2021-03-01T00:00:00Z).</summary>
    public static readonly DateTimeOffset BaseTime = new(2021, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every key is valid from a day before the deployment's creation, as the mission's key is
    /// (<see cref="Deployment.InitAsync"/>): entries may be dated back to then, and no earlier.</summary>
    public static readonly TimeSpan KeysValidBefore = TimeSpan.FromDays(1);

    /// <summary>The mission first (it exists after init), then the parties registered in this order.</summary>
    public static readonly IReadOnlyList<TestParty> All =
    [
        new("mission", "mission", "Mission administration"),
        new("pk", "peacekeeping-force", "Peacekeeping force (test)"),
        new("jmc", "monitoring-centre", "Joint monitoring centre (test)"),
        new("az", "conflict-party", "Conflict party A (test)"),
        new("am", "conflict-party", "Conflict party B (test)"),
        new("mine", "mine-action-authority", "Mine action authority (test)"),
        new("ngo", "humanitarian-organisation", "Humanitarian organisation (test)"),
    ];

    public static readonly IReadOnlyList<string> Ids = [.. All.Select(p => p.Id)];

    /// <summary>The parties that see every party-only entry and may submit the mission's assessments.</summary>
    public static readonly IReadOnlyList<string> MissionParties = [.. All.Where(p => p.IsMission).Select(p => p.Id)];

    public static bool IsMission(string party) => MissionParties.Contains(party);

    /// <summary>A new, empty temp folder's "data" subfolder, where a deployment may be made (as the other tests do).</summary>
    public static string NewFolder(string prefix = "truce-visibility") => Path.Combine(Directory.CreateTempSubdirectory(prefix).FullName, "data");

    /// <summary>Makes the deployment in <paramref name="dir"/> at the clock's time, running on that clock, and registers
    /// every party of <see cref="All"/>.</summary>
    public static async Task<Deployment> CreateAsync(string dir, TimeProvider clock)
    {
        var d = await Deployment.InitAsync(dir, Origin, "Truce visibility test (SYNTHETIC DATA)", synthetic: true, clock, store: TestStore.New()).ConfigureAwait(false);
        try
        {
            await RegisterAsync(d, clock.GetUtcNow()).ConfigureAwait(false);
            return d;
        }
        catch
        {
            await d.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    static async Task RegisterAsync(Deployment d, DateTimeOffset now)
    {
        var mission = d.LoadKey("mission");
        var caller = d.SystemCaller("mission");
        foreach (var p in All.Where(p => p.Id != "mission"))
        {
            var key = SigningKey.New(p.Id);
            Deployment.SaveKey(d.Directory, key);
            var body = new JsonObject
            {
                ["id"] = p.Id,
                ["kind"] = p.Kind,
                ["names"] = new JsonObject { ["en"] = p.Name },
                ["keys"] = new JsonArray(key.Describe(now - KeysValidBefore)),
            };
            var (env, b) = EntryBuilder.Build(d.Ledger.Origin, EntryKinds.PartyRegister, mission, body, now);
            await d.Ledger.SubmitAsync(env, b, caller).ConfigureAwait(false);
            await d.AddMemberAsync(key, $"{p.Id}-admin", $"{p.Id} liaison officer (synthetic)", [.. Roles.All], now).ConfigureAwait(false);
            Deployment.WriteSecret(d.Directory, $"{p.Id}-admin.token", d.Ledger.IssueToken($"{p.Id}-admin", TimeSpan.FromDays(365)));
        }
    }
}

/// <summary>A deployment of <see cref="TestParties"/> on a <see cref="FixedClock"/> at <see cref="TestParties.BaseTime"/>,
/// whose temp folder goes when it is disposed.</summary>
public sealed class TestDeployment : IAsyncDisposable
{
    TestDeployment(string dir, FixedClock clock, Deployment deployment)
    {
        Dir = dir;
        Clock = clock;
        Deployment = deployment;
    }

    public string Dir { get; }
    public FixedClock Clock { get; }
    public Deployment Deployment { get; }

    public static async Task<TestDeployment> CreateAsync(string prefix = "truce-visibility")
    {
        var dir = TestParties.NewFolder(prefix);
        var clock = new FixedClock(TestParties.BaseTime);
        return new TestDeployment(dir, clock, await TestParties.CreateAsync(dir, clock).ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        await Deployment.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(Path.GetDirectoryName(Dir)!, true);
    }
}
