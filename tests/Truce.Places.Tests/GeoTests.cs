using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Truce.Places.Tests;

public class GeoTests
{
    // Points away from the poles, where every report of this project lies; the formulas hold there too, but bearings do not.
    private static Arbitrary<(double Lat, double Lon)> Points() =>
        Gen.Zip(Gen.Choose(-85_000_000, 85_000_000), Gen.Choose(-180_000_000, 179_999_999))
            .Select(t => (t.Item1 / 1e6, t.Item2 / 1e6))
            .ToArbitrary();

    [Fact]
    public void One_degree_of_longitude_at_the_equator_is_the_radius_times_pi_over_180()
    {
        Assert.Equal(Geo.EarthRadiusMetres * Math.PI / 180, Geo.Distance(0, 0, 0, 1), 6);
    }

    [Fact]
    public void Shusha_to_Khankendi_is_about_six_and_a_half_kilometres_north_north_east()
    {
        // GeoNames points of the two towns; the figure is what any map's ruler gives (6.5 km), not a formula re-run.
        var d = Geo.Distance(39.76006, 46.74989, 39.8177, 46.7528);
        Assert.InRange(d, 6_300, 6_700);
        Assert.Equal("N", Geo.CompassPoint(Geo.InitialBearing(39.76006, 46.74989, 39.8177, 46.7528)));
    }

    [Property(MaxTest = 300)]
    public Property Distance_is_symmetric() =>
        Prop.ForAll(Points(), Points(), (a, b) =>
            Math.Abs(Geo.Distance(a.Lat, a.Lon, b.Lat, b.Lon) - Geo.Distance(b.Lat, b.Lon, a.Lat, a.Lon)) < 1e-6);

    [Property(MaxTest = 300)]
    public Property Distance_obeys_the_triangle_inequality() =>
        Prop.ForAll(Points(), Points(), Points(), (a, b, c) =>
            Geo.Distance(a.Lat, a.Lon, c.Lat, c.Lon)
                <= Geo.Distance(a.Lat, a.Lon, b.Lat, b.Lon) + Geo.Distance(b.Lat, b.Lon, c.Lat, c.Lon) + 1e-6);

    [Property(MaxTest = 500)]
    public Property Destination_then_distance_back_gives_the_distance_within_a_metre() =>
        Prop.ForAll(Points(), Gen.Choose(0, 359_999).ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (start, bearingMilli, metres) =>
        {
            var (lat, lon) = Geo.Destination(start.Lat, start.Lon, bearingMilli / 1000.0, metres);
            return Math.Abs(Geo.Distance(start.Lat, start.Lon, lat, lon) - metres) < 1.0;
        });

    [Property(MaxTest = 300)]
    public Property Destination_leaves_on_the_bearing_it_was_given() =>
        Prop.ForAll(Gen.Choose(-60_000, 60_000).ToArbitrary(), Gen.Choose(0, 359).ToArbitrary(), (latMilli, bearing) =>
        {
            var lat = latMilli / 1000.0;
            var (lat2, lon2) = Geo.Destination(lat, 46.7, bearing, 10_000);
            var back = Geo.InitialBearing(lat, 46.7, lat2, lon2);
            var diff = Math.Abs(((back - bearing) % 360 + 540) % 360 - 180);
            return diff < 1e-6;
        });

    [Theory]
    [InlineData("N", 0)]
    [InlineData("north", 0)]
    [InlineData("North-East", 45)]
    [InlineData("northeast", 45)]
    [InlineData("north east", 45)]
    [InlineData("SE", 135)]
    [InlineData("south", 180)]
    [InlineData("south-south-west", 202.5)]
    [InlineData("WNW", 292.5)]
    public void Compass_directions_read_as_reports_write_them(string text, double bearing)
    {
        Assert.Equal(bearing, Geo.CompassBearing(text));
    }

    [Theory]
    [InlineData("up")]
    [InlineData("northish")]
    [InlineData("NEWS")]
    [InlineData("")]
    public void Anything_else_is_not_a_direction(string text)
    {
        Assert.Null(Geo.CompassBearing(text));
    }

    [Fact]
    public void Compass_points_round_to_the_nearest()
    {
        Assert.Equal("NE", Geo.CompassPoint(40));
        Assert.Equal("N", Geo.CompassPoint(359));
        Assert.Equal("NNE", Geo.CompassPoint(20, 16));
        Assert.Equal(-179.5, Geo.NormaliseLongitude(180.5), 9);
    }
}
