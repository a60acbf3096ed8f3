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
}
