using Truce.Core.Modules;
using Truce.Server.Reports;

namespace Truce.Tests;

/// <summary>The situation report's map: framed on its events when the deployment records no area, with the land clipped
/// to each frame kept for a bounded number of frames (readers choose the period, so the frames are theirs to vary).</summary>
public sealed class ReportSvgTests
{
    static SituationReport Over(double lat, double lon) => new("test", true, "public", new ReportPeriod("daily", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1)),
        1, "root", 1, 0, [], [], [], [new ReportEvent("I-1", DateTimeOffset.UnixEpoch, lat, lon, "artillery")], []);

    [Fact]
    public void Frames_kept_for_the_land_are_bounded_and_a_frame_draws_the_same_map_again()
    {
        var first = ReportSvg.Map(Over(40, 46.5), null);
        for (var k = 0; k < 3 * ReportSvg.MaxFrames; k++)
        {
            ReportSvg.Map(Over(39 + k * 0.01, 46 + k * 0.01), null);
            Assert.InRange(ReportSvg.FramesKept, 1, ReportSvg.MaxFrames);
        }
        // Its land clipped anew after the frames were let go: the same drawing.
        Assert.Equal(first, ReportSvg.Map(Over(40, 46.5), null));
        Assert.Contains("cx=", first, StringComparison.Ordinal);
    }
}
