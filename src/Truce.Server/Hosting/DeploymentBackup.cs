using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Notes;
using Truce.Storage.Sqlite;

namespace Truce.Server.Hosting;

/// <summary>
/// Backup and restore of a deployment folder while it serves. A backup is itself a deployment folder on SQLite (the
/// database copied through SQLite's online backup, or a PostgreSQL store's log copied into a new truce.db; deployment.json, keys/) plus backup.json naming the checkpoint it holds,
/// folders 0700 and files 0600 like the deployment's. Restore copies it to a new folder, checks the checkpoint's
/// signature and that the log replays to it, and that rebuilt views equal the restored ones. The backup holds private
/// keys and every body as of its checkpoint, personal data erased since included: keep it like keys/.
/// </summary>
public static class DeploymentBackup
{
    public sealed record Result(string Directory, long Size, string Checkpoint);

    public static Result Create(string dataDir, string outDir, TimeProvider? time = null)
    {
        if (!Deployment.Exists(dataDir))
        {
            throw new ValidationException("--data", $"{dataDir} holds no Truce deployment");
        }
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            throw new ValidationException("--out", $"{outDir} exists and is not empty; a backup never overwrites");
        }
        PrivateFiles.CreateFolder(outDir);
        PrivateFiles.CreateFolder(Path.Combine(outDir, "keys"));
        var note = CopyStore(dataDir, Path.Combine(outDir, "truce.db"));
        CopyFolder(dataDir, outDir);
        var size = Checkpoint.Parse(SignedNote.Parse(note).Text).Size;
        PrivateFiles.WriteText(Path.Combine(outDir, "backup.json"), JsonSerializer.Serialize(new { created = (time ?? TimeProvider.System).GetUtcNow(), size, checkpoint = note }));
        return new Result(outDir, size, note);
    }

    public static async Task<Result> RestoreAsync(string backupDir, string dataDir)
    {
        if (!File.Exists(Path.Combine(backupDir, "backup.json")) || !Deployment.Exists(backupDir))
        {
            throw new ValidationException("--from", $"{backupDir} is not a Truce backup (no backup.json or deployment.json)");
        }
        if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
        {
            throw new ValidationException("--data", $"{dataDir} exists and is not empty; restore into a new folder");
        }
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(backupDir, "backup.json")));
        var expected = meta.RootElement.GetProperty("checkpoint").GetString()!;
        if (SqliteBackup.LatestCheckpoint(Path.Combine(backupDir, "truce.db")) != expected)
        {
            throw new InvalidDataException("the backup's database does not hold the checkpoint its backup.json names");
        }
        PrivateFiles.CreateFolder(dataDir);
        PrivateFiles.CreateFolder(Path.Combine(dataDir, "keys"));
        PrivateFiles.Copy(Path.Combine(backupDir, "truce.db"), Path.Combine(dataDir, "truce.db"));
        CopyFolder(backupDir, dataDir);
        await using var d = Deployment.Open(dataDir);
        var restored = SignedCheckpoint.Open(d.Ledger.Sequencer.CheckpointNote, d.Ledger.LogKey);
        if (SignedNote.Parse(expected).Text != restored.Note.Text)
        {
            throw new InvalidDataException("the restored log does not open at the backup's checkpoint");
        }
        var (before, after) = d.Ledger.Rebuild();
        if (before != after)
        {
            throw new InvalidDataException("the restored views differ from the views rebuilt from the restored log");
        }
        return new Result(dataDir, restored.Checkpoint.Size, d.Ledger.Sequencer.CheckpointNote);
    }

    /// <summary>
    /// The store as one SQLite file, whichever store the deployment uses: SQLite's online backup of truce.db, or a
    /// copy of the PostgreSQL database's log up to its head as the copy began (<see cref="StoreCopy"/>, whose batches
    /// are whole), so that any backup restores without a database server.
    /// </summary>
    static string CopyStore(string dataDir, string destination)
    {
        if (DeploymentStore.Remembered(dataDir) is null)
        {
            return SqliteBackup.Copy(Path.Combine(dataDir, "truce.db"), destination);
        }
        if (File.Exists(destination))
        {
            throw new IOException($"{destination} exists; a backup never overwrites");
        }
        using (var from = DeploymentStore.Open(dataDir))
        using (var to = DeploymentStore.OpenSqlite(destination))
        {
            StoreCopy.Copy(from, to);
        }
        return SqliteBackup.LatestCheckpoint(destination);
    }

    /// <summary>deployment.json and the keys, each 0600 whatever the mode of the copy it comes from.</summary>
    static void CopyFolder(string from, string to)
    {
        PrivateFiles.WriteText(Path.Combine(to, "deployment.json"), File.ReadAllText(Path.Combine(from, "deployment.json")));
        foreach (var key in Directory.GetFiles(Path.Combine(from, "keys")))
        {
            Deployment.WriteSecret(to, Path.GetFileName(key), File.ReadAllText(key));
        }
        CopyTree(Path.Combine(from, "blobs"), Path.Combine(to, "blobs"));
    }

    /// <summary>The blobs evidence entries name (by content: a copy is checked by hashing it), folders 0700 and files 0600.</summary>
    static void CopyTree(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }
        PrivateFiles.CreateFolder(to);
        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
        foreach (var file in Directory.GetFiles(from))
        {
            PrivateFiles.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
