using System.Text.Json.Nodes;
using Truce.Ledger.Entries;

namespace Truce.Incidents.Synthetic;

/// <summary>The pieces of a report body (docs/INCIDENTS.md, "A report") that every synthetic source writes alike.</summary>
static class SyntheticBody
{
    /// <summary>The front's local time is UTC+4: parties say "in the evening" of their own clock.</summary>
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(4);

    public static JsonObject New(Taxonomy.Taxonomy taxonomy, string type, DateTimeOffset start, DateTimeOffset end, string precision,
        string sourceKind, string sourceId, string confidence, string description) => new()
        {
            ["category"] = taxonomy.FindType(type)?.Category ?? throw new InvalidOperationException($"'{type}' is not in the taxonomy"),
            ["type"] = type,
            ["time"] = new JsonObject { ["start"] = Envelope.FormatTime(start), ["end"] = Envelope.FormatTime(end), ["precision"] = precision },
            ["source"] = new JsonObject { ["kind"] = sourceKind, ["id"] = sourceId },
            ["confidence"] = confidence,
            ["description"] = "SYNTHETIC: " + description,
            ["synthetic"] = true,
        };

    public static JsonObject Point(double x, double y)
    {
        var (lat, lon) = SyntheticFront.ToLatLon(x, y);
        return new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(lon, 5), Math.Round(lat, 5)) };
    }

    /// <summary>A located point with its precision and radius (m), as a patrol or a UAV gives it.</summary>
    public static JsonObject Location(double x, double y, string precision, double radiusM) => new()
    {
        ["geometry"] = Point(x, y),
        ["precision"] = precision,
        ["radius"] = radiusM,
    };

    /// <summary>A number as observers write one: bare, or low / best / high around it, or only low and high when they
    /// will not name a best figure.</summary>
    public static JsonNode Estimate(Random rng, double value)
    {
        var v = Math.Max(1, Math.Round(value));
        var (low, high) = (Math.Max(1, Math.Floor(v * 0.7)), Math.Ceiling(v * 1.4) + 1);
        return rng.NextDouble() switch
        {
            < 0.45 => JsonValue.Create(v),
            < 0.85 => new JsonObject { ["low"] = low, ["best"] = v, ["high"] = high },
            _ => new JsonObject { ["low"] = low, ["high"] = high },
        };
    }

    public static DateTimeOffset Minute(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    public static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static double Uniform(Random rng, double min, double max) => min + (max - min) * rng.NextDouble();
}
