using System.Text.Json;
using Truce.Core.Access;

namespace Truce.Core.Modules.Shared;

/// <summary>A place defined by an entry (an observation post, a checkpoint), beside the shipped gazetteer's.</summary>
public sealed record DefinedPlace(string Id, string Kind, IReadOnlyDictionary<string, string> Names, JsonElement Geometry,
    string? ControlledBy, long DefinedBy, bool Synthetic);

/// <summary>A module whose entries define places.</summary>
public interface IDefinedPlaces
{
    /// <summary>The places the reader may see, or only those of one <paramref name="kind"/>.</summary>
    IReadOnlyList<DefinedPlace> DefinedPlaces(Reader reader, string? kind = null);
}

public static class DefinedPlacesExtensions
{
    public static IReadOnlyList<DefinedPlace> DefinedPlaces(this IModuleHost host, Reader reader, string? kind = null) =>
        [.. host.Modules.OfType<IDefinedPlaces>().SelectMany(m => m.DefinedPlaces(reader, kind))];
}
