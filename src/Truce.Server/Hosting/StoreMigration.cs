using Truce.Core.Entries;

namespace Truce.Server.Hosting;

/// <summary>
/// Moves a deployment from one store to another (<c>truce migrate</c>): from its SQLite file to an empty PostgreSQL
/// database, or back. The log is copied batch by batch (<see cref="StoreCopy"/>) while the deployment's writer lock is
/// held, then the deployment is opened on the copy, which checks the signed checkpoint against the root computed from
/// the stored hashes, and must show the same checkpoint, the same views digest and the same module state as the
/// original, and rebuild to identical views. Only then does the folder name the new store. The old store is left
/// as it was (a SQLite file renamed truce.db.migrated): it still holds every body, so the operator deletes it once
/// satisfied.
/// </summary>
public static class StoreMigration
{
    public sealed record Result(long Size, string Checkpoint, string ViewsDigest, string From, string To);

    /// <param name="to">A PostgreSQL connection, or null to move the deployment back into truce.db in its folder.</param>
    public static async Task<Result> MigrateAsync(string dir, string? to, IProgress<(long Done, long Total)>? progress = null)
    {
        var current = DeploymentStore.Remembered(dir);
        var sqlite = Path.Combine(dir, "truce.db");
        if (to is null && current is null)
        {
            throw new ValidationException("--to", $"{dir} already keeps its log in {sqlite}");
        }
        if (to is not null && current == to)
        {
            throw new ValidationException("--to", "the deployment already keeps its log there");
        }
        if (to is null && File.Exists(sqlite))
        {
            throw new ValidationException("--to", $"{sqlite} exists; move it away first");
        }
        string note, views, state, from;
        await using (var source = Deployment.Open(dir))
        {
            source.Writer.Take(WriterLock.ThisCommand());
            (note, views, state, from) = (source.Ledger.Sequencer.CheckpointNote, source.Ledger.Views.Digest(), source.Ledger.StateDigest(), source.Store.Location);
            using var target = to is null ? DeploymentStore.OpenSqlite(sqlite) : DeploymentStore.OpenPostgres(to);
            StoreCopy.Copy(source.Store, target, progress);
        }
        if (current is null)
        {
            File.Move(sqlite, sqlite + ".migrated", overwrite: false);
            foreach (var side in new[] { "-wal", "-shm" })
            {
                File.Delete(sqlite + side);
            }
        }
        DeploymentStore.Remember(dir, to);
        try
        {
            return await CheckAsync(dir, note, views, state, from);
        }
        catch
        {
            // The folder goes back to the store it used; the copy is left for the operator to inspect.
            DeploymentStore.Remember(dir, current);
            if (current is null)
            {
                File.Move(sqlite + ".migrated", sqlite, overwrite: false);
            }
            throw;
        }
    }

    /// <summary>Opens the deployment on its new store (the store check: signature, root from stored hashes) and compares.</summary>
    static async Task<Result> CheckAsync(string dir, string note, string views, string state, string from)
    {
        await using var moved = Deployment.Open(dir);
        var copied = moved.Ledger.Views.Digest();
        var (before, after) = moved.Ledger.Rebuild();
        var problem = moved.Ledger.Sequencer.CheckpointNote != note ? "its checkpoint differs"
            : copied != views ? "its views differ"
            : before != state ? "its modules' state differs"
            : after != before ? "it rebuilds differently" : null;
        if (problem is not null)
        {
            throw new InvalidDataException($"the copy in {moved.Store.Location} does not match the original: {problem}");
        }
        return new Result(moved.Ledger.Sequencer.Size, note, copied, from, moved.Store.Location);
    }
}
