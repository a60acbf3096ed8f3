using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NetTopologySuite.IO;
using Truce.Core.Entries;
using Truce.Spatial;

namespace Truce.MineAction.Import;

/// <summary>CSV: the column mapping in docs/MINEACTION.md, a row to a body.</summary>
public static partial class MineImport
{
    /// <summary>CSV columns, per kind: column name → how it fills the body. Documented in docs/MINEACTION.md.</summary>
    internal static readonly string[] HazardColumns = ["id", "type", "status", "name", "district", "devices", "evidence", "blockages", "beneficiaries", "benchmark_lon", "benchmark_lat",
        "perimeter_wkt", "cancelled_m2", "reduced_m2", "cleared_m2", "synthetic"];
    static readonly string[] UpdateColumns = ["hazard", "status", "type", "reason", "devices", "evidence", "blockages", "beneficiaries", "perimeter_wkt"];
    static readonly string[] MinefieldColumns = ["id", "laid_by", "district", "pattern", "perimeter_wkt", "rp1_name", "rp1_lon", "rp1_lat", "rp2_name", "rp2_lon", "rp2_lat",
        "mine_type", "mine_model", "mine_number", "emplacing", "fuze", "anti_handling", "laid_from", "laid_until", "marking", "synthetic"];

    static List<(int Row, JsonObject? Body, bool BadCells)> FromCsv(string what, TextReader text, List<RowError> errors, IReadOnlyDictionary<string, string> map)
    {
        var records = Csv.Read(text);
        if (records.Count == 0)
        {
            throw new ValidationException("file", "is empty: the first line names the columns");
        }
        var columns = map.ToDictionary(m => m.Key.ToLowerInvariant(), m => m.Value);
        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).Select(h => columns.TryGetValue(h, out var to) ? to : h).ToArray();
        var known = what switch { "hazards" => HazardColumns, "minefields" => MinefieldColumns, _ => UpdateColumns };
        if (header.Where(h => h.Length > 0).GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ValidationException("file", $"column '{twice.Key}' appears twice");
        }
        foreach (var unknown in header.Where(h => h.Length > 0 && !known.Contains(h)))
        {
            throw new ValidationException("file", $"column '{unknown}' is not one of {string.Join(", ", known)}");
        }
        var rows = new List<(int, JsonObject?, bool)>();
        for (int i = 1; i < records.Count; i++)
        {
            var cells = records[i];
            if (cells.Length == 1 && cells[0].Length == 0)
            {
                continue; // a blank line
            }
            if (cells.Length != header.Length)
            {
                errors.Add(new RowError(i, "row", $"has {cells.Length} cells; the header has {header.Length}"));
                rows.Add((i, null, true));
                continue;
            }
            var c = header.Zip(cells).Where(p => p.First.Length > 0 && p.Second.Length > 0).ToDictionary(p => p.First, p => p.Second);
            var rowErrors = new List<RowError>();
            var body = what switch { "hazards" => HazardRow(c, i, rowErrors), "minefields" => MinefieldRow(c, i, rowErrors), _ => UpdateRow(c, i, rowErrors) };
            errors.AddRange(rowErrors);
            // The body is still checked, so one pass reports every problem of the row; a field whose cell could not be
            // read is not reported again as missing.
            rows.Add((i, body, rowErrors.Count > 0));
        }
        return rows;
    }

    static JsonNode? Wkt(Dictionary<string, string> c, string column, int row, List<RowError> errors)
    {
        if (!c.TryGetValue(column, out var wkt))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(GeoJson.Write(new WKTReader().Read(wkt)).GetRawText());
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add(new RowError(row, column, $"is not valid WKT: {e.Message.ReplaceLineEndings(" ")}"));
            return null;
        }
        catch (IndexOutOfRangeException)
        {
            // NTS's WKT tokenizer runs off its buffer on some malformed text (the upload fuzz found it) instead of saying
            // what is wrong: still the cell's fault, not the server's.
            errors.Add(new RowError(row, column, "is not valid WKT: it cannot be read as a WKT token stream"));
            return null;
        }
    }

    static JsonNode? Number(Dictionary<string, string> c, string column, int row, List<RowError> errors)
    {
        if (!c.TryGetValue(column, out var s))
        {
            return null;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            return v == Math.Floor(v) && Math.Abs(v) < 1e15 ? JsonValue.Create((long)v) : JsonValue.Create(v);
        }
        errors.Add(new RowError(row, column, "must be a number (with a '.' for decimals)"));
        return null;
    }

    static JsonNode? Bool(Dictionary<string, string> c, string column, int row, List<RowError> errors)
    {
        if (!c.TryGetValue(column, out var s))
        {
            return null;
        }
        if (s.ToLowerInvariant() is "true" or "yes" or "1")
        {
            return true;
        }
        if (s.ToLowerInvariant() is "false" or "no" or "0")
        {
            return false;
        }
        errors.Add(new RowError(row, column, "must be true or false"));
        return null;
    }

    static JsonNode? Point(Dictionary<string, string> c, string lon, string lat, int row, List<RowError> errors)
    {
        var x = Number(c, lon, row, errors);
        var y = Number(c, lat, row, errors);
        return x is null || y is null ? null : new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(x, y) };
    }

    static JsonArray List(Dictionary<string, string> c, string column) =>
        c.TryGetValue(column, out var s) ? [.. s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode)v)] : [];

    // evidence: "type:reliability" items separated by ';' (e.g. "sighting:high;former-front-line:medium")
    static JsonArray Evidence(Dictionary<string, string> c) => [.. List(c, "evidence").Select(e => e!.GetValue<string>().Split(':', 2)).Select(p => (JsonNode)new JsonObject
    {
        ["type"] = p[0].Trim(),
        ["reliability"] = p.Length > 1 ? p[1].Trim() : null,
    })];

    static JsonObject HazardRow(Dictionary<string, string> c, int row, List<RowError> errors)
    {
        var released = Compact(new JsonObject
        {
            ["cancelled"] = Number(c, "cancelled_m2", row, errors),
            ["reduced"] = Number(c, "reduced_m2", row, errors),
            ["cleared"] = Number(c, "cleared_m2", row, errors),
        });
        var body = new JsonObject
        {
            ["id"] = c.GetValueOrDefault("id"),
            ["type"] = c.GetValueOrDefault("type"),
            ["status"] = c.GetValueOrDefault("status"),
            ["name"] = c.GetValueOrDefault("name"),
            ["district"] = c.GetValueOrDefault("district"),
            ["devices"] = List(c, "devices"),
            ["evidence"] = Evidence(c),
            ["blockages"] = List(c, "blockages"),
            ["beneficiaries"] = Number(c, "beneficiaries", row, errors),
            ["benchmark"] = Point(c, "benchmark_lon", "benchmark_lat", row, errors),
            ["perimeter"] = Wkt(c, "perimeter_wkt", row, errors),
            ["released"] = released.Count > 0 ? released : null,
            ["synthetic"] = Bool(c, "synthetic", row, errors),
        };
        return Compact(body);
    }

    static JsonObject UpdateRow(Dictionary<string, string> c, int row, List<RowError> errors) => Compact(new JsonObject
    {
        ["hazard"] = c.GetValueOrDefault("hazard"),
        ["status"] = c.GetValueOrDefault("status"),
        ["type"] = c.GetValueOrDefault("type"),
        ["reason"] = c.GetValueOrDefault("reason"),
        ["devices"] = c.ContainsKey("devices") ? List(c, "devices") : null,
        ["evidence"] = c.ContainsKey("evidence") ? Evidence(c) : null,
        ["blockages"] = c.ContainsKey("blockages") ? List(c, "blockages") : null,
        ["beneficiaries"] = Number(c, "beneficiaries", row, errors),
        ["perimeter"] = Wkt(c, "perimeter_wkt", row, errors),
    });

    static JsonObject MinefieldRow(Dictionary<string, string> c, int row, List<RowError> errors)
    {
        var refs = new JsonArray();
        foreach (var rp in new[] { "rp1", "rp2" })
        {
            if (c.ContainsKey($"{rp}_lon") || c.ContainsKey($"{rp}_lat"))
            {
                refs.Add(new JsonObject { ["name"] = c.GetValueOrDefault($"{rp}_name") ?? rp.ToUpperInvariant(), ["position"] = Point(c, $"{rp}_lon", $"{rp}_lat", row, errors) });
            }
        }
        var body = new JsonObject
        {
            ["id"] = c.GetValueOrDefault("id"),
            ["laidBy"] = c.GetValueOrDefault("laid_by"),
            ["district"] = c.GetValueOrDefault("district"),
            ["pattern"] = c.GetValueOrDefault("pattern"),
            ["perimeter"] = Wkt(c, "perimeter_wkt", row, errors),
            ["referencePoints"] = refs,
            ["mines"] = new JsonArray(Compact(new JsonObject
            {
                ["type"] = c.GetValueOrDefault("mine_type"),
                ["model"] = c.GetValueOrDefault("mine_model"),
                ["number"] = Number(c, "mine_number", row, errors),
                ["emplacing"] = c.GetValueOrDefault("emplacing"),
                ["fuze"] = c.GetValueOrDefault("fuze"),
                ["antiHandling"] = Bool(c, "anti_handling", row, errors),
            })),
            ["laidFrom"] = c.GetValueOrDefault("laid_from"),
            ["laidUntil"] = c.GetValueOrDefault("laid_until"),
            ["marking"] = c.GetValueOrDefault("marking"),
            ["synthetic"] = Bool(c, "synthetic", row, errors),
        };
        return Compact(body);
    }

    internal static JsonObject Compact(JsonObject o)
    {
        foreach (var key in o.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            o.Remove(key);
        }
        return o;
    }
}

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks (WKT is full of commas).</summary>
public static class Csv
{
    public static List<string[]> Read(TextReader text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int ch;
        while ((ch = text.Read()) != -1)
        {
            var c = (char)ch;
            any = true;
            if (quoted)
            {
                quoted = InQuotes(text, c, field);
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                    any = false;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (quoted)
        {
            throw new ValidationException("file", $"line {rows.Count + 1}: a quoted field is not closed");
        }
        if (any)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }

    /// <summary>A character inside quotes: "" stands for one quote, and a lone one closes the quotes (false).</summary>
    static bool InQuotes(TextReader text, char c, StringBuilder field)
    {
        if (c != '"')
        {
            field.Append(c);
            return true;
        }
        if (text.Peek() == '"')
        {
            field.Append('"');
            text.Read();
            return true;
        }
        return false;
    }
}
