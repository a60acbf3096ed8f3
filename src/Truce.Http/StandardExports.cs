using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Truce.Http;

/// <summary>
/// The formats every collection has: GeoJSON (RFC 7946: WGS 84, longitude first, no crs member), CSV (RFC 4180, the
/// geometry as WKT) and HXL-tagged CSV (the same with a row of HXL hashtags under the header). Each writes a page into
/// a buffer and then to the stream, so an export of any size holds one page at a time. docs/EXCHANGE.md.
/// </summary>
public static class StandardExports
{
    public static readonly ExportFormat GeoJson = new("geojson", "application/geo+json", "geojson",
        "A GeoJSON FeatureCollection (RFC 7946), one feature per record, with its stable id.", WriteGeoJsonAsync);

    public static readonly ExportFormat Csv = new("csv", "text/csv", "csv",
        "CSV (RFC 4180): id, the geometry as WKT, then each property; lists joined by ';'.", (job, to) => WriteCsvAsync(job, to, hxl: false));

    public static readonly ExportFormat Hxl = new("hxl", "text/csv", "csv",
        "CSV with a second row of HXL hashtags (hxlstandard.org), for humanitarian tools.", (job, to) => WriteCsvAsync(job, to, hxl: true));

    public static IReadOnlyList<ExportFormat> All { get; } = [GeoJson, Csv, Hxl];

    static async Task WriteGeoJsonAsync(ExportJob job, Stream to)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await to.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"FeatureCollection\",\"name\":{JsonSerializer.Serialize(job.Layer.Id)},\"features\":["), job.Query.Stop);
        var first = true;
        foreach (var page in job.Pages())
        {
            buffer.ResetWrittenCount();
            foreach (var f in page)
            {
                if (!first)
                {
                    buffer.Write(","u8);
                }
                first = false;
                using var w = FeatureJson.Writer(buffer);
                FeatureJson.Write(w, f);
            }
            await to.WriteAsync(buffer.WrittenMemory, job.Query.Stop);
        }
        await to.WriteAsync("]}\n"u8.ToArray(), job.Query.Stop);
    }

    static async Task WriteCsvAsync(ExportJob job, Stream to, bool hxl)
    {
        var text = new StringBuilder();
        string[]? columns = null;
        foreach (var page in job.Pages())
        {
            text.Clear();
            foreach (var f in page)
            {
                if (columns is null)
                {
                    columns = [.. f.Properties.Keys];
                    Row(text, ["id", "wkt", .. columns]);
                    if (hxl)
                    {
                        Row(text, ["#meta+id", "#geo+wkt", .. columns.Select(c => Tag(c, f.Properties[c]))]);
                    }
                }
                Row(text, [f.Id, Wkt(f.Geometry), .. columns.Select(c => Cell(f.Properties.TryGetValue(c, out var v) ? v : null))]);
            }
            await to.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), job.Query.Stop);
        }
        if (columns is null)
        {
            await to.WriteAsync(Encoding.UTF8.GetBytes(hxl ? "id,wkt\r\n#meta+id,#geo+wkt\r\n" : "id,wkt\r\n"), job.Query.Stop);
        }
    }

    static void Row(StringBuilder text, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var c in cells)
        {
            text.Append(first ? "" : ",");
            first = false;
            // RFC 4180 quoting; a leading = + - @ is quoted too, so a spreadsheet shows it rather than runs it.
            text.Append(c.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (c.Length > 0 && c[0] is '=' or '+' or '-' or '@')
                ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c);
        }
        text.Append("\r\n");
    }

    static string Wkt(JsonElement geometry)
    {
        var g = Spatial.GeoJson.Read(geometry, "geometry", (_, _) => { });
        return g is null ? "" : new NetTopologySuite.IO.WKTWriter().Write(g);
    }

    static string Cell(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(';', list),
        _ => JsonSerializer.Serialize(value, value.GetType(), FeatureJson.Options),
    };

    /// <summary>The HXL hashtag of a property: the core hashtags where one fits, otherwise #indicator for a number and
    /// #meta for the rest, with the property's name as an attribute.</summary>
    static string Tag(string name, object? sample)
    {
        var attribute = "+" + new string([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        return name switch
        {
            "start" or "validFrom" or "laidFrom" or "found" or "recorded" => "#date+start",
            "end" or "validUntil" or "laidUntil" => "#date+end",
            "logged" => "#date+reported",
            "party" or "laidBy" or "actor" => "#org" + attribute,
            "controlledBy" => "#org+controlledby",
            "name" or "near" => "#loc+name" + (name == "near" ? "+near" : ""),
            "district" => "#adm2+name",
            "status" => "#status",
            "type" or "category" or "kind" => "#event+type" + (name == "type" ? "" : attribute),
            _ => sample is int or long or double ? "#indicator" + attribute + "+num" : "#meta" + attribute,
        };
    }
}
