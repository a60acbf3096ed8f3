using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Entries;
using Truce.Ledger.Tiles;

namespace Truce.Server.Mirroring;

/// <summary>
/// Where a mirror copies a log from: a Truce server (its log under /log/, bodies at /api/entries/N, the change feed to
/// wait on), or a static copy of a log on any web server (another mirror's folder: checkpoint, tile/, bodies/N.json and
/// mirror.json at its root). Nothing it answers is trusted: <see cref="LogMirror"/> checks all of it. Every answer is
/// bounded in size (a tile of full-size entries is the largest).
/// </summary>
public sealed class Upstream : IDisposable
{
    /// <summary>Above the largest entry bundle: 256 entries of at most 65,535 bytes, each with its two-byte length.</summary>
    const int MaxAnswer = 17 << 20;

    readonly HttpClient _http;

    Upstream(HttpClient http, Uri root, bool server)
    {
        _http = http;
        Root = root;
        IsServer = server;
    }

    public Uri Root { get; }

    /// <summary>A Truce server, rather than a static copy.</summary>
    public bool IsServer { get; }

    /// <summary>Whether a token was given: then bodies are asked for whatever the envelope says, not only public ones.</summary>
    public bool HasToken => _http.DefaultRequestHeaders.Authorization is not null;

    /// <param name="token">An API token: bodies are fetched as its party may read them (a Truce server only).</param>
    public static async Task<Upstream> ConnectAsync(string url, string? token, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
        {
            throw new ValidationException("url", "must be an http or https URL: a Truce server, or a static copy of its log");
        }
        var root = url.EndsWith('/') ? u : new Uri(url + "/");
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60), MaxResponseContentBufferSize = MaxAnswer };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        try
        {
            foreach (var server in new[] { true, false })
            {
                var candidate = new Upstream(http, root, server);
                if (await candidate.GetAsync(candidate.Log("checkpoint"), ct).ConfigureAwait(false) is not null)
                {
                    return candidate;
                }
            }
        }
        catch
        {
            http.Dispose();
            throw;
        }
        http.Dispose();
        throw new ValidationException("url", $"{url} is neither a Truce server (no log/checkpoint) nor a static copy of a log (no checkpoint)");
    }

    Uri Log(string path) => new(Root, (IsServer ? "log/" : "") + path);

    /// <summary>
    /// A GET, tried again when the connection fails before any answer: a static web server (Python's among them)
    /// may drop a connection kept alive between requests, and every request here can be repeated.
    /// </summary>
    async Task<HttpResponseMessage> SendAsync(Uri uri, HttpCompletionOption completion, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _http.GetAsync(uri, completion, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.StatusCode is null && attempt < Attempts)
            {
                await Task.Delay(50 << attempt, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                // What went wrong on the wire (refused, reset), not only that something did.
                throw new HttpRequestException($"GET {uri}: {e.InnerException?.Message ?? e.Message} ({Attempts} attempts)", e);
            }
        }
    }

    /// <summary>Tries of one GET whose connection fails: about 3 s in all, backing off.</summary>
    const int Attempts = 6;

    /// <summary>The answer's bytes; null for 404; any other failure throws, naming the request.</summary>
    async Task<byte[]?> GetAsync(Uri uri, CancellationToken ct)
    {
        using var resp = await SendAsync(uri, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        return Found(resp, uri) ? await resp.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false) : null;
    }

    /// <summary>False for 404; any other failure throws, naming the request.</summary>
    static bool Found(HttpResponseMessage resp, Uri uri) => resp.StatusCode != HttpStatusCode.NotFound && (resp.IsSuccessStatusCode
        ? true : throw new HttpRequestException($"GET {uri} answered {(int)resp.StatusCode}", null, resp.StatusCode));

    public async Task<string> CheckpointAsync(CancellationToken ct) =>
        Encoding.UTF8.GetString(await GetAsync(Log("checkpoint"), ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the upstream {Root} no longer serves its checkpoint"));

    public async Task<byte[]> TileAsync(TileId tile, CancellationToken ct) =>
        await GetAsync(Log(TileLayout.Path(tile)), ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the upstream {Root} does not serve {TileLayout.Path(tile)}, which its checkpoint needs");

    /// <summary>
    /// An entry's body in its canonical form (RFC 8785, as the log's writer stored it), or null where the upstream has
    /// none for this mirror: not the mirror's to read, or erased.
    /// </summary>
    public async Task<byte[]?> BodyAsync(long index, CancellationToken ct)
    {
        var i = index.ToString(CultureInfo.InvariantCulture);
        var data = await GetAsync(new Uri(Root, IsServer ? $"api/entries/{i}" : $"bodies/{i}.json"), ct).ConfigureAwait(false);
        if (data is null)
        {
            return null;
        }
        try
        {
            if (!IsServer)
            {
                return CanonicalJson.Canonicalize(data);
            }
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object
                ? CanonicalJson.Canonicalize(b) : null;
        }
        catch (Exception e) when (e is JsonException or CanonicalJsonException)
        {
            throw new InvalidDataException($"entry {index}: the upstream's answer for its body is not JSON: {e.Message}");
        }
    }

    /// <summary>The most a kept file may be: a mirror's disk is not the upstream's to fill without bound.</summary>
    public const long MaxFileBytes = 4L << 30;

    /// <summary>
    /// A file a module keeps beside the log (<see cref="Core.Modules.IDataFolderModule.FilesOf"/>), streamed into the copy
    /// and checked against its digest. A server serves it at <paramref name="served"/> (to readers who may see the entry
    /// that names it), a static copy at <paramref name="path"/>. False when the upstream gives it not to this mirror.
    /// </summary>
    public async Task<bool> FileAsync(string sha256, string path, string served, Ledger.Tiles.TileFolderStore copy, CancellationToken ct)
    {
        var uri = new Uri(Root, IsServer ? served : path);
        using var resp = await SendAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!Found(resp, uri))
        {
            return false;
        }
        await using var content = await resp.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await copy.KeepFileAsync(path, content, sha256, MaxFileBytes, ct).ConfigureAwait(false)
            ? true : throw new InvalidDataException($"refused: the file the upstream serves at {uri} does not hash to {sha256}, the digest its entry names");
    }

    /// <summary>What the upstream says of itself (<see cref="Hosting.DeploymentInfo"/>); an empty object when it says nothing
    /// (a static copy made by other means).</summary>
    public async Task<JsonElement> DescribeAsync(CancellationToken ct)
    {
        var data = await GetAsync(new Uri(Root, IsServer ? "api/deployment" : MirrorFolder.FileName), ct).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(data ?? "{}"u8.ToArray());
            var info = IsServer ? doc.RootElement : doc.RootElement.TryGetProperty("deployment", out var d) ? d : default;
            return info.ValueKind == JsonValueKind.Object ? info.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the upstream {Root} describes itself in something that is not JSON: {e.Message}");
        }
    }

    /// <summary>
    /// Waits until the log may have grown beyond <paramref name="size"/>: a server's change feed answers as soon as
    /// something new is there (or after 25 s); a static copy is polled every <paramref name="interval"/>.
    /// </summary>
    public async Task WaitBeyondAsync(long size, TimeSpan interval, CancellationToken ct)
    {
        if (IsServer)
        {
            try
            {
                await GetAsync(new Uri(Root, $"api/changes?after={size.ToString(CultureInfo.InvariantCulture)}&limit=1&wait=25"), ct).ConfigureAwait(false);
                return;
            }
            catch (HttpRequestException)
            {
                // The feed is a hint: the next round asks for the checkpoint anyway.
            }
        }
        await Task.Delay(interval, ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
