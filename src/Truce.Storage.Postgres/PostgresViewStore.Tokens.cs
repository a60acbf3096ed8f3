using System.Collections.Concurrent;
using System.Globalization;
using Truce.Core.Views;
using Truce.Ledger.Entries;

namespace Truce.Storage.Postgres;

/// <summary>Credentials: only the SHA-256 of a token is stored; a found token is kept a few seconds as in SQLite.</summary>
public sealed partial class PostgresViewStore
{
    public static readonly TimeSpan TokenCacheLifetime = TimeSpan.FromSeconds(5);

    const int TokenCacheSize = 10_000;
    readonly ConcurrentDictionary<string, (TokenRow Row, long At)> _tokens = new(StringComparer.Ordinal);

    public void SaveToken(string tokenHash, TokenRow row) => db.Write(c =>
    {
        PostgresDatabase.Exec(c,
            "INSERT INTO credentials (token_hash, member, party, roles, expires, revoked) VALUES (@h, @m, @p, @r, @e, @v)", null,
            ("h", tokenHash), ("m", row.Member), ("p", row.Party), ("r", string.Join(',', row.Roles)),
            ("e", Envelope.FormatTime(row.Expires)), ("v", row.Revoked ? 1 : 0));
        _tokens.TryRemove(tokenHash, out _);
    });

    public TokenRow? FindToken(string tokenHash)
    {
        var now = Environment.TickCount64;
        if (_tokens.TryGetValue(tokenHash, out var hit) && now - hit.At < TokenCacheLifetime.TotalMilliseconds)
        {
            return hit.Row;
        }
        var row = ReadTokens("WHERE token_hash = @h", tokenHash).Select(t => t.Row).FirstOrDefault();
        if (row is not null)
        {
            if (_tokens.Count >= TokenCacheSize)
            {
                _tokens.Clear();
            }
            _tokens[tokenHash] = (row, now);
        }
        return row;
    }

    /// <summary>Every credential (a migration's and a backup's copy).</summary>
    public IReadOnlyList<(string Hash, TokenRow Row)> AllTokens() => ReadTokens("ORDER BY token_hash", null);

    List<(string Hash, TokenRow Row)> ReadTokens(string where, string? tokenHash)
    {
        using var c = db.OpenReader();
        using var cmd = PostgresDatabase.Command(c, $"SELECT token_hash, member, party, roles, expires, revoked FROM credentials {where}", null,
            tokenHash is null ? [] : [("h", tokenHash)]);
        using var r = cmd.ExecuteReader();
        var list = new List<(string Hash, TokenRow Row)>();
        while (r.Read())
        {
            list.Add((r.GetString(0), new TokenRow(r.GetString(1), r.GetString(2), r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetInt32(5) != 0)));
        }
        return list;
    }

    public bool RevokeToken(string tokenHash) => db.Write(c =>
    {
        var revoked = PostgresDatabase.Exec(c, "UPDATE credentials SET revoked = 1 WHERE token_hash = @h", null, ("h", tokenHash)) == 1;
        _tokens.TryRemove(tokenHash, out _);
        return revoked;
    });
}
