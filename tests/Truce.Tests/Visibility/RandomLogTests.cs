using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Incidents;
using Truce.MineAction;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// The random log generator of the visibility differential test: it reaches every kind the deployment knows (so the
/// differential test exercises every read model), most of what it submits is admitted (so the log is not mostly
/// refusals), one seed gives one log, and the log it makes rebuilds to the same state.
/// </summary>
public sealed class RandomLogTests(Xunit.Abstractions.ITestOutputHelper output)
{
    const int Steps = 400;
    static readonly int[] Seeds = [1, 2, 3];

    static IReadOnlyList<string> KnownKinds(TestDeployment t) =>
        [.. t.Deployment.Ledger.Modules.SelectMany(m => m.Kinds.Keys).Order(StringComparer.Ordinal), EntryKinds.Note, EntryKinds.Erase];

    [Fact]
    public async Task Every_kind_is_admitted_over_the_seeds_and_most_steps_are()
    {
        var admitted = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<string> known = [];
        foreach (var seed in Seeds)
        {
            await using var t = await TestDeployment.CreateAsync();
            known = KnownKinds(t);
            var r = await RandomLog.FeedAsync(t.Deployment, seed, Steps, t.Clock);
            output.WriteLine($"seed {seed}: kind, admitted, refused, first refusal\n{r.Table()}");
            Assert.Equal(Steps, r.Steps.Count);
            Assert.True(r.Admitted.Count * 2 >= Steps, $"seed {seed}: only {r.Admitted.Count} of {Steps} steps were admitted");
            AssertDatedBefore(r, t.Clock.Now);
            AssertShapes(t, r, seed);
            admitted.UnionWith(r.AdmittedByKind.Keys);
        }
        Assert.Empty(known.Except(admitted));
        Assert.Empty(known.Except(RandomLog.KindNames));
    }

    /// <summary>The server refuses entries dated after its clock; bodies' times are kept before it too, so that a second
    /// deployment on the same clock (the differential test's) takes the same entries.</summary>
    static void AssertDatedBefore(RandomLogResult r, DateTimeOffset now)
    {
        static IEnumerable<string> Strings(JsonNode? n) => n switch
        {
            JsonObject o => o.SelectMany(p => Strings(p.Value)),
            JsonArray a => a.SelectMany(Strings),
            JsonValue v when v.TryGetValue<string>(out var s) => [s],
            _ => [],
        };
        foreach (var e in r.Admitted)
        {
            Assert.True(e.Time <= now, $"entry {e.Index} is dated after the clock");
            foreach (var s in Strings(e.Body).Where(s => s.Length > 10 && s[4] == '-' && s[10] == 'T'))
            {
                Assert.True(DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) <= now, $"entry {e.Index} ({e.Kind}) holds {s}, after the clock");
            }
        }
    }

    /// <summary>What the differential test needs the log to hold besides every kind: joined reports, land release that
    /// closes hazards, and personal data erased.</summary>
    static void AssertShapes(TestDeployment t, RandomLogResult r, int seed)
    {
        var joined = t.Deployment.Ledger.Module<IncidentsModule>()!.Read(Truce.Core.Access.Reader.Mission, b => b.Correlator.Reports.Values.Count(s => s.JoinedBy is not null));
        Assert.True(joined > 0, $"seed {seed}: correlation joined no report to an incident");
        // Every reader's book: each report is listed by the incident it names, and each suggestion names an incident a
        // report could still go to (not merged away, not emptied, not its own), through retractions, links, merges,
        // splits and re-correlations (docs/EXCHANGE.md, the change feed's known gaps; docs/INCIDENTS.md, suggestions).
        foreach (var reader in new[] { Reader.Anonymous }.Concat(TestParties.Ids.Select(p => new Reader(p, TestParties.IsMission(p)))))
        {
            var astray = t.Deployment.Ledger.Module<IncidentsModule>()!.Read(reader, b => b.Correlator.Reports.Values
                .Where(s => !b.Correlator.Incidents.TryGetValue(s.Incident, out var i) || !i.Reports.Contains(s.Report.Index)
                    || s.Suggestions.Any(m => m.Incident == s.Incident || b.Correlator.Incidents[m.Incident] is not { MergedInto: null, ActiveReports: > 0 }))
                .Select(s => s.Report.Index).ToList());
            Assert.True(astray.Count == 0, $"seed {seed}, reader {reader.Party ?? "anonymous"}: reports {string.Join(", ", astray)} name an incident that does not list them or suggest one that is gone");
        }
        var closed = t.Deployment.Ledger.Module<MineActionModule>()!.Read(Truce.Core.Access.Reader.Mission, b => b.Hazards.Values.Count(h => h.Status != "open"));
        Assert.True(closed > 0, $"seed {seed}: no hazard was closed");
        var personal = r.Admitted.Where(e => e.Kind == MineActionKinds.VictimPersonal).Select(e => e.Index).ToHashSet();
        Assert.Contains(r.Admitted, e => e.Kind == EntryKinds.Erase && personal.Contains((long)e.Body["target"]!));
        Assert.All(r.Admitted.Where(e => e.Kind == MineActionKinds.Victim), e => Assert.NotEqual(Visibility.Public, e.Visibility));
    }

    [Fact]
    public async Task One_seed_gives_one_sequence_of_decisions()
    {
        static string Line(Decision d) => $"{d.Kind} {d.Party} {d.Visibility} [{string.Join(',', d.To)}] {d.Index}";
        async Task<List<string>> FeedAsync(int seed)
        {
            await using var t = await TestDeployment.CreateAsync();
            return [.. (await RandomLog.FeedAsync(t.Deployment, seed, Steps, t.Clock)).Steps.Select(Line)];
        }
        var first = await FeedAsync(5);
        Assert.Equal(first, await FeedAsync(5));
        Assert.NotEqual(first, await FeedAsync(6));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task Rebuild_reproduces_the_state_the_random_log_made(int seed)
    {
        await using var t = await TestDeployment.CreateAsync();
        var r = await RandomLog.FeedAsync(t.Deployment, seed, Steps, t.Clock);
        Assert.True(r.Admitted.Count * 2 >= Steps);
        var (before, after) = t.Deployment.Ledger.Rebuild();
        Assert.Equal(before, after);
    }
}
