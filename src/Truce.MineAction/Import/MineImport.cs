using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;

namespace Truce.MineAction.Import;

/// <summary>One problem with one row of an import file (row 1 is the first data row or feature).</summary>
public sealed record RowError(int Row, string Field, string Problem)
{
    public override string ToString() => $"row {Row}: {Field}: {Problem}";
}

/// <summary>What an import file holds once read and checked: the bodies, in batches of at most <see cref="MineActionParser.MaxImport"/>, and every bad row.</summary>
public sealed record ImportPlan(string What, int Rows, IReadOnlyList<JsonObject> Batches, IReadOnlyList<RowError> Errors)
{
    public bool Ok => Errors.Count == 0 && Rows > 0;
}

/// <summary>
/// Reads hazards or minefield records from GeoJSON (a FeatureCollection: properties are the body's fields, the
/// geometry is the perimeter) or CSV (the column mapping in docs/MINEACTION.md), checks every row with the same rules
/// as admission, and plans <c>mine.import</c> entries. Nothing is stored unless every row is good.
/// </summary>
public static partial class MineImport
{
    public const long MaxFileBytes = 256L << 20;

    public static readonly string[] Whats = ["hazards", "minefields"];

    /// <summary>Plans an import against what the module already holds as the importing party sees it (ids must be new
    /// to that party, as admission will check).</summary>
    public static ImportPlan Plan(MineActionModule module, Reader importer, string what, string format, TextReader text, string source,
        IProgress<(long Done, long Total)>? progress = null, IReadOnlyDictionary<string, string>? map = null) =>
        Plan(what, format, text, what == "hazards" ? id => module.Read(importer, b => b.Hazards.ContainsKey(id)) : id => module.Read(importer, b => b.Minefields.ContainsKey(id)),
            source, progress, map);

