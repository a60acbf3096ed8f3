using Npgsql;
using Truce.Ledger.Sequencing;

namespace Truce.Storage.Postgres;

/// <summary>
/// A deployment's store in a PostgreSQL database. One writer connection, guarded by <see cref="WriteLock"/> and used
/// by the single log writer and the view projector, with <c>synchronous_commit = on</c> whatever the server's default:
/// a commit is in the server's flushed write-ahead log when it returns. Readers take pooled connections. The schema's
/// steps (<see cref="Migrations"/>) are applied when it opens, under an advisory lock, so servers starting together
/// apply each once.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    /// <summary>The advisory lock key of schema changes ("truce-mi" as ASCII).</summary>
    const long MigrationLock = 0x7472_7563_652d_6d69;

    readonly NpgsqlDataSource _source;
    readonly string _unpooled;
    NpgsqlConnection? _writer;

    /// <param name="readOnly">A hot standby (a streaming replica): the schema is checked, not migrated, and any write
    /// is refused (<see cref="ReadOnly"/>).</param>
    public PostgresDatabase(string connection, bool readOnly = false)
    {
        ReadOnly = readOnly;
        var b = new NpgsqlConnectionStringBuilder(PostgresConnection.Normalize(connection))
        {
            // Per session, so a server whose default is off (as a throwaway test cluster's is) still commits durably.
            Options = "-c synchronous_commit=on",
        };
        Location = PostgresConnection.Describe(b.ConnectionString);
        _source = NpgsqlDataSource.Create(b.ConnectionString);
        _unpooled = new NpgsqlConnectionStringBuilder(b.ConnectionString) { Pooling = false }.ConnectionString;
        try
        {
            if (readOnly)
            {
                CheckSchema();
            }
            else
            {
                Migrate();
            }
        }
        catch (NpgsqlException e)
        {
            _source.Dispose();
            throw new DamagedStoreException($"the PostgreSQL store {Location} cannot be opened: {e.Message}");
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    /// <summary>Where the store is, without the password.</summary>
    public string Location { get; }

    /// <summary>The schema version this code writes; a database at a later one is refused.</summary>
    public static int Version => Migrations.Steps.Count;

    /// <summary>True for a replica: reads only.</summary>
    public bool ReadOnly { get; }

    void CheckSchema()
    {
        using var c = _source.OpenConnection();
        var at = Scalar<int>(c, "SELECT coalesce(max(version), 0) FROM truce_migrations");
        if (at != Version)
        {
            throw new DamagedStoreException($"the PostgreSQL replica {Location} has schema {at}, this Truce reads {Version}: a replica is never migrated, its primary is");
        }
    }

    void Migrate()
    {
        using var c = _source.OpenConnection();
        using var tx = c.BeginTransaction();
        Exec(c, $"SELECT pg_advisory_xact_lock({MigrationLock})", tx);
        Exec(c, "CREATE TABLE IF NOT EXISTS truce_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())", tx);
        var at = Scalar<int>(c, "SELECT coalesce(max(version), 0) FROM truce_migrations", tx);
        if (at > Version)
        {
            throw new DamagedStoreException($"the PostgreSQL store {Location} has schema {at}, from a newer Truce; this one reads {Version}");
        }
        for (var v = at + 1; v <= Version; v++)
        {
            Exec(c, Migrations.Steps[v - 1], tx);
            Exec(c, "INSERT INTO truce_migrations (version) VALUES (@v)", tx, ("v", v));
        }
        tx.Commit();
    }

    public object WriteLock { get; } = new();

    /// <summary>
    /// The writer connection, opened again if the last one broke (a server restart): a failed commit leaves nothing,
    /// and the next batch starts from the stored state. Hold <see cref="WriteLock"/>.
    /// </summary>
    public NpgsqlConnection Writer
    {
        get
        {
            if (_writer is { State: System.Data.ConnectionState.Open })
            {
                return _writer;
            }
            _writer?.Dispose();
            _writer = null;
            _writer = _source.OpenConnection();
            return _writer;
        }
    }

    /// <summary>After a failed write: the connection may be broken mid-transaction, so the next write opens a new one.</summary>
    internal void DropWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }

    /// <summary>Runs a write on the writer connection; a full disk comes out as <see cref="StorageFullException"/>.</summary>
    internal T Write<T>(Func<NpgsqlConnection, T> write)
    {
        if (ReadOnly)
        {
            throw new InvalidOperationException($"{Location} is a read-only replica: writes go to the primary");
        }
        lock (WriteLock)
        {
            try
            {
                return write(Writer);
            }
            catch (PostgresException e) when (e.SqlState.StartsWith("53", StringComparison.Ordinal))
            {
                // class 53: insufficient resources (disk full, out of memory, too many connections)
                throw new StorageFullException($"the PostgreSQL store cannot be written ({e.MessageText})", e);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
            {
                DropWriter();
                throw;
            }
        }
    }

    internal void Write(Action<NpgsqlConnection> write) => Write(c =>
    {
        write(c);
        return 0;
    });

    public NpgsqlConnection OpenReader() => _source.OpenConnection();

    /// <summary>A connection of its own, outside the pool: a session-level lock held on it goes when it closes, and
    /// never passes to another user of a pooled connection.</summary>
    internal NpgsqlConnection OpenUnpooled()
    {
        var c = new NpgsqlConnection(_unpooled);
        c.Open();
        return c;
    }

    /// <summary>
    /// After something that may hold an erased body was deleted and committed: PostgreSQL only marks a deleted row
    /// dead and leaves its bytes in the table's pages until they are reused. VACUUM FULL writes the table anew and
    /// removes the old files. Then, where the role may (a superuser, or granted pg_checkpoint and pg_switch_wal), a
    /// new write-ahead segment and a checkpoint, so the segments that hold the row's insertion can go (see
    /// docs/SECURITY.md: the server must not recycle or archive them). Hold <see cref="WriteLock"/>.
    /// </summary>
    internal void Scrub(NpgsqlConnection c, string table)
    {
        Exec(c, $"VACUUM FULL {table}");
        foreach (var sql in new[] { "SELECT pg_switch_wal()", "CHECKPOINT" })
        {
            try
            {
                Exec(c, sql);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // The operator's configuration decides when the segments go (docs/SECURITY.md).
            }
        }
    }

    public static int Exec(NpgsqlConnection c, string sql, NpgsqlTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    public static T? Scalar<T>(NpgsqlConnection c, string sql, NpgsqlTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, tx, args);
        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static NpgsqlCommand Command(NpgsqlConnection c, string sql, NpgsqlTransaction? tx = null, params (string, object?)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return cmd;
    }

    public void Dispose()
    {
        lock (WriteLock)
        {
            DropWriter();
        }
        _source.Dispose();
    }
}
