using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Modules;
using Truce.MineAction.Safety;
using Truce.Tests.Shared;
using Visibility = Truce.Core.Access.Visibility;

namespace Truce.MineAction.Tests;

/// <summary>
/// The books of two audience classes share a hazard and one index until an entry only one of them sees changes the
/// hazard: that book then holds a changed copy, the other the original, and each answers "is it safe" as a book built
/// on its own from the same entries would.
/// </summary>
public class SharedBooksTests
{
    static JsonElement Json(JsonNode n) => JsonSerializer.SerializeToElement(n);

    [Fact]
    public void A_change_seen_by_one_class_copies_the_hazard_for_it_alone_and_each_book_answers_as_if_alone()
    {
        var index = new SharedIndex();
        var (seesAll, seesPublic) = (new MineActionBook(index), new MineActionBook(index));
        var hazard = Json(Geo.Hazard("H", Geo.Rect(0, 0, 1000, 1000)));
        var hazardEnv = ModuleLog<MineActionBook>.Env(MineActionKinds.Hazard, "az", DateTimeOffset.UnixEpoch);
        var memo = new EntryMemo();
        seesAll.Apply(10, hazardEnv, hazard, memo);
        seesPublic.Apply(10, hazardEnv, hazard, memo);
        Assert.Same(seesAll.Hazards["H"], seesPublic.Hazards["H"]);

        var clearance = Json(new JsonObject
        {
            ["id"] = "A1",
            ["type"] = "clearance",
            ["hazard"] = "H",
            ["organisation"] = "org",
            ["start"] = "2021-07-01T06:00:00Z",
            ["status"] = "completed",
            ["outcomes"] = new JsonObject { ["cleared"] = Geo.Rect(-10, -10, 500, 1010) },
        });
        var clearanceEnv = ModuleLog<MineActionBook>.Env(MineActionKinds.Release, "az", DateTimeOffset.UnixEpoch, Visibility.Mission);
        seesAll.Apply(11, clearanceEnv, clearance, new EntryMemo());
        Assert.NotSame(seesAll.Hazards["H"], seesPublic.Hazards["H"]);
        Assert.Equal("open", seesPublic.Hazards["H"].Status);
        Assert.InRange(seesAll.Hazards["H"].RemainingM2 / seesPublic.Hazards["H"].RemainingM2, 0.49, 0.51);

        // Each answers at a point in the cleared half as a book of its own entries alone answers.
        var (lat, lon) = Geo.At(200, 500);
        var alone = new MineActionBook();
        alone.Apply(10, hazardEnv, hazard);
        var aloneAll = new MineActionBook();
        aloneAll.Apply(10, hazardEnv, hazard);
        aloneAll.Apply(11, clearanceEnv, clearance);
        Assert.Empty(SafetyQueries.Point(seesAll, lat, lon, 10, new SafetyOptions()).Hits);
        Assert.Empty(SafetyQueries.Point(aloneAll, lat, lon, 10, new SafetyOptions()).Hits);
        Assert.Single(SafetyQueries.Point(seesPublic, lat, lon, 10, new SafetyOptions()).Hits);
        Assert.Single(SafetyQueries.Point(alone, lat, lon, 10, new SafetyOptions()).Hits);
        Assert.Equal(aloneAll.Digest(), seesAll.Digest());
        Assert.Equal(alone.Digest(), seesPublic.Digest());
    }

