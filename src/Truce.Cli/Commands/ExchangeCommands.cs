using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Incidents;
using Truce.Incidents.Exchange;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>UCDP GED and ACLED: <c>truce import ucdp-ged|acled FILE</c> (each row a report) and <c>truce export incidents
/// --format ucdp-ged|acled</c>. The mapping is the incidents module's (Truce.Incidents.Exchange); this is the glue.</summary>
static class ExchangeCommands
{
    public static Option<string> ImportVisibility() => new("--visibility")
    {
        Description = "ucdp-ged and acled: who may read the reports (public, mission or party)",
        DefaultValueFactory = _ => "public",
    };

    public static Argument<string> ImportWhat() => new("what")
    {
        Description = "hazards, minefields, or hazard-updates (changes to hazards recorded before: status, type, perimeter, devices …); "
            + "or ucdp-ged or acled: an event dataset's CSV, each row a report (docs/EXCHANGE.md)",
    };

    public static void CheckFile(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ValidationException("file", $"'{path}' does not exist");
        }
        if (info.Length > maxBytes)
        {
            throw new ValidationException("file", $"is {info.Length} bytes; at most {maxBytes}");
        }
    }

    /// <summary>Imports <paramref name="what"/> if it names an event dataset (true), or leaves it to the mine action
    /// import (false): whose records are public, so a visibility other than public is a mistake, not ignored.</summary>
    public static async Task<bool> ImportedDatasetAsync(ParseResult pr, Through through, string what, string path, string data, string party,
        string visibility, bool dry, CancellationToken ct)
    {
        if (EventDataset.Find(what) is { } dataset)
        {
            await ImportAsync(pr, through, dataset, path, data, party, visibility, dry, ct);
            return true;
        }
        if (visibility != "public")
        {
            throw new ValidationException("--visibility", "applies to ucdp-ged and acled imports; hazards and minefield records are public");
        }
        return false;
    }

    static Visibility VisibilityOf(string text) => text switch
    {
        "public" => Visibility.Public,
        "mission" => Visibility.Mission,
        "party" => Visibility.Party,
        _ => throw new ValidationException("--visibility", "must be public, mission or party"),
    };

    static async Task ImportAsync(ParseResult pr, Through through, EventDataset dataset, string path, string data, string party,
        string visibility, bool dry, CancellationToken ct)
    {
        var vis = VisibilityOf(visibility);
        CheckFile(path, DatasetImport.MaxFileBytes);
        await using var d = Deployment.Open(data, Cli.Time);
        _ = d.Ledger.Module<IncidentsModule>() ?? throw new ValidationException("--data", "this deployment does not run the incidents module");
        var key = d.LoadKey(party);
        var now = pr.GetValue(through.Server) is null ? d.Ledger.Time.GetUtcNow() : Cli.Time.GetUtcNow();
        DatasetCheck check;
        using (var text = new StreamReader(path))
        {
            check = DatasetImport.Check(dataset, text, party, now, new Rows("checking"), ct);
        }
        foreach (var e in check.Errors)
        {
            Console.WriteLine(e);
        }
        if (!check.Ok)
        {
            var first = check.Errors.Count > 0 ? check.Errors[0] : null;
            throw new ValidationException("file", string.Create(CultureInfo.InvariantCulture,
                $"{first}; {check.BadRows} of {check.Rows} rows are bad (listed above); nothing was stored"));
        }
        if (dry)
        {
            Console.WriteLine($"dry run: all {check.Rows} {dataset.Title} rows are good; {check.Rows} reports would be stored");
            return;
        }
        var before = d.Ledger.Sequencer.Size;
        long done = 0, existing = 0;
        var bar = new Cli.ProgressBar("importing");
        using (var text = new StreamReader(path))
        {
            foreach (var (row, errors) in DatasetImport.Read(dataset, text, party, now))
            {
                if (errors.Count > 0)
                {
                    throw new ValidationException("file", $"{errors[0]} (the file changed while it was imported; rows before it were stored)");
                }
                if (vis != Visibility.Public)
                {
                    DatasetImport.Seal(row.Body, key.Seed, row.Cid);
                }
                var index = await through.SubmitAsync(pr, d, key, IncidentKinds.Report, row.Body, vis, row.Cid, ct);
                existing += index < before ? 1 : 0;
                bar.Report((++done, check.Rows));
            }
        }
        Console.WriteLine($"imported {check.Rows} {dataset.Title} rows as reports: {check.Rows - existing} new, {existing} already recorded");
    }

    public static Command Export()
    {
        var data = Cli.Data();
        var collection = new Argument<string>("collection") { Description = "incidents" };
        var format = new Option<string>("--format") { Description = "ucdp-ged or acled", Required = true };
        var output = new Option<string>("--out") { Description = "The file to write (replaced only when the export is complete)", Required = true };
        var reader = new Option<string?>("--reader") { Description = "Export what this party may see (default: the public view)" };
        var naming = new Option<string?>("--naming") { Description = "Place names in this convention (neutral, az, am or a language)" };
        var server = new Option<string?>("--server") { Description = "Ask this server (e.g. http://127.0.0.1:5080) instead of the local deployment" };
        var token = new Option<string?>("--token") { Description = "API token for --server: the reader is the token's party (default: the public view)" };
        var cmd = Cli.Command("export", "Export incidents in the UCDP GED or ACLED layout (docs/EXCHANGE.md), as the reader may see them", async (pr, ct) =>
        {
            if (pr.GetValue(collection) != "incidents")
            {
                throw new ValidationException("collection", "ucdp-ged and acled exports are of incidents");
            }
            var dataset = EventDataset.Find(pr.GetValue(format)!)
                ?? throw new ValidationException("--format", $"must be one of {string.Join(", ", EventDataset.All.Select(x => x.Name))}");
            var path = Path.GetFullPath(pr.GetValue(output)!);
            var partial = path + ".partial";
            long count;
            try
            {
                await using var file = Create(partial);
                await using var text = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
                count = pr.GetValue(server) is { } url
                    ? await FromServerAsync(url, pr.GetValue(token), dataset, pr.GetValue(naming), text, ct)
                    : await LocalAsync(pr.GetValue(data)!, pr.GetValue(reader), dataset, text, ct);
            }
            catch
            {
                File.Delete(partial); // an export cut short is no export
                throw;
            }
            File.Move(partial, path, overwrite: true);
            Console.WriteLine(count < 0 ? $"wrote {path}" : $"wrote {count} incidents to {path}");
        }, data, format, output, reader, naming, server, token);
        cmd.Arguments.Add(collection);
        return cmd;
    }

    /// <summary>An export holds what its reader may see: the file is the user's alone.</summary>
    static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
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

    static async Task<long> LocalAsync(string data, string? party, EventDataset dataset, TextWriter text, CancellationToken ct)
    {
        await using var d = Deployment.Open(data, Cli.Time);
        var module = d.Ledger.Module<IncidentsModule>() ?? throw new ValidationException("--data", "this deployment does not run the incidents module");
        var who = party is null ? Reader.Anonymous : new Reader(party, d.Ledger.Registry.IsMissionParty(party));
        return await IncidentExport.WriteAsync(module, who, dataset, text, stop: ct);
    }

    static async Task<long> FromServerAsync(string url, string? token, EventDataset dataset, string? naming, TextWriter text, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var query = $"/api/export/incidents?format={dataset.Name}" + (naming is null ? "" : $"&naming={Uri.EscapeDataString(naming)}");
        using var resp = await http.GetAsync(query, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!resp.IsSuccessStatusCode)
        {
            var body = await resp.Content.ReadAsStringAsync(ct);
            string detail;
            try
            {
                detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString() ?? body;
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                detail = body.Length > 200 ? body[..200] : body;
            }
            throw new ValidationException("--server", $"{(int)resp.StatusCode} {detail}");
        }
        using var from = new StreamReader(await resp.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
        var buffer = new char[1 << 16];
        int n;
        while ((n = await from.ReadAsync(buffer, ct)) > 0)
        {
            await text.WriteAsync(buffer.AsMemory(0, n), ct);
        }
        return -1;
    }

    /// <summary>Rows checked so far, on the progress bar's line (the total is not known until the end).</summary>
    sealed class Rows(string label) : IProgress<long>
    {
        readonly Cli.ProgressBar _bar = new(label);

        public void Report(long value) => _bar.Report((value, value + 1));
    }
}
