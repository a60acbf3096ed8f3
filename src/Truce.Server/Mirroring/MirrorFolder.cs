using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Notes;
using Truce.Server.Hosting;

namespace Truce.Server.Mirroring;

/// <summary>
/// A mirror's folder: the copy of another deployment's log as a static tlog-tiles folder (checkpoint, tile/, bodies/:
/// <see cref="Ledger.Tiles.TileFolderStore"/>), and mirror.json: where the copy comes from, the log's verifier key it
/// is checked against (given once, out of band: a key fetched from the log it verifies would prove nothing), and what
/// the upstream says of itself (<see cref="DeploymentInfo"/>: its area and naming order, on which some answers depend).
/// </summary>
public sealed record MirrorFolder(string Directory, string Upstream, NoteVerifier LogKey, JsonElement Config)
{
    public const string FileName = "mirror.json";

    /// <summary>What a server of the mirror derives for itself (its views), beside the copy.</summary>
    public const string ServeFolder = "serve";

    public static bool Exists(string dir) => File.Exists(Path.Combine(dir, FileName));

    /// <param name="field">The option that named the folder, for messages.</param>
    public static MirrorFolder Open(string dir, string field)
    {
        if (!Exists(dir))
        {
            throw new ValidationException(field, $"{dir} is not a mirror's folder (no {FileName}): run 'truce mirror URL --out {dir}' first");
        }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, FileName)));
            var root = doc.RootElement;
            return new MirrorFolder(dir, root.GetProperty("upstream").GetString()!, NoteKeys.ParseVerifier(root.GetProperty("logKey").GetString()!),
                root.GetProperty("deployment").Clone());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ValidationException(field, $"{Path.Combine(dir, FileName)} is damaged: {e.Message}");
        }
    }

    /// <summary>Creates or rewrites mirror.json (0600, in a folder of 0700).</summary>
    public void Save()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            PrivateFiles.CreateFolder(Directory);
        }
        PrivateFiles.WriteText(Path.Combine(Directory, FileName), JsonSerializer.Serialize(new
        {
            upstream = Upstream,
            logKey = LogKey.ToString(),
            deployment = Config,
        }));
    }
}
