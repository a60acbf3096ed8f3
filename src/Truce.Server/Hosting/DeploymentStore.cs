using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Views;
using Truce.Ledger.Sequencing;
using Truce.Storage.Postgres;
using Truce.Storage.Sqlite;

namespace Truce.Server.Hosting;

/// <summary>
/// Where a deployment keeps its log, views and credentials: truce.db in its folder (SQLite, the embedded default), or
/// the PostgreSQL database its folder's store.json names. store.json is 0600 like the keys, since a connection string
/// may hold a password; messages name the store by <see cref="Location"/>, which never does.
/// </summary>
public sealed class DeploymentStore : IDisposable
{
    public const string ConfigFile = "store.json";

    readonly IDisposable _database;

    DeploymentStore(IDisposable database, ILogStore log, IViewStore views, string location)
    {
        _database = database;
        Log = log;
        Views = views;
        Location = location;
    }

    public ILogStore Log { get; }

    /// <summary>The log's checkpoints and stored nodes, for a copy into another store (<see cref="StoreCopy"/>).</summary>
    public ILogHistory History => (ILogHistory)Log;

    public IViewStore Views { get; }

    /// <summary>The store for messages: a file path, or postgres://user@host:port/database (never a password).</summary>
    public string Location { get; }

    /// <summary>The PostgreSQL connection a deployment folder names, or null for its SQLite file.</summary>
    public static string? Remembered(string dir)
    {
        var path = Path.Combine(dir, ConfigFile);
        if (!File.Exists(path))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.TryGetProperty("postgres", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
    }

    /// <summary>Records which store the folder's deployment uses from now on: a PostgreSQL connection, or null for truce.db.</summary>
    public static void Remember(string dir, string? connection)
    {
        var path = Path.Combine(dir, ConfigFile);
        if (connection is null)
        {
            File.Delete(path);
            return;
        }
        PrivateFiles.WriteText(path, JsonSerializer.Serialize(new { postgres = PostgresConnection.Normalize(connection) }));
    }

    /// <summary>True if a value names a PostgreSQL database (a URL or a connection string) rather than a folder.</summary>
    public static bool IsConnection(string value) => PostgresConnection.IsConnection(value);

    /// <summary>The connection an operator gave with --store, checked and normalised.</summary>
    public static string Parse(string store) => PostgresConnection.IsConnection(store) ? PostgresConnection.Normalize(store)
        : throw new ValidationException("--store", "must be a postgres:// URL or an Npgsql connection string (Host=…;Database=…)");

    public static DeploymentStore Open(string dir) =>
        Remembered(dir) is { } connection ? OpenPostgres(connection) : OpenSqlite(Path.Combine(dir, "truce.db"));

    /// <param name="replica">A streaming replica: read only, never migrated.</param>
    public static DeploymentStore OpenPostgres(string connection, bool replica = false)
    {
        var db = new PostgresDatabase(connection, replica);
        return new DeploymentStore(db, new PostgresLogStore(db), new PostgresViewStore(db), db.Location);
    }

    public static DeploymentStore OpenSqlite(string path)
    {
        var db = new SqliteDatabase(path);
        return new DeploymentStore(db, new SqliteLogStore(db), new SqliteViewStore(db), path);
    }

    /// <summary>A mirror's copy of a log (a static tlog-tiles folder) with this server's own views in a SQLite file.</summary>
    public static DeploymentStore OpenMirror(string dir, string viewsPath)
    {
        var db = new SqliteDatabase(viewsPath);
        return new DeploymentStore(db, new Ledger.Tiles.TileFolderStore(dir), new SqliteViewStore(db), dir);
    }

    /// <summary>The lock that makes one process the writer: a file in the folder, or the database's writer lease.</summary>
    public IWriterLock NewWriterLock(string dir) => _database is PostgresDatabase pg ? new PostgresWriterLock(pg) : new WriterLock(dir);

    /// <summary>A replica's server only follows: it never writes.</summary>
    public bool ReadOnly => _database is PostgresDatabase { ReadOnly: true };

    /// <summary>True when several servers may share the log (PostgreSQL): one writes, the others follow it.</summary>
    public bool Shared => _database is PostgresDatabase;

    public void Dispose() => _database.Dispose();
}
