using Microsoft.Data.Sqlite;
using SQLitePCL;
using Truce.Ledger.Sequencing;

namespace Truce.Storage.Sqlite;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. One writer connection, guarded by a lock and used by the
/// single log writer and the view projector; readers take pooled connections of their own, and WAL lets them
/// read the last committed state while a batch is being written.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    readonly string _connectionString;
    readonly SqliteConnection _writer;

    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        MakePrivate(path);
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            // synchronous=FULL: in WAL mode a commit is on disk when it returns (NORMAL could lose the last
            // commits on power loss, and "acknowledged means durable" is the log's promise).
            // secure_delete=ON: SQLite zeroes a deleted row's bytes and every page it frees (overflow pages included),
            // where it would otherwise leave them in place until reused; an erased body must not survive in the file.
            // It is a setting of the connection, not of the file, and this is the only connection that writes.
            Exec(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;");
            // A checkpoint copies each page once however often the WAL holds it; a longer WAL (40 MiB rather than 4)
            // lets the index pages that every batch rewrites be copied once per checkpoint, not once per few batches.
            Exec(_writer, $"PRAGMA wal_autocheckpoint={WalCheckpointPages};");
            var check = Scalar<string>(_writer, "PRAGMA quick_check(1)");
            if (check != "ok")
            {
                throw new DamagedStoreException($"the database {path} is damaged: {check}");
            }
            Exec(_writer, Schema.Sql);
            Upgrade(path);
        }
        catch (SqliteException e)
        {
            _writer.Dispose();
            // A truncated or overwritten file fails here, before any of it is served.
            throw IsStorage(e) ? new StorageFullException($"the database {path} cannot be written: {e.Message}", e)
                : new DamagedStoreException($"the database {path} is damaged or not a Truce database: {e.Message}", e);
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The database and its write-ahead log and shared-memory index hold every body, personal data included: owner only.
    /// SQLite creates the -wal and -shm files with the mode of the database file, so the file is made before SQLite opens
    /// it; one made by an older version (0644 under the usual umask) is tightened, and so are journal files it left.
    /// </summary>
    static void MakePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(path))
        {
            try
            {
                // SQLite takes an empty file for a new database.
                using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it meanwhile: tightened below like any existing file.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return; // SQLite's own open names the problem (a missing folder, a read-only disk)
            }
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            try
            {
                if (File.Exists(file) && (File.GetUnixFileMode(file) & ~Private) != 0)
                {
                    File.SetUnixFileMode(file, Private);
                }
            }
            catch (UnauthorizedAccessException)
            {
                // Only the owner may change a mode; a file that another account owns is that account's to tighten.
            }
        }
    }

    /// <summary>
    /// The store's layout (<c>PRAGMA user_version</c>). 1: tree nodes keyed by the position that completes them
    /// (<see cref="SqliteLogStore"/>), the client-id index keyed by id first. 0: a store from before layouts were
    /// recorded, nodes keyed level first and the index party first; it is rewritten once, in one transaction, when opened.
    /// </summary>
    const long Layout = 1;

    void Upgrade(string path)
    {
        var version = Scalar<long>(_writer, "PRAGMA user_version");
        if (version == Layout)
        {
            return;
        }
        if (version > Layout)
        {
            throw new DamagedStoreException($"the database {path} has layout {version}, from a newer Truce; this one reads layout {Layout}");
        }
        using var tx = _writer.BeginTransaction();
        Exec(_writer, $"""
            CREATE TABLE log_nodes_v1 (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
            INSERT INTO log_nodes_v1 (id, hash) SELECT {SqliteLogStore.KeyFromOldLayout}, hash FROM log_nodes ORDER BY 1;
            DROP TABLE log_nodes;
            ALTER TABLE log_nodes_v1 RENAME TO log_nodes;
            DROP INDEX IF EXISTS v_entries_cid;
            PRAGMA user_version = {Layout};
            """, tx);
        tx.Commit();
    }

    /// <summary>SQLite's answers when a write cannot reach the disk (full, over a file-size limit, read-only, I/O error).</summary>
    public static bool IsStorage(SqliteException e) => e.SqliteErrorCode is 8 or 10 or 13 or 14;

    /// <summary>Runs a write; a storage failure comes out as <see cref="StorageFullException"/>, with nothing of the write kept.</summary>
    public static void Write(Action write)
    {
        try
        {
            write();
        }
        catch (SqliteException e) when (IsStorage(e))
        {
            throw new StorageFullException($"storage is full or unwritable ({e.Message})", e);
        }
    }

    const int WalCheckpointPages = 10_000;

    public object WriteLock { get; } = new();

    /// <summary>The writer connection; hold <see cref="WriteLock"/> while using it.</summary>
    public SqliteConnection Writer => _writer;

    readonly Dictionary<string, WriterStatement> _statements = [];

    /// <summary>A statement on the writer connection, prepared on first use and kept; hold <see cref="WriteLock"/>.</summary>
    internal WriterStatement Prepared(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            statement = new WriterStatement(_writer, sql);
            _statements[sql] = statement;
        }
        return statement;
    }

    bool _scrubPending;

    /// <summary>
    /// After something that may hold an erased body was deleted and committed (a body, a module's snapshot): with
    /// secure_delete the database's current pages hold zeros where it was, but the write-ahead log still holds the
    /// earlier images of those pages, and frames from before its last restart past its current end. A checkpoint in
    /// TRUNCATE mode copies the current pages into the file and cuts the log to nothing. It cannot finish while a
    /// reader is still reading from the log: it is tried a few times over some 30 ms, and if it still cannot finish,
    /// again after each later commit on the writer (<see cref="ScrubIfPending"/>) and when the database closes. A
    /// failure never fails the write that erased: that is committed already. Hold <see cref="WriteLock"/>.
    /// </summary>
    internal void Scrub()
    {
        _scrubPending = true;
        for (var attempt = 0; attempt < ScrubAttempts; attempt++)
        {
            if (attempt > 0)
            {
                Thread.Sleep(1 << attempt);
            }
            // Straight to SQLite, whose result code tells a checkpoint that readers kept from finishing (busy) from one
            // that failed. The connection has no busy handler (Microsoft.Data.Sqlite retries busy statements itself), so a
            // blocked checkpoint answers at once rather than holding the writer until the reader is done.
            var rc = raw.sqlite3_wal_checkpoint_v2(_writer.Handle, "main", raw.SQLITE_CHECKPOINT_TRUNCATE, out _, out _);
            if (rc == raw.SQLITE_OK)
            {
                _scrubPending = false;
                return;
            }
            if (rc != raw.SQLITE_BUSY && rc != raw.SQLITE_LOCKED)
            {
                return; // a full or failing disk: the next commit tries again
            }
        }
    }

    const int ScrubAttempts = 5;

    /// <summary>Finishes a <see cref="Scrub"/> that readers kept from finishing; after a commit, under <see cref="WriteLock"/>.</summary>
    internal void ScrubIfPending()
    {
        if (_scrubPending)
        {
            Scrub();
        }
    }

    public SqliteConnection OpenReader()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    public static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, tx, args);
        cmd.ExecuteNonQuery();
    }

    public static T? Scalar<T>(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, tx, args);
        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static SqliteCommand Command(SqliteConnection c, string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return cmd;
    }

    readonly System.Collections.Concurrent.ConcurrentBag<IDisposable> _owned = [];

    /// <summary>Ties a resource (a reader connection kept open with its prepared statement) to the database's life.</summary>
    internal void Own(IDisposable resource) => _owned.Add(resource);

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
        lock (WriteLock)
        {
            ScrubIfPending();
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }
            _statements.Clear();
        }
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
