using System.Text.Json;
using Truce.Core.Modules;

namespace Truce.Http;

/// <summary>A layer's features as GeoJSON (RFC 7946), written straight to a <see cref="Utf8JsonWriter"/>: what OGC API –
/// Features items and the GeoJSON export send, one feature at a time.</summary>
public static class FeatureJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A writer onto <paramref name="to"/> (a response's BodyWriter: what the serializer flushes only fills the
    /// pipe, which the caller flushes asynchronously). Names in every script stay readable: this is JSON, never HTML.</summary>
    public static Utf8JsonWriter Writer(System.Buffers.IBufferWriter<byte> to) =>
        new(to, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <param name="more">Writes members of the feature's own after its properties (an OGC item's links).</param>
    public static void Write(Utf8JsonWriter w, LayerFeature f, Action<Utf8JsonWriter>? more = null)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteString("id", f.Id);
        w.WritePropertyName("geometry");
        f.Geometry.WriteTo(w);
        w.WritePropertyName("properties");
        w.WriteStartObject();
        foreach (var (name, value) in f.Properties)
        {
            w.WritePropertyName(name);
            Value(w, value);
        }
        w.WriteEndObject();
        more?.Invoke(w);
        w.WriteEndObject();
    }

    public static void Value(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case double d:
                w.WriteNumberValue(d);
                break;
            case DateTimeOffset t:
                w.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                JsonSerializer.Serialize(w, value, value.GetType(), Options);
                break;
        }
    }
}
