using Microsoft.Data.Sqlite;

namespace Truce.Storage.Sqlite;

/// <summary>
/// An online, consistent copy of the database: SQLite's backup API reads one snapshot (WAL lets the server go on
/// writing meanwhile), so the copy holds whole batches only — never half a commit.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (which must not exist) and returns the
    /// latest checkpoint note in the copy.</summary>
    public static string Copy(string source, string destination)
    {
        if (File.Exists(destination))
        {
            throw new IOException($"{destination} exists; a backup never overwrites");
        }
        // The copy holds every body, as the database does: made owner-only before SQLite writes to it (an empty file is
        // a new database to SQLite, and the journal it keeps while copying takes the file's mode).
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        new FileStream(destination, options).Dispose();
        using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            from.Open();
            to.Open();
            from.BackupDatabase(to);
        }
        return LatestCheckpoint(destination);
    }

    /// <summary>The latest checkpoint note in a database file, after an integrity check of the file.</summary>
    public static string LatestCheckpoint(string path)
    {
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        var check = SqliteDatabase.Scalar<string>(c, "PRAGMA integrity_check(1)");
        if (check != "ok")
        {
            throw new InvalidDataException($"{path} is damaged: {check}");
        }
        return SqliteDatabase.Scalar<string>(c, "SELECT note FROM log_checkpoints ORDER BY size DESC LIMIT 1")
            ?? throw new InvalidDataException($"{path} holds no checkpoint");
    }
}
