using System.CommandLine;
using System.Globalization;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Http;
using Truce.Server.Endpoints;
using Truce.Server.Endpoints.Ogc;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>
/// <c>truce export COLLECTION --format F --out FILE</c>: a whole collection as a file, from a server (<c>--server</c>,
/// <c>--token</c>: what the token's party may see) or from the local deployment (<c>--reader</c>). Written as it is
/// read, with a progress bar on stderr when it is a terminal; the file appears only once complete.
/// </summary>
static class ExportCommand
{
    public static Command Create()
    {
        var collection = new Argument<string>("collection") { Description = "The collection: incidents, reports, places, corridors, checkpoints, activities, hazards, minefields, ordnance, gazetteer" };
        var format = new Option<string>("--format") { Description = "geojson, csv, hxl, or a format the collection's module adds", DefaultValueFactory = _ => "geojson" };
        var output = new Option<string>("--out") { Description = "The file to write", Required = true };
        var naming = new Option<string>("--naming") { Description = "How places are named: neutral, az, am or a language code", DefaultValueFactory = _ => "neutral" };
        var data = Cli.Data();
        var reader = new Option<string?>("--reader") { Description = "Export as this party sees the record (local deployment; default: the public view)" };
        var server = new Option<string?>("--server") { Description = "Export from this server (e.g. http://127.0.0.1:5080) instead of the local deployment" };
        var token = new Option<string?>("--token") { Description = "With --server: an API token, to export what its party may see" };
        var c = Cli.Command("export", "Export a collection as GeoJSON, CSV or HXL (or a module's own format), streamed at any size", async (pr, ct) =>
        {
            var (name, file) = (pr.GetValue(collection)!, pr.GetValue(output)!);
            var partial = file + ".partial";
            try
            {
                await using (var to = Create(partial))
                {
                    if (pr.GetValue(server) is { } url)
                    {
                        await FromServerAsync(url, pr.GetValue(token), name, pr.GetValue(format)!, pr.GetValue(naming)!, to, ct);
                    }
                    else
                    {
                        await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
                        var who = pr.GetValue(reader) is { } party ? new Reader(party, d.Ledger.Registry.IsMissionParty(party)) : Reader.Anonymous;
                        await LocalAsync(d, who, name, pr.GetValue(format)!, pr.GetValue(naming)!, to, ct);
                    }
                }
                File.Move(partial, file, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
        }, format, output, naming, data, reader, server, token);
        c.Arguments.Add(collection);
        return c;
    }

    /// <summary>An export holds what its reader may see: the file is the user's alone.</summary>
    static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite); // a leftover keeps its mode otherwise
        }
        return stream;
    }


    static async Task LocalAsync(Deployment d, Reader who, string name, string formatName, string naming, Stream to, CancellationToken ct)
    {
        var g = ReadersGazetteer.For(d.Ledger, who, d.LoadGazetteer());
        var layer = OgcCatalog.All(d.Ledger, g).FirstOrDefault(x => x.Id == name)
            ?? throw new ValidationException("collection", $"must be one of {string.Join(", ", OgcCatalog.All(d.Ledger, g).Select(x => x.Id))}");
        var format = ExportEndpoints.Formats.Find(layer.Id, formatName)
            ?? throw new ValidationException("--format", $"must be one of {string.Join(", ", ExportEndpoints.Formats.For(layer.Id).Select(f => f.Name))} for {layer.Id}");
        var bar = Console.IsErrorRedirected ? null : new Cli.ProgressBar($"exporting {layer.Id}");
        var job = new ExportJob
        {
            Layer = layer,
            Reader = who,
            Ledger = d.Ledger,
            Query = new LayerQuery { Naming = naming, NearestSettlement = (lat, lon) => Naming.NearestSettlement(g, lat, lon, naming), Stop = ct },
        };
        var total = bar is null ? 0 : job.Count();
        await format.Write(bar is null ? job : new ExportJob { Layer = layer, Reader = who, Ledger = d.Ledger, Query = job.Query, Progress = new Progress(bar, total) }, to);
        bar?.Report((total, total));
    }

    static async Task FromServerAsync(string url, string? token, string name, string format, string naming, Stream to, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        var path = $"/api/export/{Uri.EscapeDataString(name)}?format={Uri.EscapeDataString(format)}&naming={Uri.EscapeDataString(naming)}";
        using var resp = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!resp.IsSuccessStatusCode)
        {
            var problem = await resp.Content.ReadAsStringAsync(ct);
            var doc = System.Text.Json.JsonDocument.Parse(problem.Length > 0 && problem[0] == '{' ? problem : "{}").RootElement;
            throw new ValidationException(doc.TryGetProperty("field", out var f) ? f.GetString()! : "--server",
                $"{(int)resp.StatusCode} {(doc.TryGetProperty("detail", out var detail) ? detail.GetString() : resp.ReasonPhrase)}");
        }
        // The server counts features; the bar counts bytes against nothing known, so it shows features only when told.
        var count = resp.Headers.TryGetValues("Truce-Feature-Count", out var v) && long.TryParse(v.First(), CultureInfo.InvariantCulture, out var n) ? n : 0;
        var bar = Console.IsErrorRedirected ? null : new Cli.ProgressBar($"exporting {name} ({count} features)");
        await using var from = await resp.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[1 << 16];
        long bytes = 0;
        var expected = resp.Content.Headers.ContentLength ?? 0;
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
            bytes += read;
            bar?.Report((bytes, Math.Max(expected, bytes + 1)));
        }
        bar?.Report((bytes, bytes));
    }

    sealed class Progress(Cli.ProgressBar bar, long total) : IProgress<long>
    {
        public void Report(long value) => bar.Report((Math.Min(value, total), Math.Max(total, 1)));
    }
}