    /// <param name="map">A file's own names for fields (GeoJSON properties, CSV columns) → the body's; to "" to leave
    /// one out on purpose. Any other name the body does not have is a row error, as in an entry (strict bodies).</param>
    public static ImportPlan Plan(string what, string format, TextReader text, Func<string, bool> exists, string source,
        IProgress<(long Done, long Total)>? progress = null, IReadOnlyDictionary<string, string>? map = null)
    {
        map ??= new Dictionary<string, string>();
        if (!Whats.Contains(what))
        {
            throw new ValidationException("what", "must be hazards or minefields");
        }
        var errors = new List<RowError>();
        var rows = format switch
        {
            "geojson" => FromGeoJson(text, errors, map),
            "csv" => FromCsv(what, text, errors, map),
            _ => throw new ValidationException("format", "must be geojson or csv"),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
        {
            var (row, body, badCells) = rows[i];
            if (body is null)
            {
                continue;
            }
            errors.AddRange(Check(what, body).Where(e => !(badCells && e.Problem.StartsWith("is required", StringComparison.Ordinal)))
                .Select(e => new RowError(row, e.Field, e.Problem)));
            var id = body["id"]?.GetValueKind() == JsonValueKind.String ? body["id"]!.GetValue<string>() : null;
            if (id is not null && (!seen.Add(id) || exists(id)))
            {
                errors.Add(new RowError(row, "body.id", $"'{id}' appears twice or exists already"));
            }
            if (i % 1000 == 999)
            {
                progress?.Report((i + 1, rows.Count));
            }
        }
        progress?.Report((rows.Count, rows.Count));
        var batches = errors.Count > 0 ? [] : rows.Select(r => (JsonNode)r.Body!).Chunk(MineActionParser.MaxImport)
            .Select(chunk => new JsonObject { [what] = new JsonArray(chunk), ["source"] = source.Length > 500 ? source[..500] : source }).ToList();
        if (rows.Count == 0 && errors.Count == 0)
        {
            errors.Add(new RowError(0, "file", "holds no rows"));
        }
        return new ImportPlan(what, rows.Count, batches, [.. errors.OrderBy(e => e.Row)]);
    }

    /// <summary>"FROM=TO" pairs (an import's <c>--map</c> or <c>map=</c>) as a map; <paramref name="field"/> names the option
    /// in a refusal.</summary>
    public static Dictionary<string, string> ParseMap(IEnumerable<string> pairs, string field)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || pair.Length > 200 || map.Count >= 100 || !map.TryAdd(pair[..eq].Trim(), pair[(eq + 1)..].Trim()))
            {
                throw new ValidationException(field, $"'{(pair.Length > 60 ? pair[..60] + "…" : pair)}' must be FROM=TO (or FROM= to leave FROM out), each FROM once, at most 100");
            }
        }
        return map;
    }

    /// <summary>A row read as its entry would be at admission: every bad field, then every field the kind does not have.</summary>
    static List<FieldError> Check(string what, JsonObject body)
    {
        using var fields = FieldTracker.Begin();
        var element = JsonSerializer.SerializeToElement(body);
        var reader = new BodyReader();
        var scope = reader.Root(element);
        if (what == "hazards")
        {
            MineActionParser.Hazard(scope);
        }
        else
        {
            MineActionParser.Minefield(scope, new Records.Origin(0, "import", Core.Access.Visibility.Public, [], DateTimeOffset.UnixEpoch));
        }
        return [.. reader.Errors, .. fields.Unknown(element, what == "hazards" ? MineActionKinds.Hazard : MineActionKinds.Minefield)];
    }

    /// <summary>A feature's devices in the words of other mine action files ("AP mine", "UXO"), as the categories.</summary>
    static void Devices(JsonObject body)
    {
        if (body["devices"] is JsonArray devices)
        {
            for (int i = 0; i < devices.Count; i++)
            {
                if (devices[i] is JsonValue v && v.TryGetValue<string>(out var word))
                {
                    devices[i] = Vocabulary.Device(word);
                }
            }
        }
        else if (body["devices"] is JsonValue one && one.TryGetValue<string>(out var list))
        {
            // A GIS export often holds a list as one text field: "AP mine; UXO".
            body["devices"] = new JsonArray([.. list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(w => (JsonNode)Vocabulary.Device(w))]);
        }
    }

    /// <summary>Renames (or, to "", leaves out) the fields a map names.</summary>
    static void Rename(JsonObject body, IReadOnlyDictionary<string, string> map)
    {
        foreach (var (from, to) in map)
        {
            if (body.Remove(from, out var value) && to.Length > 0)
            {
                body[to] = value;
            }
        }
    }

    static List<(int Row, JsonObject? Body, bool BadCells)> FromGeoJson(TextReader text, List<RowError> errors, IReadOnlyDictionary<string, string> map)
    {
        JsonNode? root;
        try
        {
            var content = text.ReadToEnd();
            using (var doc = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = JsonInput.MaxDepth }))
            {
                JsonInput.CheckStrings(doc.RootElement, "file");
            }
            root = JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { MaxDepth = JsonInput.MaxDepth });
        }
        catch (JsonException e)
        {
            throw new ValidationException("file", $"is not valid JSON: {e.Message}");
        }
        if (root is not JsonObject fc || fc["type"]?.GetValueKind() != JsonValueKind.String || fc["type"]!.GetValue<string>() != "FeatureCollection"
            || fc["features"] is not JsonArray features)
        {
            throw new ValidationException("file", "must be a GeoJSON FeatureCollection");
        }
        var rows = new List<(int, JsonObject?, bool)>();
        for (int i = 0; i < features.Count; i++)
        {
            if (features[i] is not JsonObject f || f["geometry"] is not JsonObject g)
            {
                errors.Add(new RowError(i + 1, "geometry", "each feature needs a geometry (the perimeter)"));
                rows.Add((i + 1, null, true));
                continue;
            }
            var body = f["properties"] is JsonObject p ? (JsonObject)p.DeepClone() : [];
            Rename(body, map);
            Devices(body);
            body["perimeter"] = g.DeepClone();
            if (body["id"] is null && f["id"] is JsonValue fid)
            {
                body["id"] = fid.ToString();
            }
            rows.Add((i + 1, body, false));
        }
        return rows;
    }
}
