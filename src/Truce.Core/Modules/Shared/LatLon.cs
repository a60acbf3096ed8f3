namespace Truce.Core.Modules.Shared;

/// <summary>A point as the modules' API answers show it, <c>{"lat": …, "lon": …}</c> in WGS 84 degrees: one type, so the
/// API description has one schema for it.</summary>
public sealed record LatLon(double Lat, double Lon);
