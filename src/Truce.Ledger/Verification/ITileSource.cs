namespace Truce.Ledger.Verification;

/// <summary>A read-only view of a log published as C2SP tlog-tiles: on a web server or in a folder.</summary>
public interface ITileSource
{
    /// <summary>The content at a path such as "checkpoint" or "tile/0/000"; null if it does not exist.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken ct = default);
}

public sealed class DirectoryTileSource(string root) : ITileSource
{
    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct = default)
    {
        var full = Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, ct).ConfigureAwait(false) : null;
    }
}

public sealed class HttpTileSource(HttpClient http, Uri baseUri) : ITileSource
{
    public async Task<byte[]?> ReadAsync(string path, CancellationToken ct = default)
    {
        using var resp = await http.GetAsync(new Uri(baseUri, path), ct).ConfigureAwait(false);
        if (resp.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!resp.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {new Uri(baseUri, path)} answered {(int)resp.StatusCode}", null, resp.StatusCode);
        }
        return await resp.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
    }
}
