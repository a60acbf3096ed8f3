using System.Text.Json;
using Truce.Core.Access;

namespace Truce.Core.Modules.Shared;

/// <summary>A place defined by an entry (an observation post, a checkpoint), beside the shipped gazetteer's.</summary>
public sealed record DefinedPlace(string Id, string Kind, IReadOnlyDictionary<string, string> Names, JsonElement Geometry,
    string? ControlledBy, long DefinedBy, bool Synthetic);

/// <summary>A module whose entries define places.</summary>
public interface IDefinedPlaces
{
    IReadOnlyList<DefinedPlace> DefinedPlaces(Reader reader);
}

public static class DefinedPlacesExtensions
{
    public static IReadOnlyList<DefinedPlace> DefinedPlaces(this IModuleHost host, Reader reader) =>
        [.. host.Modules.OfType<IDefinedPlaces>().SelectMany(m => m.DefinedPlaces(reader))];
}
