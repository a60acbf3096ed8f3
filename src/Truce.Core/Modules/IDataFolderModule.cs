namespace Truce.Core.Modules;

/// <summary>
/// A module that keeps files of its own beside the log (the evidence module's blobs): the deployment tells it its data
/// folder once, as it opens and before any entry is checked or applied. What such a module derives from the log must
/// not depend on these files (a replay gives the same books whatever is on disk); only admission checks and reads may
/// look at them.
/// </summary>
public interface IDataFolderModule
{
    /// <summary>The deployment's data folder (0700), and the deployment.json it holds, already read.</summary>
    void UseFolder(string dataFolder, System.Text.Json.JsonElement deploymentConfig);

    /// <summary>
    /// The files an entry of one of this module's kinds names and the module keeps beside the log: each file's SHA-256
    /// and its path under the data folder. A mirror copies them with the entry's body (checked against the digest)
    /// to the same paths, where the module, told the mirror's folder, finds them.
    /// </summary>
    IEnumerable<(string Sha256, string Path)> FilesOf(string kind, System.Text.Json.JsonElement body) => [];
}
