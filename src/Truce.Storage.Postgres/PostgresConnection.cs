using Npgsql;
using Truce.Core.Entries;

namespace Truce.Storage.Postgres;

/// <summary>
/// Where a PostgreSQL store is: a <c>postgres://user:password@host:port/database?sslmode=…</c> URL or an Npgsql
/// connection string (<c>Host=…;Database=…</c>). <see cref="Describe"/> never includes the password, so a location
/// can be logged or printed; the connection string itself is a secret (it may hold the password).
/// </summary>
public static class PostgresConnection
{
    /// <summary>True if <paramref name="value"/> names a PostgreSQL server rather than a folder.</summary>
    public static bool IsConnection(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || value.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Npgsql connection string for a URL or connection string; a bad one is refused naming <paramref name="field"/>.</summary>
    public static string Normalize(string value, string field = "--store")
    {
        try
        {
            var b = value.Contains("://", StringComparison.Ordinal) ? FromUrl(value, field) : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(b.Host))
            {
                throw new ValidationException(field, "names no host");
            }
            if (string.IsNullOrEmpty(b.Database))
            {
                throw new ValidationException(field, "names no database");
            }
            return b.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new ValidationException(field, $"is not a postgres:// URL or an Npgsql connection string ({e.Message})");
        }
    }

    static NpgsqlConnectionStringBuilder FromUrl(string value, string field)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new ValidationException(field, "is not a postgres:// URL");
        }
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            b.Port = uri.Port;
        }
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var v = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (name)
            {
                case "sslmode":
                    b.SslMode = Enum.Parse<SslMode>(v.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "application_name":
                    b.ApplicationName = v;
                    break;
                case "connect_timeout":
                    b.Timeout = int.Parse(v, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ValidationException(field, $"URL parameter '{name}' is not one Truce knows (sslmode, application_name, connect_timeout)");
            }
        }
        return b;
    }

    /// <summary>host:port/database as the user, for messages: never the password.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{(string.IsNullOrEmpty(b.Username) ? "" : b.Username + "@")}{b.Host}:{b.Port}/{b.Database}";
    }
}
