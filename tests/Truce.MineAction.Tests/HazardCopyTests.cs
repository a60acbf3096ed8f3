using System.Collections;
using NetTopologySuite.Geometries;
using Truce.MineAction.Hazards;
using Truce.MineAction.Records;
using Truce.Spatial;

namespace Truce.MineAction.Tests;

/// <summary>
/// Books of several audience classes share a hazard until an entry changes it, and the change is made to a copy: a
/// property the copy forgets would silently reset in every book the change reaches. Every public property is compared
/// (found by reflection, so a new one is covered), and the collections must be the copy's own.
/// </summary>
public class HazardCopyTests
{
    [Fact]
    public void A_copy_holds_every_property_and_its_own_collections()
    {
        var f = new GeometryFactory();
        var square = f.CreatePolygon([new(0, 0), new(1, 0), new(1, 1), new(0, 1), new(0, 0)]);
        var h = new Hazard
        {
            Id = "H",
            Origin = new Origin(7, "az", Core.Access.Visibility.Party, ["pk"], DateTimeOffset.UnixEpoch),
            Type = "CHA",
            Name = "name",
            District = "district",
            BenchmarkLat = 1,
            BenchmarkLon = 2,
            Perimeter = square,
            EstimatedM2 = 3,
            Remaining = f.CreatePoint(new Coordinate(5, 5)),
            RemainingPlane = square,
            Shape = MetricShape.OfPlane(square),
            RemainingM2 = 4,
            Status = "closed",
            Beneficiaries = 5,
            Synthetic = true,
            BenchmarkDerived = true,
            ReleasedBefore = new Dictionary<string, double> { ["cancelled"] = 7 },
        };
        h.Devices.Add("ap-mine");
        h.Evidence.Add(new EvidenceItem("sighting", "high", null, null));
        h.Blockages.Add("road");
        h.Sources.Add(new SourceRef("report", "1"));
        h.History.Add(new HazardEvent(1, DateTimeOffset.UnixEpoch, "az", "what", null));
        h.ReleasedM2["cleared"] = 6;
        h.Activities.Add("A");

        var c = h.Copy();
        foreach (var p in typeof(Hazard).GetProperties())
        {
            var (a, b) = (p.GetValue(h), p.GetValue(c));
            if (a is IEnumerable items and not string and not Geometry)
            {
                // A collection the hazard may change is its own; a read-only one (set once, at creation) may be shared.
                if (!p.PropertyType.Name.StartsWith("IReadOnly", StringComparison.Ordinal))
                {
                    Assert.NotSame(a, b);
                }
                Assert.Equal(items.Cast<object>(), ((IEnumerable)b!).Cast<object>());
                Assert.NotEmpty(items.Cast<object>()); // set above, so the comparison means something
            }
            else
            {
                Assert.True(Equals(a, b), $"{p.Name}: {a} was copied as {b}");
            }
        }
    }
}
