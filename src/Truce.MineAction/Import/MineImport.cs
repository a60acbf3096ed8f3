using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Spatial;

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
/// Reads hazards, minefield records or updates of hazards from GeoJSON (a FeatureCollection: properties are the body's
/// fields, the geometry is the perimeter) or CSV (the column mapping in docs/MINEACTION.md), checks every row with the
/// same rules as admission, and plans <c>mine.import</c> entries. Nothing is stored unless every row is good.
/// </summary>
public static partial class MineImport
{
    public const long MaxFileBytes = 256L << 20;

    /// <summary>What a file may hold: new hazards, new minefield records, or updates of hazards recorded before.</summary>
    public static readonly string[] Whats = ["hazards", "minefields", "hazard-updates"];

    /// <summary>The <c>mine.import</c> field that holds a file's rows.</summary>
    public static string Field(string what) => what == "hazard-updates" ? "updates" : what;

    /// <summary>Plans an import against what the module already holds as the importing party sees it (ids must be new
    /// to that party, and an updated hazard held by it, as admission will check).</summary>
    public static ImportPlan Plan(MineActionModule module, Reader importer, string what, string format, TextReader text, string source,
        IProgress<(long Done, long Total)>? progress = null, IReadOnlyDictionary<string, string>? map = null, string? reason = null, CancellationToken stop = default) =>
        Plan(what, format, text, what == "minefields" ? id => module.Read(importer, b => b.Minefields.ContainsKey(id)) : id => module.Read(importer, b => b.Hazards.ContainsKey(id)),
            source, progress, map, reason, (kind, id) => module.Read(importer, b => kind == "accident" ? b.Accidents.ContainsKey(id) : b.Minefields.ContainsKey(id)), stop);

    /// <param name="exists">Whether the importer's book holds a record of this id (a hazard, for updates).</param>
    /// <param name="map">A file's own names for fields (GeoJSON properties, CSV columns) → the body's; to "" to leave
    /// one out on purpose; "released.cleared" names a field inside one. Any other name the body does not have is a row
    /// error, as in an entry (strict bodies).</param>
    /// <param name="reason">The reason of every update row that gives none.</param>
    /// <param name="stop">Fires when whoever asked has gone: checking stops between rows.</param>
    /// <param name="held">Whether the importer's book holds the minefield record or accident (the kind) a hazard names as
    /// a source, as admission will check; null checks none.</param>
    public static ImportPlan Plan(string what, string format, TextReader text, Func<string, bool> exists, string source,
        IProgress<(long Done, long Total)>? progress = null, IReadOnlyDictionary<string, string>? map = null, string? reason = null,
        Func<string, string, bool>? held = null, CancellationToken stop = default)
    {
        map ??= new Dictionary<string, string>();
        if (!Whats.Contains(what))
        {
            throw new ValidationException("what", $"must be one of {string.Join(", ", Whats)}");
        }
        var errors = new List<RowError>();
        var rows = format switch
        {
            "geojson" => FromGeoJson(what, text, errors, map),
            "csv" => FromCsv(what, text, errors, map),
            _ => throw new ValidationException("format", "must be geojson or csv"),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
        {
            stop.ThrowIfCancellationRequested();
            var (row, body, badCells) = rows[i];
            if (body is null)
            {
                continue;
            }
            Words(body);
            if (what == "hazards")
            {
                DeriveBenchmark(body);
            }
            else if (what == "hazard-updates" && reason is not null && body["reason"] is null)
            {
                body["reason"] = reason;
            }
            errors.AddRange(Check(what, body).Where(e => !(badCells && e.Problem.StartsWith("is required", StringComparison.Ordinal)))
                .Select(e => new RowError(row, e.Field, e.Problem)));
            errors.AddRange(Identity(what, body, row, seen, exists));
            if (what == "hazards" && held is not null)
            {
                errors.AddRange(Sources(body, row, held));
            }
            if (i % 1000 == 999)
            {
                progress?.Report((i + 1, rows.Count));
            }
        }
        progress?.Report((rows.Count, rows.Count));
        var batches = errors.Count > 0 ? [] : rows.Select(r => (JsonNode)r.Body!).Chunk(MineActionParser.MaxImport)
            .Select(chunk => new JsonObject { [Field(what)] = new JsonArray(chunk), ["source"] = source.Length > 500 ? source[..500] : source }).ToList();
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
        var kind = what switch
        {
            "hazards" => MineActionKinds.Hazard,
            "minefields" => MineActionKinds.Minefield,
            _ => MineActionKinds.HazardUpdate,
        };
        switch (what)
        {
            case "hazards":
                MineActionParser.Hazard(scope);
                break;
            case "minefields":
                MineActionParser.Minefield(scope, new Records.Origin(0, "import", Core.Access.Visibility.Public, [], DateTimeOffset.UnixEpoch));
                break;
            default:
                MineActionParser.HazardUpdate(scope);
                break;
        }
        return [.. reader.Errors, .. fields.Unknown(element, kind)];
    }

    /// <summary>A new record's id is new (to the file and to the importer's book); an update's hazard is in that book.</summary>
    static IEnumerable<RowError> Identity(string what, JsonObject body, int row, HashSet<string> seen, Func<string, bool> exists)
    {
        var field = what == "hazard-updates" ? "hazard" : "id";
        var id = body[field]?.GetValueKind() == JsonValueKind.String ? body[field]!.GetValue<string>() : null;
        if (id is null)
        {
            yield break;
        }
        if (what == "hazard-updates" && !exists(id))
        {
            yield return new RowError(row, "body.hazard", $"'{id}' is not a hazard recorded before this import");
        }
        else if (what != "hazard-updates" && (!seen.Add(id) || exists(id)))
        {
            yield return new RowError(row, "body.id", $"'{id}' appears twice or exists already");
        }
    }

    /// <summary>The minefield records and accidents a hazard rests on are in the importer's book: admission refuses the
    /// whole entry otherwise, after the entries before it were stored.</summary>
    static IEnumerable<RowError> Sources(JsonObject body, int row, Func<string, string, bool> held)
    {
        var sources = body["sources"] as JsonArray ?? [];
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonObject { } s && s["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k) && k is "minefield-record" or "accident"
                && s["ref"] is JsonValue r && r.TryGetValue<string>(out var id) && !held(k, id))
            {
                yield return new RowError(row, $"body.sources[{i}].ref", $"'{id}' is not {(k == "accident" ? "an accident" : "a minefield record")} the importer's book holds");
            }
        }
    }

