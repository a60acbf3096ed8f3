using Truce.Places;

namespace Truce.Http;

/// <summary>How a reader asks for places to be named: a party's convention, a language, or "neutral" (both sides'
/// names, in the deployment's order).</summary>
public static class Naming
{

    /// <summary>naming=neutral|az|am or a language code; neutral unless the reader asks otherwise.</summary>
    public static string Of(QueryArgs q) => q.Str("naming", 16) ?? Conventions.Neutral;

    /// <summary>The nearest settlement within 10 km, named in the reader's naming: the neutral way to say where.</summary>
    public static string? NearestSettlement(Gazetteer g, double lat, double lon, string naming) =>
        g.Near(lat, lon, 10_000, PlaceKind.Settlement) is { Count: > 0 } near ? g.DisplayName(near[0].Place, naming) : null;
}
