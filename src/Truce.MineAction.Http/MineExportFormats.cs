using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Exchange;
using Truce.Http;
using Truce.MineAction.Import;

namespace Truce.MineAction.Http;

/// <summary>
/// Hazards and minefield records in the layouts <c>truce import</c> reads (docs/EXCHANGE.md, "Exports that import
/// again"): <c>import-geojson</c> for both, <c>import-csv</c> for hazards. The standard formats write the collections'
/// OGC properties (remaining area, entry, …), which the strict import refuses; these write the records' bodies. The
/// minefield CSV layout holds one mine group and two reference points, so minefields have no <c>import-csv</c>: a record
/// written in it would lose mines.
/// </summary>
public static class MineExportFormats
{
    public static IReadOnlyList<CollectionExport> All { get; } =
    [
        new("hazards", new ExportFormat("import-geojson", "application/geo+json", "geojson",
            "GeoJSON that `truce import hazards` reads back as the same hazards: each feature's properties are the hazard's body, its geometry the perimeter.",
            (job, to) => GeoJsonAsync(job, to, (b, id) => b.Hazards.TryGetValue(id, out var h) ? MineExport.Feature(h) : null))),
        new("hazards", new ExportFormat("import-csv", "text/csv", "csv",
            "CSV in the columns `truce import hazards` reads (docs/MINEACTION.md): evidence as type:reliability, no sources.", HazardCsvAsync)),
        new("minefields", new ExportFormat("import-geojson", "application/geo+json", "geojson",
            "GeoJSON that `truce import minefields` reads back as the same records: each feature's properties are the record's body, its geometry the perimeter.",
            (job, to) => GeoJsonAsync(job, to, (b, id) => b.Minefields.TryGetValue(id, out var m) ? MineExport.Feature(m) : null))),
    ];

    /// <summary>The reader's records of a page of the collection, in its order: the layer pages and filters, the book
    /// holds the records (a record erased since the page was read is left out).</summary>
    static List<T> Records<T>(ExportJob job, IReadOnlyList<Core.Modules.LayerFeature> page, Func<MineActionBook, string, T?> record) where T : class =>
        Requests.Module<MineActionModule>(job.Ledger, "mine action").Read(job.Reader, b => page.Select(f => record(b, f.Id)).OfType<T>().ToList());

    static async Task GeoJsonAsync(ExportJob job, Stream to, Func<MineActionBook, string, JsonObject?> feature)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await to.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"FeatureCollection\",\"name\":{JsonSerializer.Serialize(job.Layer.Id)},\"features\":["), job.Query.Stop);
        var first = true;
        foreach (var page in job.Pages())
        {
            buffer.ResetWrittenCount();
            foreach (var f in Records(job, page, feature))
            {
                buffer.Write(first ? ""u8 : ","u8);
                first = false;
                using var w = new Utf8JsonWriter(buffer);
                f.WriteTo(w);
            }
            await to.WriteAsync(buffer.WrittenMemory, job.Query.Stop);
        }
        await to.WriteAsync("]}\n"u8.ToArray(), job.Query.Stop);
    }

    /// <summary>Each page is written to text first and then to the stream asynchronously: a writer that flushed to a
    /// response on its own would write synchronously, which the server refuses. The first page (there always is one)
    /// carries the header.</summary>
    static async Task HazardCsvAsync(ExportJob job, Stream to)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.Write(MineExport.HazardColumns);
        foreach (var page in job.Pages())
        {
            foreach (var row in Records(job, page, (b, id) => b.Hazards.TryGetValue(id, out var h) ? MineExport.Row(h) : null))
            {
                csv.Write(row);
            }
            await to.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), job.Query.Stop);
            text.GetStringBuilder().Clear();
        }
    }
}