    /// <summary>A hazard without a benchmark gets one derived from its perimeter (a point inside it), marked derived:
    /// many files record only the polygon, and a deminer must know the point was not surveyed.</summary>
    static void DeriveBenchmark(JsonObject body)
    {
        if (body.ContainsKey("benchmark") || body["perimeter"] is not JsonObject perimeter)
        {
            return;
        }
        var g = GeoJson.Read(JsonSerializer.SerializeToElement(perimeter), "body.perimeter", static (_, _) => { });
        if (g is null || g.IsEmpty)
        {
            return; // the perimeter's own error says why
        }
        var p = g.InteriorPoint;
        body["benchmark"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(p.X, 7), Math.Round(p.Y, 7)) };
        body["benchmarkDerived"] = true;
    }

    /// <summary>A row's words as other mine action files write them (devices "AP mine; UXO", status "Cleared", type
    /// "Suspected Hazardous Area") as the vocabulary's own (<see cref="Vocabulary"/>).</summary>
    static void Words(JsonObject body)
    {
        if (body["status"] is JsonValue status && status.TryGetValue<string>(out var s))
        {
            body["status"] = Vocabulary.Status(s);
        }
        if (body["type"] is JsonValue type && type.TryGetValue<string>(out var t))
        {
            body["type"] = Vocabulary.HazardType(t);
        }
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

    /// <summary>Renames (or, to "", leaves out) the fields a map names; "released.cleared" puts a flat property of a GIS
    /// file inside an object field.</summary>
    static void Rename(JsonObject body, IReadOnlyDictionary<string, string> map)
    {
        foreach (var (from, to) in map)
        {
            if (!body.Remove(from, out var value) || to.Length == 0)
            {
                continue;
            }
            var dot = to.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                body[to] = value;
            }
            else if ((body[to[..dot]] ??= new JsonObject()) is JsonObject inner)
            {
                inner[to[(dot + 1)..]] = value;
            }
        }
    }

    static List<(int Row, JsonObject? Body, bool BadCells)> FromGeoJson(string what, TextReader text, List<RowError> errors, IReadOnlyDictionary<string, string> map)
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
        var updates = what == "hazard-updates";
        for (int i = 0; i < features.Count; i++)
        {
            // An update's geometry, when it has one, is the re-surveyed perimeter; a new record's is its perimeter.
            var g = (features[i] as JsonObject)?["geometry"] as JsonObject;
            if (features[i] is not JsonObject f || (g is null && !updates))
            {
                errors.Add(new RowError(i + 1, "geometry", "each feature needs a geometry (the perimeter)"));
                rows.Add((i + 1, null, true));
                continue;
            }
            var body = f["properties"] is JsonObject p ? (JsonObject)p.DeepClone() : [];
            Rename(body, map);
            if (g is not null)
            {
                body["perimeter"] = g.DeepClone();
            }
            var idField = updates ? "hazard" : "id";
            if (body[idField] is null && f["id"] is JsonValue fid)
            {
                body[idField] = fid.ToString();
            }
            rows.Add((i + 1, body, false));
        }
        return rows;
    }
}
