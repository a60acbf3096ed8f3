using Npgsql;

namespace Truce.LoadDriver;

/// <summary>
/// The PostgreSQL databases a run makes on the --store server: a new, empty one per deployment (a deployment needs
/// one), dropped when the run ends; and what that database has written, for the bytes per entry.
/// </summary>
static class BenchDatabase
{
    /// <summary>A new database on <paramref name="server"/>; its connection string.</summary>
    public static string Create(string server)
    {
        var name = $"truce_bench_{Guid.NewGuid():N}";
        Scalar<int>(server, $"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static void Drop(string server, string database) =>
        Scalar<int>(server, $"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(database).Database} WITH (FORCE)");

    /// <summary>
    /// The server's durability settings, which a throwaway server (scripts/postgis) trades for speed while SQLite here
    /// does not. Not synchronous_commit: Truce's own connections set it on, whatever the server's default.
    /// </summary>
    public static string Durability(string? database) => database is null ? ""
        : $"; server fsync {Scalar<string>(database, "SHOW fsync")}, full_page_writes {Scalar<string>(database, "SHOW full_page_writes")}";

    /// <summary>The database's size on disk, in bytes.</summary>
    public static long Size(string database) => Scalar<long>(database, "SELECT pg_database_size(current_database())");

    /// <summary>
    /// The server's WAL insert position, in bytes: exact at once, where pg_stat_wal lags by up to a second. It counts the
    /// whole server's WAL, so nothing else should use the server during a run.
    /// </summary>
    public static long WalPosition(string database) => Scalar<long>(database, "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint");

    static T? Scalar<T>(string connection, string sql)
    {
        using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        var v = cmd.ExecuteScalar();
        return v is T t ? t : default;
    }
}