    /// <summary>A minefield record and a release activity are read once for every book an entry reaches; what later
    /// entries add to them (handovers, assessments, outcomes measured against each book's hazard) is each book's own.</summary>
    [Fact]
    public void Records_read_once_are_copied_into_each_book_and_later_entries_change_only_their_own_books()
    {
        var registry = ModuleLog<MineActionBook>.Parties();
        var index = new SharedIndex();
        var (a, b) = (new MineActionBook(index), new MineActionBook(index));
        var minefield = Json(RecordsTests.Minefield("MF", 0, -2000));
        var minefieldEnv = ModuleLog<MineActionBook>.Env(MineActionKinds.Minefield, "am", DateTimeOffset.UnixEpoch);
        a.Check(1, minefieldEnv, minefield, registry);
        var memo = new EntryMemo();
        a.Apply(1, minefieldEnv, minefield, memo);
        b.Apply(1, minefieldEnv, minefield, memo);
        Assert.NotSame(a.Minefields["MF"], b.Minefields["MF"]);

        var handover = Json(new JsonObject { ["id"] = "HO", ["records"] = new JsonArray("MF"), ["to"] = "az", ["at"] = "2021-06-12T10:00:00Z" });
        a.Apply(2, ModuleLog<MineActionBook>.Env(MineActionKinds.Handover, "am", DateTimeOffset.UnixEpoch, Visibility.Party), handover);
        var accuracy = Json(new JsonObject { ["record"] = "MF", ["checked"] = 10, ["confirmed"] = 8, ["unrecorded"] = 2 });
        a.Apply(3, ModuleLog<MineActionBook>.Env(MineActionKinds.Accuracy, "pk", DateTimeOffset.UnixEpoch, Visibility.Mission), accuracy);
        Assert.Equal([2L], a.Minefields["MF"].HandedOverIn);
        Assert.Single(a.Minefields["MF"].Assessments);
        Assert.Empty(b.Minefields["MF"].HandedOverIn);
        Assert.Empty(b.Minefields["MF"].Assessments);
        Assert.Equal(a.Minefields["MF"].AreaM2, b.Minefields["MF"].AreaM2);
        Assert.True(b.Minefields["MF"].AreaM2 > 0);

        // One clearance reaches both books, whose hazards differ (b's was reduced first): each measures its own outcome.
        var hazard = Json(Geo.Hazard("H", Geo.Rect(0, 0, 1000, 1000)));
        var hazardEnv = ModuleLog<MineActionBook>.Env(MineActionKinds.Hazard, "az", DateTimeOffset.UnixEpoch);
        memo = new EntryMemo();
        a.Apply(4, hazardEnv, hazard, memo);
        b.Apply(4, hazardEnv, hazard, memo);
        b.Apply(5, ModuleLog<MineActionBook>.Env(MineActionKinds.Release, "az", DateTimeOffset.UnixEpoch, Visibility.Party),
            Json(Release("R0", Geo.Rect(0, 0, 500, 1000))));
        var clearance = Json(Release("R1", Geo.Rect(0, 0, 1000, 1000)));
        var clearanceEnv = ModuleLog<MineActionBook>.Env(MineActionKinds.Release, "pk", DateTimeOffset.UnixEpoch);
        memo = new EntryMemo();
        a.Apply(6, clearanceEnv, clearance, memo);
        b.Apply(6, clearanceEnv, clearance, memo);
        Assert.NotSame(a.Activities["R1"], b.Activities["R1"]);
        Assert.InRange(a.Activities["R1"].Outcomes.Single().ReleasedM2 / b.Activities["R1"].Outcomes.Single().ReleasedM2, 1.99, 2.01);
        Assert.Equal("closed", a.Hazards["H"].Status);
        Assert.Equal("closed", b.Hazards["H"].Status);
    }

    static JsonObject Release(string id, JsonObject cleared) => new()
    {
        ["id"] = id,
        ["type"] = "clearance",
        ["hazard"] = "H",
        ["organisation"] = "org",
        ["start"] = "2021-07-01T06:00:00Z",
        ["status"] = "completed",
        ["outcomes"] = new JsonObject { ["cleared"] = cleared },
    };

    /// <summary>Who may submit each kind (SPEC §3.2), as the module declares it: the one list admission reads.</summary>
    [Fact]
    public void The_module_declares_every_kind_with_its_roles()
    {
        var expected = new Dictionary<string, string>
        {
            [MineActionKinds.Minefield] = "mine-action-officer party-admin",
            [MineActionKinds.Handover] = "mine-action-officer party-admin",
            [MineActionKinds.Accuracy] = "mine-action-officer verifier",
            [MineActionKinds.Hazard] = "mine-action-officer",
            [MineActionKinds.HazardUpdate] = "mine-action-officer",
            [MineActionKinds.Task] = "mine-action-officer",
            [MineActionKinds.Release] = "mine-action-officer",
            [MineActionKinds.QualityVisit] = "mine-action-officer verifier",
            [MineActionKinds.Ordnance] = "mine-action-officer reporter verifier",
            [MineActionKinds.Accident] = "mine-action-officer reporter",
            [MineActionKinds.Victim] = "mine-action-officer",
            [MineActionKinds.VictimPersonal] = "mine-action-officer",
            [MineActionKinds.Import] = "mine-action-officer party-admin",
        };
        var module = new MineActionModule();
        Assert.Equal(expected.Keys.Order(), module.Kinds.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, string.Join(' ', module.Kinds[e.Key].Order(StringComparer.Ordinal))));
    }
}
