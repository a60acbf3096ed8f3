using System.Globalization;
using System.Text.Json;
using Truce.Core.Entries;

namespace Truce.Core.Modules.Shared;

/// <summary>
/// The area a deployment records (<c>"area"</c> in deployment.json: <c>{"name", "bbox": [minLon, minLat, maxLon,
/// maxLat]}</c>, WGS 84). Outside it the deployment holds nothing, so "no recorded hazard" there would read as safety
/// where there is only absence of data: a question about a place outside it is answered "no information here", and a
/// route or parcel that leaves it is refused.
/// </summary>
public sealed record RecordedArea(string Name, double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public bool Contains(double lat, double lon) => lon >= MinLon && lon <= MaxLon && lat >= MinLat && lat <= MaxLat;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} (longitude {MinLon}° to {MaxLon}°, latitude {MinLat}° to {MaxLat}°)");

    /// <summary>Reads the <c>area</c> member of deployment.json; null when the deployment declares none.</summary>
    public static RecordedArea? Read(JsonElement deployment)
    {
        if (!deployment.TryGetProperty("area", out var a) || a.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var bbox = a.TryGetProperty("bbox", out var b) && b.ValueKind == JsonValueKind.Array && b.GetArrayLength() == 4
            && b.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number)
            ? b.EnumerateArray().Select(v => v.GetDouble()).ToArray() : null;
        if (bbox is null || !bbox.All(double.IsFinite) || bbox[0] >= bbox[2] || bbox[1] >= bbox[3] || bbox[1] < -90 || bbox[3] > 90
            || bbox[0] < -180 || bbox[2] > 180)
        {
            throw new ValidationException("deployment.json: area.bbox", "must be [minLon, minLat, maxLon, maxLat] in WGS 84 degrees, min before max");
        }
        var name = a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "the recorded area";
        return new RecordedArea(name, bbox[0], bbox[1], bbox[2], bbox[3]);
    }
}
