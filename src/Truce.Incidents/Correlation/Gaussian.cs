using Truce.Spatial;

namespace Truce.Incidents.Correlation;

/// <summary>
/// Where something is, as a 2-D normal distribution: a mean in WGS 84 and a covariance in km² on local east/north
/// axes. A point with a precision radius is round; a bearing with a distance band is a long thin ellipse along the
/// bearing; fusing estimates multiplies the distributions, so two bearings from different posts fuse into a small
/// ellipse where they cross. Distances use a local equirectangular frame, accurate to well under 1% over the
/// ~100 km that matter for matching.
/// </summary>
public readonly record struct Gaussian(double Lat, double Lon, double Cxx, double Cxy, double Cyy)
{
    const double MinSigmaKm = 0.02;

    public static Gaussian Round(double lat, double lon, double sigmaKm)
    {
        var s2 = Math.Max(sigmaKm, MinSigmaKm) * Math.Max(sigmaKm, MinSigmaKm);
        return new(lat, lon, s2, 0, s2);
    }

    /// <summary>What an observer at (lat, lon) means by "bearing ± error, between min and max km away".</summary>
    public static Gaussian Ray(double lat, double lon, double bearingDeg, double bearingErrorDeg, double minKm, double maxKm)
    {
        var mid = (minKm + maxKm) / 2;
        var theta = bearingDeg * Math.PI / 180;
        var (ue, un) = (Math.Sin(theta), Math.Cos(theta));
        var along = Math.Max((maxKm - minKm) / Math.Sqrt(12), 0.05);
        var across = Math.Max(mid * Math.Tan(Math.Max(bearingErrorDeg, 0.5) * Math.PI / 180), 0.05);
        var (a2, c2) = (along * along, across * across);
        // along u = (sin θ, cos θ), across v = (cos θ, −sin θ), both on (east, north) axes.
        var cxx = a2 * ue * ue + c2 * un * un;
        var cxy = a2 * ue * un - c2 * un * ue;
        var cyy = a2 * un * un + c2 * ue * ue;
        var (mLat, mLon) = LocalFrame.Move(lat, lon, mid * ue, mid * un);
        return new(mLat, mLon, cxx, cxy, cyy);
    }

    public double Det => Cxx * Cyy - Cxy * Cxy;

    /// <summary>The largest standard deviation (km): the long axis of the ellipse.</summary>
    public double MaxSigma
    {
        get
        {
            var tr = (Cxx + Cyy) / 2;
            var d = Math.Sqrt(Math.Max(tr * tr - Det, 0));
            return Math.Sqrt(tr + d);
        }
    }

    /// <summary>The radius (km) of a circle of the same area as the 1-σ ellipse.</summary>
    public double MeanSigma => Math.Pow(Math.Max(Det, 1e-12), 0.25);

    /// <summary>East and north offsets (km) of another point from this one.</summary>
    public (double East, double North) OffsetTo(double lat, double lon) => LocalFrame.Offset(Lat, Lon, lat, lon);

    public double DistanceKm(Gaussian other)
    {
        var (e, n) = OffsetTo(other.Lat, other.Lon);
        return Math.Sqrt(e * e + n * n);
    }

    /// <summary>The product of two estimates of one location (information form), renormalised.</summary>
    public Gaussian Fuse(Gaussian other)
    {
        var (i1, i2) = (Inverse(), other.Inverse());
        var (ixx, ixy, iyy) = (i1.xx + i2.xx, i1.xy + i2.xy, i1.yy + i2.yy);
        var det = ixx * iyy - ixy * ixy;
        if (det <= 1e-18)
        {
            return this;
        }
        var (cxx, cxy, cyy) = (iyy / det, -ixy / det, ixx / det);
        // Means in this estimate's local frame: mine at the origin, the other's offset.
        var (oe, on) = OffsetTo(other.Lat, other.Lon);
        var (he, hn) = (i2.xx * oe + i2.xy * on, i2.xy * oe + i2.yy * on);
        var (me, mn) = (cxx * he + cxy * hn, cxy * he + cyy * hn);
        var (fLat, fLon) = LocalFrame.Move(Lat, Lon, me, mn);
        return new(fLat, fLon, cxx, cxy, cyy);
    }

    (double xx, double xy, double yy) Inverse()
    {
        var det = Math.Max(Det, 1e-12);
        return (Cyy / det, -Cxy / det, Cxx / det);
    }

    /// <summary>
    /// How well two estimates agree that they are the same place: the density (per km²) of their difference at zero
    /// under the sum of their covariances, and the Mahalanobis distance (in σ) that it reflects.
    /// </summary>
    public (double Density, double Sigmas) Agreement(Gaussian other)
    {
        var (sxx, sxy, syy) = (Cxx + other.Cxx, Cxy + other.Cxy, Cyy + other.Cyy);
        var det = Math.Max(sxx * syy - sxy * sxy, 1e-12);
        var (e, n) = OffsetTo(other.Lat, other.Lon);
        var m2 = (syy * e * e - 2 * sxy * e * n + sxx * n * n) / det;
        return (Math.Exp(-m2 / 2) / (2 * Math.PI * Math.Sqrt(det)), Math.Sqrt(m2));
    }
}
