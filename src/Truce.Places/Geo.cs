namespace Truce.Places;

/// <summary>Distances and bearings on a spherical Earth (WGS 84 degrees in, metres and degrees out).</summary>
/// <remarks>
/// A sphere of the mean radius is within 0.5 % of the ellipsoid, far below the precision of any field report
/// ("2–6 km south-east"), and keeps every formula closed-form and exactly invertible.
/// </remarks>
public static class Geo
{
    /// <summary>Mean Earth radius (IUGG), in metres.</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    private const double Rad = Math.PI / 180;

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = (lat2 - lat1) * Rad;
        var dLon = (lon2 - lon1) * Rad;
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * Rad) * Math.Cos(lat2 * Rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        // Rounding can push h a hair above 1 for antipodal points, and Asin would return NaN.
        return 2 * EarthRadiusMetres * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1)));
    }

    /// <summary>Initial bearing from the first point to the second, in degrees clockwise from true north, in [0, 360).</summary>
    public static double InitialBearing(double lat1, double lon1, double lat2, double lon2)
    {
        var phi1 = lat1 * Rad;
        var phi2 = lat2 * Rad;
        var dLambda = (lon2 - lon1) * Rad;
        var y = Math.Sin(dLambda) * Math.Cos(phi2);
        var x = Math.Cos(phi1) * Math.Sin(phi2) - Math.Sin(phi1) * Math.Cos(phi2) * Math.Cos(dLambda);
        return NormaliseBearing(Math.Atan2(y, x) / Rad);
    }

    /// <summary>The point reached by travelling <paramref name="distanceMetres"/> from a start along a great circle with the given initial bearing.</summary>
    public static (double Lat, double Lon) Destination(double lat, double lon, double bearingDegrees, double distanceMetres)
    {
        var delta = distanceMetres / EarthRadiusMetres;
        var theta = bearingDegrees * Rad;
        var phi1 = lat * Rad;
        var lambda1 = lon * Rad;
        var sinPhi2 = Math.Sin(phi1) * Math.Cos(delta) + Math.Cos(phi1) * Math.Sin(delta) * Math.Cos(theta);
        var phi2 = Math.Asin(Math.Clamp(sinPhi2, -1, 1));
        var lambda2 = lambda1 + Math.Atan2(Math.Sin(theta) * Math.Sin(delta) * Math.Cos(phi1), Math.Cos(delta) - Math.Sin(phi1) * sinPhi2);
        return (phi2 / Rad, NormaliseLongitude(lambda2 / Rad));
    }

    /// <summary>Longitude folded into [-180, 180).</summary>
    public static double NormaliseLongitude(double lon) => ((lon + 180) % 360 + 360) % 360 - 180;

    /// <summary>Bearing folded into [0, 360).</summary>
    public static double NormaliseBearing(double bearing) => (bearing % 360 + 360) % 360;

    private static readonly string[] Points16 =
        ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"];

    /// <summary>
    /// The bearing of a compass direction written as reports write it: "N", "north", "NE", "north-east", "northeast",
    /// "north east", "NNE", "north-north-east"; null if the text is not a direction.
    /// </summary>
    public static double? CompassBearing(string direction)
    {
        var letters = new System.Text.StringBuilder();
        foreach (var word in direction.ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            switch (word)
            {
                case "north" or "northern": letters.Append('N'); break;
                case "south" or "southern": letters.Append('S'); break;
                case "east" or "eastern": letters.Append('E'); break;
                case "west" or "western": letters.Append('W'); break;
                case "northeast": letters.Append("NE"); break;
                case "northwest": letters.Append("NW"); break;
                case "southeast": letters.Append("SE"); break;
                case "southwest": letters.Append("SW"); break;
                default:
                    if (word.Length > 3 || word.Any(c => c is not ('n' or 's' or 'e' or 'w')))
                    {
                        return null;
                    }
                    letters.Append(word.ToUpperInvariant());
                    break;
            }
        }
        var index = Array.IndexOf(Points16, letters.ToString());
        return index < 0 ? null : index * 22.5;
    }

    /// <summary>The nearest of the 8 (or 16) compass points to a bearing, as "N", "NE", … ("NNE", … with 16).</summary>
    public static string CompassPoint(double bearingDegrees, int points = 8)
    {
        if (points is not (8 or 16))
        {
            throw new ArgumentOutOfRangeException(nameof(points), points, "points must be 8 or 16");
        }
        var step = 360.0 / points;
        var index = (int)Math.Round(NormaliseBearing(bearingDegrees) / step) % points;
        return Points16[index * (16 / points)];
    }
}
