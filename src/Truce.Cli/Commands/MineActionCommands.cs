using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.MineAction;
using Truce.MineAction.Import;
using Truce.MineAction.Queries;
using Truce.MineAction.Safety;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary>"Is it safe?" from the command line, and imports of hazards and minefield records.</summary>
static class MineActionCommands
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Safe()
    {
        var data = Cli.Data();
        var point = new Option<string?>("--point") { Description = "LAT,LON in WGS 84 degrees" };
        var geometry = new Option<string?>("--geometry") { Description = "A GeoJSON file: a Point, a LineString (a route) or a Polygon (a parcel)" };
        var buffer = new Option<double>("--buffer") { Description = "Buffer in metres", DefaultValueFactory = _ => 50 };
        var reader = new Option<string?>("--reader") { Description = "Answer as this party sees the record (default: the public view)" };
        var closed = new Option<bool>("--include-closed") { Description = "Also list closed and handed-over hazards" };
        var repair = new Option<bool>("--repair") { Description = "Mend an invalid polygon instead of refusing it" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var server = new Option<string?>("--server") { Description = "Ask this server (e.g. http://127.0.0.1:5080) instead of the local deployment" };
        return Cli.Command("safe", "Is this point, route or parcel safe? Lists every known hazard within the buffer, with distances", async (pr, ct) =>
        {
            var geo = pr.GetValue(point) is { } p ? PointOf(p)
                : pr.GetValue(geometry) is { } f ? await GeometryFileAsync(f, ct)
                : throw new ValidationException("--point", "give --point LAT,LON or --geometry FILE");
            if (geo is JsonObject { } o && o["type"]?.ToString() == "Feature")
            {
                geo = o["geometry"]?.DeepClone();
            }
            var request = new JsonObject { ["geometry"] = geo?.DeepClone(), ["bufferM"] = Buffer(pr.GetValue(buffer)), ["includeClosed"] = pr.GetValue(closed), ["repair"] = pr.GetValue(repair) };
            JsonElement answer;
            if (pr.GetValue(server) is { } url)
            {
                using var http = new HttpClient { BaseAddress = new Uri(url) };
                using var resp = await http.PostAsJsonAsync("/api/safety", request, ct);
                var text = await resp.Content.ReadAsStringAsync(ct);
                if (!resp.IsSuccessStatusCode)
                {
                    var problem = JsonDocument.Parse(text).RootElement;
                    var field = problem.TryGetProperty("field", out var fld) ? fld.GetString()! : "server";
                    // The server's detail already starts with the field it names.
                    throw new ValidationException(field, problem.GetProperty("detail").GetString()!.Replace($"{field}: ", "", StringComparison.Ordinal));
                }
                answer = JsonDocument.Parse(text).RootElement;
            }
            else
            {
                var ask = SafetyRequest.Read(JsonSerializer.SerializeToElement(request));
                await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
                var who = pr.GetValue(reader) is { } party ? new Reader(party, d.Ledger.Registry.IsMissionParty(party)) : Reader.Anonymous;
                var module = d.Ledger.Module<MineActionModule>() ?? throw new ValidationException("--data", "this deployment does not run the mine action module");
                answer = JsonSerializer.SerializeToElement(MineViews.Safety(module.Read(who, b => ask.Ask(b, d.Ledger.Area, stop: ct)), ask.Repaired), Json);
            }
            if (answer.TryGetProperty("informed", out var informed) && !informed.GetBoolean())
            {
                // Not an answer: a script must not read it as "clear".
                throw new ValidationException(pr.GetValue(point) is null ? "--geometry" : "--point", answer.GetProperty("summary").GetString()!);
            }
            if (pr.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, Json));
                return;
            }
            Print(answer);
        }, data, point, geometry, buffer, reader, closed, repair, json, server);
    }

    /// <summary>The option parser reads "NaN" and "1e400" as doubles, which no JSON request can carry.</summary>
    static double Buffer(double metres) => double.IsFinite(metres) && metres is >= 0 and <= SafetyQueries.MaxBufferM ? metres
        : throw new ValidationException("--buffer", string.Create(CultureInfo.InvariantCulture, $"must be a number of metres from 0 to {SafetyQueries.MaxBufferM}"));

    static async Task<JsonNode?> GeometryFileAsync(string path, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(path, ct));
        }
        catch (JsonException e)
        {
            throw new ValidationException("--geometry", $"{path} is not JSON: {e.Message}");
        }
    }

    static JsonObject PointOf(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || !double.IsFinite(lat) || !double.IsFinite(lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            throw new ValidationException("--point", "must be LAT,LON in WGS 84 degrees, e.g. 39.76,46.75");
        }
        return new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) };
    }

    static void Print(JsonElement a)
    {
        Console.WriteLine(a.GetProperty("summary").GetString());
        if (a.TryGetProperty("lengthM", out var len) && len.ValueKind == JsonValueKind.Number)
        {
            Console.WriteLine($"route length {len.GetDouble() / 1000:F2} km");
        }
        foreach (var h in a.GetProperty("hits").EnumerateArray())
        {
            var overlap = h.TryGetProperty("overlapM2", out var ov) && ov.ValueKind == JsonValueKind.Number ? $", overlaps {ov.GetDouble():N0} m²" : "";
            var evidence = h.TryGetProperty("evidence", out var ev) && ev.ValueKind == JsonValueKind.Array
                ? string.Join(", ", ev.EnumerateArray().Select(e => $"{e.GetProperty("type").GetString()} ({e.GetProperty("reliability").GetString()})")) : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {h.GetProperty("distanceM").GetDouble(),9:F1} m  {h.GetProperty("layer").GetString()} {h.GetProperty("id").GetString()} [{h.GetProperty("status").GetString()}] {string.Join(",", h.GetProperty("devices").EnumerateArray().Select(x => x.GetString()))}{overlap}{(evidence.Length > 0 ? "; evidence: " + evidence : "")}"));
        }
        foreach (var s in a.GetProperty("stretches").EnumerateArray())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  at risk from {s.GetProperty("fromM").GetDouble() / 1000:F3} km to {s.GetProperty("toM").GetDouble() / 1000:F3} km ({s.GetProperty("lengthM").GetDouble():F0} m): {string.Join(", ", s.GetProperty("hazards").EnumerateArray().Select(x => x.GetString()))}"));
        }
    }

    public static Command Import()
    {
        var data = Cli.Data();
        var what = ExchangeCommands.ImportWhat();
        var file = new Argument<string>("file") { Description = "A GeoJSON FeatureCollection (.geojson, .json) or a CSV file (.csv)" };
        var visibility = ExchangeCommands.ImportVisibility();
        var format = new Option<string?>("--format") { Description = "geojson or csv (default: from the file's extension)" };
        var party = new Option<string>("--party") { Description = "The party that signs the import (its key is in the deployment)", Required = true };
        var dry = new Option<bool>("--dry-run") { Description = "Check every row and report; store nothing" };
        var map = new Option<string[]>("--map")
        {
            Description = "FROM=TO: read the file's property or column FROM as the field TO (FROM= leaves it out on purpose); repeat for more. Any other name the kind does not have is a row error",
        };
        var reason = new Option<string?>("--reason") { Description = "hazard-updates: the reason of every row that gives none" };
        var through = new Through();
        var cmd = Cli.Command("import", "Import hazards, minefield records or updates of hazards from GeoJSON or CSV, or UCDP GED and ACLED events as reports: every row is checked first; nothing is stored unless all are good", async (pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            if (await ExchangeCommands.ImportedDatasetAsync(pr, through, pr.GetValue(what)!, path, pr.GetValue(data)!, pr.GetValue(party)!, pr.GetValue(visibility)!, pr.GetValue(dry), ct))
            {
                return;
            }
            ExchangeCommands.CheckFile(path, MineImport.MaxFileBytes);
            var fmt = pr.GetValue(format) ?? (Path.GetExtension(path).ToLowerInvariant() is ".csv" ? "csv" : "geojson");
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            var module = d.Ledger.Module<MineActionModule>() ?? throw new ValidationException("--data", "this deployment does not run the mine action module");
            var kind = pr.GetValue(what)!;
            using var text = new StreamReader(path);
            var importer = new Reader(pr.GetValue(party)!, d.Ledger.Registry.IsMissionParty(pr.GetValue(party)!));
            var plan = MineImport.Plan(module, importer, kind, fmt, text, Path.GetFileName(path), new Cli.ProgressBar("checking"),
                MineImport.ParseMap(pr.GetValue(map) ?? [], "--map"), pr.GetValue(reason), ct);
            foreach (var e in plan.Errors)
            {
                Console.WriteLine(e);
            }
            if (!plan.Ok)
            {
                throw new ValidationException("file", $"{plan.Errors.Select(e => e.Row).Distinct().Count()} of {plan.Rows} rows are bad (listed above); nothing was stored");
            }
            if (pr.GetValue(dry))
            {
                Console.WriteLine($"dry run: all {plan.Rows} {kind} are good; {plan.Batches.Count} import entr{(plan.Batches.Count == 1 ? "y" : "ies")} would be stored");
                return;
            }
            var bar = new Cli.ProgressBar("importing");
            var done = 0L;
            foreach (var batch in plan.Batches)
            {
                var index = await through.SubmitAsync(pr, d, pr.GetValue(party)!, MineActionKinds.Import, batch, Visibility.Public, ct);
                var rows = batch[MineImport.Field(kind)]!.AsArray().Count;
                done += rows;
                bar.Report((done, plan.Rows));
                Console.WriteLine($"entry {index}: {rows} {kind}");
            }
            Console.WriteLine($"imported {plan.Rows} {kind} in {plan.Batches.Count} entr{(plan.Batches.Count == 1 ? "y" : "ies")}");
        }, [data, format, party, dry, map, reason, visibility, .. through.All]);
        cmd.Arguments.Add(what);
        cmd.Arguments.Add(file);
        return cmd;
    }
}
