using System.Text.Json;
using Truce.Core.Access;

namespace Truce.Core.Modules;

/// <summary>
/// A collection of features a module serves as a map layer (hazards, corridors, incidents): what exports, OGC API –
/// Features and the map read, each from the reader's own book. <see cref="Features"/> gets the reader and at most how
/// many features to return, in a stable order (by id), so a caller can tell a full layer from a cut one by asking for
/// one more than it shows.
/// </summary>
public sealed record FeatureLayer(string Id, string Title, string Description, Func<Reader, int, IReadOnlyList<LayerFeature>> Features);

/// <summary>One feature: its id within the layer, a GeoJSON geometry (WGS 84, longitude first), and its properties.</summary>
public sealed record LayerFeature(string Id, JsonElement Geometry, IReadOnlyDictionary<string, object?> Properties);
