using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Truce.Storage.Sqlite;

/// <summary>
/// A statement prepared once on the writer connection and run for every row of every batch (or every look-up the
/// single writer makes). Microsoft.Data.Sqlite
/// prepares a command's statement per command, binds parameters by name and boxes every value, which on the single
/// writer cost more than the insert itself; these bind by position straight to SQLite. Failures surface as
/// <see cref="SqliteException"/>, as from a command, so a full disk is still told apart from a damaged file. SQLitePCL
/// binds text and blobs as SQLITE_TRANSIENT (SQLite copies them), so a bound array may move or go once bound.
/// </summary>
sealed class WriterStatement : IDisposable
{
    readonly sqlite3 _db;
    readonly sqlite3_stmt _stmt;

    public WriterStatement(SqliteConnection writer, string sql)
    {
        _db = writer.Handle ?? throw new InvalidOperationException("the writer connection is not open");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _stmt);
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public WriterStatement Bind(int position, long value) => Check(raw.sqlite3_bind_int64(_stmt, position, value));

    public WriterStatement Bind(int position, long? value) =>
        value is { } v ? Bind(position, v) : Check(raw.sqlite3_bind_null(_stmt, position));

    public WriterStatement Bind(int position, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_stmt, position, value));

    public WriterStatement Bind(int position, string value) => Check(raw.sqlite3_bind_text(_stmt, position, value));

    /// <summary>Runs the statement once with the values bound; the bindings stay for the next run unless rebound.</summary>
    public void Run()
    {
        var rc = raw.sqlite3_step(_stmt);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Runs a query for one integer: the first row's first column, or null if there is no row.</summary>
    public long? ReadInt64()
    {
        var rc = raw.sqlite3_step(_stmt);
        try
        {
            if (rc == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_int64(_stmt, 0);
            }
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return null;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    WriterStatement Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
        return this;
    }

    public void Dispose() => _stmt.Dispose();
}
