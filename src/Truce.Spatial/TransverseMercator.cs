namespace Truce.Spatial;

/// <summary>
/// A transverse Mercator projection of the WGS 84 ellipsoid about one central meridian (scale 1 on it), by Krüger's
/// series to third order in n: sub-millimetre within several degrees of the meridian. Metre arithmetic (areas,
/// distances, buffers) happens on this plane; <see cref="Scale"/> turns plane lengths back into lengths on the
/// ellipsoid, so reported metres are geodesic to well under a millimetre over the distances that matter here.
/// </summary>
/// <remarks>
/// Why not degrees: a degree of longitude is 85 km at 40° N and 111 km at the equator, so a "50 m buffer" in degrees
/// is not 50 m. Why one plane per deployment and not one per query: the hazard index lives on it.
/// </remarks>
public sealed class TransverseMercator
{
    const double A = 6_378_137.0;
    const double F = 1 / 298.257223563;

    static readonly double N = F / (2 - F);
    static readonly double Rect = A / (1 + N) * (1 + N * N / 4 + N * N * N * N / 64);
    static readonly double[] Alpha = [N / 2 - 2 * N * N / 3 + 5 * N * N * N / 16, 13 * N * N / 48 - 3 * N * N * N / 5, 61 * N * N * N / 240];
    static readonly double[] Beta = [N / 2 - 2 * N * N / 3 + 37 * N * N * N / 96, N * N / 48 + N * N * N / 15, 17 * N * N * N / 480];
    static readonly double[] Delta = [2 * N - 2 * N * N / 3 - 2 * N * N * N, 7 * N * N / 3 - 8 * N * N * N / 5, 56 * N * N * N / 15];
    static readonly double E2 = F * (2 - F);
    static readonly double Conf = 2 * Math.Sqrt(N) / (1 + N);

    readonly double _lon0;
    readonly double _lat0;
    readonly double _northing0;

    /// <summary>The projection about <paramref name="centralMeridian"/>, with northings measured from <paramref name="originLatitude"/>.</summary>
    public TransverseMercator(double centralMeridian, double originLatitude = 0)
    {
        _lon0 = centralMeridian;
        _lat0 = originLatitude;
        _northing0 = 0;
        _northing0 = Forward(originLatitude, centralMeridian).North;
    }

    public double CentralMeridian => _lon0;

    public double OriginLatitude => _lat0;

    /// <summary>The central meridian a deployment should use for data first seen at <paramref name="lon"/>: the whole degree.</summary>
    public static double MeridianFor(double lon) => Math.Round(lon);

    public (double East, double North) Forward(double lat, double lon)
    {
        var phi = lat * Math.PI / 180;
        var dl = (lon - _lon0) * Math.PI / 180;
        var s = Math.Sin(phi);
        var t = Math.Sinh(Math.Atanh(s) - Conf * Math.Atanh(Conf * s));
        var xi = Math.Atan2(t, Math.Cos(dl));
        var eta = Math.Atanh(Math.Sin(dl) / Math.Sqrt(1 + t * t));
        double x = eta, y = xi;
        for (int j = 1; j <= 3; j++)
        {
            x += Alpha[j - 1] * Math.Cos(2 * j * xi) * Math.Sinh(2 * j * eta);
            y += Alpha[j - 1] * Math.Sin(2 * j * xi) * Math.Cosh(2 * j * eta);
        }
        return (Rect * x, Rect * y - _northing0);
    }

    public (double Lat, double Lon) Inverse(double east, double north)
    {
        var xi = (north + _northing0) / Rect;
        var eta = east / Rect;
        double xp = xi, ep = eta;
        for (int j = 1; j <= 3; j++)
        {
            xp -= Beta[j - 1] * Math.Sin(2 * j * xi) * Math.Cosh(2 * j * eta);
            ep -= Beta[j - 1] * Math.Cos(2 * j * xi) * Math.Sinh(2 * j * eta);
        }
        var chi = Math.Asin(Math.Sin(xp) / Math.Cosh(ep));
        var phi = chi;
        for (int j = 1; j <= 3; j++)
        {
            phi += Delta[j - 1] * Math.Sin(2 * j * chi);
        }
        return (phi * 180 / Math.PI, _lon0 + Math.Atan2(Math.Sinh(ep), Math.Cos(xp)) * 180 / Math.PI);
    }

    /// <summary>ρν, the squared mean radius of curvature, at the latitude of a plane northing (0.1° is close enough).</summary>
    public double MeanRadius2(double north)
    {
        var lat = (north + _northing0) / 111_132.0 * Math.PI / 180;
        var s = Math.Sin(lat);
        var w = 1 - E2 * s * s;
        return A * A * (1 - E2) / (w * w);
    }

    /// <summary>
    /// The point scale factor at a plane position: a plane length divided by it is the length on the ellipsoid.
    /// k = 1 + q/2 + q²/24 with q = E²/ρν, within 1e-9 inside ±5° of the meridian.
    /// </summary>
    public double Scale(double east, double north)
    {
        var q = east * east / MeanRadius2(north);
        return 1 + q / 2 + q * q / 24;
    }

    /// <summary>Ground length of a plane segment: ∫ ds/k by Simpson's rule, exact for 1/k quadratic in easting.</summary>
    public double GroundLength(double x1, double y1, double x2, double y2)
    {
        var plane = Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
        return plane / 6 * (1 / Scale(x1, y1) + 4 / Scale((x1 + x2) / 2, (y1 + y2) / 2) + 1 / Scale(x2, y2));
    }

    /// <summary>Ground area of the overlap of two plane shapes' polygons, with the same correction as <see cref="GroundArea"/>.</summary>
    public double GroundOverlap(MetricShape a, MetricShape b)
    {
        var (area, ixx) = Planar.Overlap(a, b);
        if (area <= 0)
        {
            return 0;
        }
        var r2 = MeanRadius2((a.MinY + a.MaxY) / 2);
        return area - ixx / r2 + 2.0 / 3 * Math.Pow((a.MinX + a.MaxX) / 2, 4) / (r2 * r2) * area;
    }

    /// <summary>
    /// Ground area of the polygons of a plane shape: ∫∫ dA/k², with 1/k² = 1 − q + ⅔q² integrated exactly for the
    /// q term (the second moment of area about the meridian) and at the centroid for the tiny q² term.
    /// </summary>
    public double GroundArea(MetricShape s)
    {
        var total = 0.0;
        for (int p = 0; p < s.Paths; p++)
        {
            if (s.PathKind[p] < MetricShape.ShellPath)
            {
                continue;
            }
            double a = 0, mx = 0, ixx = 0;
            int start = s.PathStart[p], end = s.PathStart[p + 1];
            // Area and moments relative to the first vertex's northing keep the products small; easting stays absolute.
            var y0 = s.Y[start];
            for (int i = start; i < end - 1; i++)
            {
                double x1 = s.X[i], y1 = s.Y[i] - y0, x2 = s.X[i + 1], y2 = s.Y[i + 1] - y0;
                var cross = x1 * y2 - x2 * y1;
                a += cross;
                mx += cross * (x1 + x2);
                ixx += cross * (x1 * x1 + x1 * x2 + x2 * x2);
            }
            a /= 2;
            mx /= 6;
            ixx /= 12;
            var r2 = MeanRadius2(y0);
            var xc = a == 0 ? 0 : mx / a;
            var qc = xc * xc / r2;
            var ground = Math.Abs(a - ixx / r2 + 2.0 / 3 * qc * qc * a);
            total += s.PathKind[p] == MetricShape.ShellPath ? ground : -ground;
        }
        return total;
    }
}
