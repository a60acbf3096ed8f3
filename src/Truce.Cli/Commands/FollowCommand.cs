using System.CommandLine;
using System.Text.Json;
using Truce.Core.Entries;

namespace Truce.Cli.Commands;

/// <summary>
/// <c>truce follow URL --out DIR</c>: a local GeoJSON copy of every collection a server serves the token's reader, kept
/// in step through the change feed (<c>GET /api/changes</c>). The first run exports each collection; each later round
/// applies what changed since the size the copy reflects, and fetches afresh any collection the feed says to (an
/// erasure) or whose count no longer matches (a removal the feed cannot name). docs/EXCHANGE.md.
/// </summary>
static class FollowCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("url") { Description = "The server, e.g. http://127.0.0.1:5080" };
        var output = new Option<string>("--out") { Description = "The folder of the copy (one FILE.geojson per collection, and follow.json)", Required = true };
        var token = new Option<string?>("--token") { Description = "An API token: the copy holds what its party may see (default: the public view)" };
        var naming = new Option<string>("--naming") { Description = "How places are named: neutral, az, am or a language code", DefaultValueFactory = _ => "neutral" };
        var once = new Option<bool>("--once") { Description = "Bring the copy up to date once and stop (default: keep following)" };
        var c = Cli.Command("follow", "Keep a local GeoJSON copy of every collection in step with a server", async (pr, ct) =>
        {
            var server = pr.GetValue(url)!;
            if (!Uri.TryCreate(server, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != "http" && baseUri.Scheme != "https"))
            {
                throw new ValidationException("url", "must be an http or https URL, e.g. http://127.0.0.1:5080");
            }
            using var http = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
            if (pr.GetValue(token) is { } t)
            {
                http.DefaultRequestHeaders.Authorization = new("Bearer", t);
            }
            var copy = FollowCopy.Open(pr.GetValue(output)!, server, pr.GetValue(naming)!);
            var keepGoing = !pr.GetValue(once);
            do
            {
                var (size, changes, fetched) = await RoundAsync(http, copy, keepGoing, ct);
                Console.Error.WriteLine($"truce follow: {changes} changes applied, {fetched.Count} collections fetched afresh"
                    + (fetched.Count > 0 ? $" ({string.Join(", ", fetched)})" : "") + $"; the copy reflects a log of {size} entries");
            }
            while (keepGoing && !ct.IsCancellationRequested);
        }, output, token, naming, once);
        c.Arguments.Add(url);
        return c;
    }

    /// <summary>One round: the first export, or the changes since the copy's size; returns the size it now reflects.</summary>
    static async Task<(long Size, int Changes, IReadOnlyList<string> Fetched)> RoundAsync(HttpClient http, FollowCopy copy, bool wait, CancellationToken ct)
    {
        if (copy.After is null)
        {
            // The size first, then the exports: each reflects at least that size, and the next round repeats whatever
            // came between (applying a change twice is harmless).
            var size = (await GetJsonAsync(http, "/api/changes?after=0&limit=1", ct)).GetProperty("size").GetInt64();
            var collections = (await GetJsonAsync(http, "/ogc/collections", ct)).GetProperty("collections").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToList();
            foreach (var c in collections)
            {
                copy.Replace(c, await ExportAsync(http, c, copy.Naming, ct));
            }
            copy.Save(size);
            return (size, 0, collections);
        }
        var after = copy.After.Value;
        long? reached = null;
        var applied = 0;
        var totals = new Dictionary<string, long>();
        var resync = new HashSet<string>();
        string? cursor = null;
        do
        {
            var path = $"/api/changes?after={after}&limit=1000&naming={Uri.EscapeDataString(copy.Naming)}"
                + (cursor is null ? (wait ? "&wait=25" : "") : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await GetJsonAsync(http, path, ct);
            reached ??= page.GetProperty("size").GetInt64();
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                copy.Apply(item.GetProperty("collection").GetString()!, item.GetProperty("id").GetString()!,
                    item.TryGetProperty("feature", out var f) && f.ValueKind == JsonValueKind.Object ? f : null);
                applied++;
            }
            foreach (var t in page.GetProperty("totals").EnumerateObject())
            {
                totals[t.Name] = t.Value.GetInt64();
            }
            resync.UnionWith(page.GetProperty("resync").EnumerateArray().Select(x => x.GetString()!));
            cursor = page.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        }
        while (cursor is not null);
        foreach (var (c, total) in totals.Where(t => copy.Count(t.Key) != t.Value))
        {
            Console.Error.WriteLine($"truce follow: {c}: the copy holds {copy.Count(c)} features, the server {total}: fetching it afresh");
            resync.Add(c);
        }
        foreach (var c in resync)
        {
            copy.Replace(c, await ExportAsync(http, c, copy.Naming, ct));
        }
        copy.Save(reached!.Value);
        return (reached.Value, applied, [.. resync.Order(StringComparer.Ordinal)]);
    }

    static async Task<JsonElement> GetJsonAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var resp = await http.GetAsync(path, ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        JsonElement answer;
        try
        {
            answer = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ValidationException("url", $"{(int)resp.StatusCode}: the answer to {path} is not JSON (is it a Truce server?)");
        }
        if (!resp.IsSuccessStatusCode)
        {
            var named = answer.TryGetProperty("field", out var f) ? $"{f.GetString()}: " : "";
            throw new ValidationException("url", $"{(int)resp.StatusCode} {named}{(answer.TryGetProperty("detail", out var d) ? d.GetString() : text)}");
        }
        return answer;
    }

    static async Task<JsonDocument> ExportAsync(HttpClient http, string collection, string naming, CancellationToken ct)
    {
        using var resp = await http.GetAsync($"/api/export/{Uri.EscapeDataString(collection)}?format=geojson&naming={Uri.EscapeDataString(naming)}",
            HttpCompletionOption.ResponseHeadersRead, ct);
        if (!resp.IsSuccessStatusCode)
        {
            throw new ValidationException("url", $"{(int)resp.StatusCode}: exporting {collection} failed");
        }
        await using var body = await resp.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(body, cancellationToken: ct);
    }
}
