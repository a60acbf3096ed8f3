using Truce.Core.Access;

namespace Truce.Core.Modules.Shared;

/// <summary>
/// An event that may have broken the ceasefire, as a reader may see it: what the ceasefire rules of an agreement
/// weigh. One module records them (incidents), another judges compliance from them (the mandate); this contract
/// joins the two without either knowing the other.
/// </summary>
public sealed record CeasefireEvent(string Id, DateTimeOffset Time, string Status, string Type, int Reports, int IndependentSources)
{
    public bool Verified => Status == "verified";

    /// <summary>Still an open question: not verified, and not found unfounded, retracted or unconfirmed.</summary>
    public bool Open => Status is "reported" or "under-review" or "disputed";
}

/// <summary>A module that records ceasefire violations.</summary>
public interface ICeasefireEvents
{
    /// <summary>The violations <paramref name="reader"/> may see, derived only from what that reader may see.</summary>
    IReadOnlyList<CeasefireEvent> CeasefireViolations(Reader reader);
}

public static class CeasefireEventsExtensions
{
    /// <summary>Every ceasefire violation the reader may see, from every module that records them.</summary>
    public static IReadOnlyList<CeasefireEvent> CeasefireViolations(this IModuleHost host, Reader reader) =>
        [.. host.Modules.OfType<ICeasefireEvents>().SelectMany(m => m.CeasefireViolations(reader))];
}
