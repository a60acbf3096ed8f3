using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;

namespace Truce.Cli.Commands;

/// <summary>
/// The folder <c>truce follow</c> keeps: <c>COLLECTION.geojson</c> for each collection, and <c>follow.json</c> with the
/// server, the naming, the log size the copy reflects and each file's feature count. Files are private (0600, the
/// folder 0700: they hold what the token's party may see) and replaced whole, so a reader never sees half a file, and
/// follow.json is written last: a round cut short is repeated, not half applied.
/// </summary>
sealed class FollowCopy
{
    readonly string _dir;
    readonly string _server;
    readonly Dictionary<string, long> _counts;
    readonly Dictionary<string, Dictionary<string, JsonNode>> _loaded = new(StringComparer.Ordinal);
    readonly HashSet<string> _dirty = new(StringComparer.Ordinal);

    FollowCopy(string dir, string server, string naming, long? after, Dictionary<string, long> counts) =>
        (_dir, _server, Naming, After, _counts) = (dir, server, naming, after, counts);

    public string Naming { get; }

    /// <summary>The log size the copy reflects; null before the first export.</summary>
    public long? After { get; private set; }

    public static FollowCopy Open(string dir, string server, string naming)
    {
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var state = Path.Combine(dir, "follow.json");
        if (!File.Exists(state))
        {
            return new FollowCopy(dir, server, naming, null, new(StringComparer.Ordinal));
        }
        JsonElement s;
        try
        {
            s = JsonDocument.Parse(File.ReadAllText(state)).RootElement;
        }
        catch (JsonException e)
        {
            throw new ValidationException("--out", $"{state} is not a follow state file: {e.Message}");
        }
        if (s.GetProperty("server").GetString() != server || s.GetProperty("naming").GetString() != naming)
        {
            throw new ValidationException("--out", $"{dir} follows {s.GetProperty("server").GetString()} with naming {s.GetProperty("naming").GetString()}; use another folder");
        }
        var counts = s.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
        return new FollowCopy(dir, server, naming, s.GetProperty("after").GetInt64(), counts);
    }

    /// <summary>How many features the copy of <paramref name="collection"/> holds (-1 for one it has never held).</summary>
    public long Count(string collection) =>
        _loaded.TryGetValue(collection, out var f) ? f.Count : _counts.GetValueOrDefault(collection, -1);

    /// <summary>A feature now (<paramref name="feature"/>), or gone (null).</summary>
    public void Apply(string collection, string id, JsonElement? feature)
    {
        var features = Load(collection);
        if (feature is { } f)
        {
            features[id] = JsonNode.Parse(f.GetRawText())!;
        }
        else
        {
            features.Remove(id);
        }
        _dirty.Add(collection);
    }

    /// <summary>The whole collection afresh, from an export (a GeoJSON FeatureCollection).</summary>
    public void Replace(string collection, JsonDocument export)
    {
        using (export)
        {
            var features = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (var f in export.RootElement.GetProperty("features").EnumerateArray())
            {
                features[Id(f)] = JsonNode.Parse(f.GetRawText())!;
            }
            _loaded[collection] = features;
            _dirty.Add(collection);
        }
    }

    /// <summary>Writes the collections that changed, then the state: the copy now reflects a log of <paramref name="size"/> entries.</summary>
    public void Save(long size)
    {
        foreach (var c in _dirty)
        {
            var features = _loaded[c];
            var doc = new JsonObject { ["type"] = "FeatureCollection", ["name"] = c, ["features"] = new JsonArray([.. features.Values.Select(f => f.DeepClone())]) };
            Write(FileOf(c), doc.ToJsonString());
            _counts[c] = features.Count;
        }
        _dirty.Clear();
        var state = new JsonObject
        {
            ["server"] = _server,
            ["naming"] = Naming,
            ["after"] = size,
            ["counts"] = new JsonObject(_counts.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        };
        Write(Path.Combine(_dir, "follow.json"), state.ToJsonString());
        After = size;
    }

    string FileOf(string collection) => Path.Combine(_dir, collection + ".geojson");

    Dictionary<string, JsonNode> Load(string collection)
    {
        if (_loaded.TryGetValue(collection, out var features))
        {
            return features;
        }
        features = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (File.Exists(FileOf(collection)))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(FileOf(collection)));
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                features[Id(f)] = JsonNode.Parse(f.GetRawText())!;
            }
        }
        _loaded[collection] = features;
        return features;
    }

    static string Id(JsonElement feature) => feature.GetProperty("id") is { ValueKind: JsonValueKind.String } s ? s.GetString()! : feature.GetProperty("id").GetRawText();

    static void Write(string path, string text)
    {
        var partial = path + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var s = new FileStream(partial, options))
        using (var w = new StreamWriter(s))
        {
            w.Write(text);
        }
        File.Move(partial, path, overwrite: true);
    }
}
