using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;

namespace Truce.Tests;

/// <summary>Several deployment folders on one PostgreSQL database (the keys and store.json copied; the log is the
/// database's), and notes posted to their servers, for the tests of several servers and of replicas.</summary>
static class OneDatabase
{
    /// <summary>Copies a deployment folder, all but the SQLite writer's lock file.</summary>
    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "writer.lock"))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Posts a note with client id <paramref name="cid"/>; its index if acknowledged (201, or the same entry
    /// again on a retry), null if not.</summary>
    public static async Task<long?> PostNoteAsync(ServerProcess s, string token, string origin, SigningKey az, string cid)
    {
        using var http = s.Client(token);
        var (env, body) = EntryBuilder.Build(origin, EntryKinds.Note, az, new JsonObject { ["text"] = cid }, DateTimeOffset.UtcNow, cid: cid);
        try
        {
            using var r = await http.PostAsJsonAsync("api/entries", new { envelope = env, body });
            return r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK
                ? JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("index").GetInt64()
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
