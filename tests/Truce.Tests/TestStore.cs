using System.Diagnostics;
using Npgsql;

namespace Truce.Tests;

/// <summary>
/// The store the integration suites run on (those tagged <c>[Trait("Store", "both")]</c>): SQLite, or with
/// TRUCE_TEST_STORE=postgres a new PostgreSQL database for each deployment, on the server that TRUCE_TEST_POSTGRES
/// names (an Npgsql connection string; scripts/test starts one and exports it). Without TRUCE_TEST_POSTGRES,
/// <see cref="Server"/> starts a throwaway server with scripts/postgis. PostgreSQL expected but out of reach fails the
/// test: it never skips.
/// </summary>
public static class TestStore
{
    public static bool IsPostgres => Environment.GetEnvironmentVariable("TRUCE_TEST_STORE") == "postgres";

    /// <summary>The --store of a new deployment on the store of this run: null for SQLite.</summary>
    public static string? New() => IsPostgres ? NewDatabase() : null;

    /// <summary>The CLI arguments that put a new deployment on the store of this run (none for SQLite).</summary>
    public static string[] Args() => IsPostgres ? ["--store", NewDatabase()] : [];

    static readonly Lazy<string> _server = new(StartOrFind);

    /// <summary>The connection string of the test server's maintenance database.</summary>
    public static string Server => _server.Value;

    /// <summary>A new, empty database on the test server; its connection string.</summary>
    public static string NewDatabase()
    {
        var name = $"truce_t_{Guid.NewGuid():N}";
        using (var c = new NpgsqlConnection(Server))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        // Pooled, as a deployment's store is by default (the maintenance connection is not: a pooled one would hold
        // the database open).
        return new NpgsqlConnectionStringBuilder(Server) { Database = name, Pooling = true }.ConnectionString;
    }

    static string StartOrFind()
    {
        var given = Environment.GetEnvironmentVariable("TRUCE_TEST_POSTGRES");
        var connection = string.IsNullOrEmpty(given) ? Start(Path.Combine(Path.GetTempPath(), "truce-test-postgres"), 55433) : given;
        return new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false }.ConnectionString;
    }

    /// <summary>scripts/postgis start DIR PORT: a throwaway PostgreSQL 15 + PostGIS on loopback; its connection string.</summary>
    public static string Start(string dir, int port) => Postgis("start", dir, port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>scripts/postgis replica PRIMARY_PORT DIR PORT: a streaming replica of a server started by <see cref="Start"/>.</summary>
    public static string StartReplica(int primaryPort, string dir, int port) =>
        Postgis("replica", primaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), dir, port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>scripts/postgis stop DIR.</summary>
    public static void Stop(string dir)
    {
        using var p = Process.Start(new ProcessStartInfo(Path.Combine(RepoRoot(), "scripts", "postgis"), ["stop", dir]) { RedirectStandardError = true })!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
    }

    static string Postgis(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoRoot(), "scripts", "postgis"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        if (p.ExitCode != 0 || output.Length == 0)
        {
            throw new InvalidOperationException($"PostgreSQL is expected but scripts/postgis could not start it: {err.Result}");
        }
        return output;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Truce.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("the repository root (Truce.sln) is not above the test binaries");
    }
}
