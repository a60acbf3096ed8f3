namespace Truce.Places;

/// <summary>How precisely a location is known, in the spec's vocabulary.</summary>
public enum Precision
{
    /// <summary>A point place itself (a checkpoint, a post).</summary>
    Exact,

    /// <summary>Near a place, or at an offset from it ("2 km north of X"): see the resolution's radius.</summary>
    Near,

    /// <summary>Somewhere in a settlement.</summary>
    Settlement,

    /// <summary>Somewhere in a district.</summary>
    District,

    /// <summary>Somewhere in a region.</summary>
    Region,
}

/// <summary>What a free-text location resolved to.</summary>
/// <param name="Place">The place the text names (for an offset, the place it is measured from).</param>
/// <param name="Lat">Latitude of the resolved point: the place, or the point at the offset.</param>
/// <param name="Lon">Longitude, likewise.</param>
/// <param name="RadiusMetres">How far from the point the location may be.</param>
/// <param name="MatchedName">The name in the gazetteer that the text matched.</param>
/// <param name="Convention">Whose convention that name is (a party's, or "geonames" / "former").</param>
/// <param name="Confidence">0–1: how sure the resolver is that this is the place meant; lowered for loose spellings, uncertain names and ambiguity.</param>
public sealed record Resolution(
    Place Place,
    Precision Precision,
    double Lat,
    double Lon,
    double RadiusMetres,
    string MatchedName,
    string Convention,
    double Confidence)
{
    /// <summary>The language of the matched name.</summary>
    public string Language { get; init; } = "und";

    /// <summary>Other places the same text could name, when it was ambiguous (best first).</summary>
    public IReadOnlyList<Place> Alternatives { get; init; } = [];
}
