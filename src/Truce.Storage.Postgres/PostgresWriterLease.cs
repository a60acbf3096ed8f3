using Npgsql;

namespace Truce.Storage.Postgres;

/// <summary>
/// Which of several servers on one database is the log's writer: the one holding a session-level advisory lock, on a
/// connection of its own that it keeps open. PostgreSQL drops the lock when that session ends, so a writer that dies
/// (even by kill -9) frees it at once and another server takes it. The holder says who it is and where it takes
/// writes in <c>log_writer</c>. The lock only elects; what keeps a deposed writer from writing is the head's
/// compare-and-swap (<see cref="PostgresLogStore"/>).
/// </summary>
public sealed class PostgresWriterLease(PostgresDatabase db) : IDisposable
{
    /// <summary>The advisory lock key of the writer ("truce-wr" as ASCII).</summary>
    const long Key = 0x7472_7563_652d_7772;

    NpgsqlConnection? _held;

    public bool Held => _held is not null;

    /// <summary>Takes the lease if no live process holds it, and records <paramref name="holder"/> and
    /// <paramref name="url"/>; false if another holds it.</summary>
    public bool TryTake(string holder, string? url)
    {
        holder = $"pid {Environment.ProcessId} on {Environment.MachineName} ({holder})";
        if (_held is not null)
        {
            // Held already (a command loaded a demo that the process now serves): it says what it is now.
            PostgresDatabase.Exec(_held, "UPDATE log_writer SET holder = @h, url = @u", null, ("h", holder), ("u", url));
            return true;
        }
        var c = db.OpenUnpooled();
        try
        {
            if (!PostgresDatabase.Scalar<bool>(c, "SELECT pg_try_advisory_lock(@k)", null, ("k", Key)))
            {
                c.Dispose();
                return false;
            }
            PostgresDatabase.Exec(c, """
                INSERT INTO log_writer (one, holder, url, since) VALUES (true, @h, @u, now())
                ON CONFLICT (one) DO UPDATE SET holder = excluded.holder, url = excluded.url, since = excluded.since
                """, null, ("h", holder), ("u", url));
            _held = c;
            return true;
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>Whether this process still holds the lease: its session answers (the lock went if it broke).</summary>
    public bool StillHeld()
    {
        if (_held is null)
        {
            return false;
        }
        try
        {
            PostgresDatabase.Exec(_held, "SELECT 1");
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            Release();
            return false;
        }
    }

    /// <summary>Who last took the lease and where it takes writes (the holder now, unless it died since and no one
    /// has taken over yet).</summary>
    public (string Holder, string? Url)? Writer()
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, "SELECT holder, url FROM log_writer");
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)) : null;
    }

    void Release()
    {
        _held?.Dispose();
        _held = null;
    }

    public void Dispose() => Release();
}
