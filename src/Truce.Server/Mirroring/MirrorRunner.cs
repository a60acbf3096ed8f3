using Truce.Core.Entries;
using Truce.Ledger.Notes;
using Truce.Ledger.Tiles;
using Truce.Server.Hosting;

namespace Truce.Server.Mirroring;

/// <summary>
/// <c>truce mirror URL --out DIR</c>: makes or reopens a mirror's folder, pins the log's key, and brings the copy up to
/// its upstream round after round (<see cref="LogMirror"/>), waiting between rounds on the upstream's change feed (a
/// static copy is polled). One process per folder (its writer.lock).
/// </summary>
public static class MirrorRunner
{
    /// <param name="key">The log's verifier key: required for a new mirror, and if given later, the one it was made with.</param>
    /// <param name="token">An API token: the copy holds the bodies its party may read, not only the public's.</param>
    public static async Task RunAsync(string dir, string url, string? key, string? token, bool once, TimeSpan interval, TextWriter log, CancellationToken ct)
    {
        var logKey = PinKey(dir, key);
        if (!MirrorFolder.Exists(dir))
        {
            PrivateFiles.CreateFolder(dir);
        }
        using var writer = new WriterLock(dir);
        writer.Take("truce mirror");
        using var upstream = await Upstream.ConnectAsync(url, token, ct).ConfigureAwait(false);
        new MirrorFolder(dir, url, logKey, await upstream.DescribeAsync(ct).ConfigureAwait(false)).Save();
        var mirror = new LogMirror(new TileFolderStore(dir), logKey, upstream, FilesOf());
        while (!ct.IsCancellationRequested)
        {
            LogMirror.Round round;
            try
            {
                round = await mirror.RunAsync(ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (!once)
            {
                // Following: an upstream that restarts or drops off the network is waited for. A refusal is not.
                await log.WriteLineAsync($"truce mirror: {e.Message}; trying again in {interval.TotalSeconds:0} s").ConfigureAwait(false);
                await Task.Delay(interval, ct).ConfigureAwait(false);
                continue;
            }
            if (round.To > round.From || once)
            {
                await log.WriteLineAsync($"truce mirror: {round.To} entries ({round.To - round.From} new, {round.Bodies} bodies and {round.Files} "
                    + $"files copied, {round.Erased} erased), verified against {logKey.Name}, from {upstream.Root}").ConfigureAwait(false);
            }
            if (once)
            {
                return;
            }
            await upstream.WaitBeyondAsync(round.To, interval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The files the composed modules keep beside the log, as the entries that name them say: a mirror copies them, and a
    /// Truce server serves each at /api/evidence/SHA256 (the one module that keeps files; a second would say where).
    /// </summary>
    static Func<string, System.Text.Json.JsonElement, IEnumerable<(string, string, string)>> FilesOf()
    {
        var keepers = Composition.Modules.All.Select(m => m.Create()).OfType<Core.Modules.IDataFolderModule>().ToList();
        return (kind, body) => keepers.SelectMany(k => k.FilesOf(kind, body)).Select(f => (f.Sha256, f.Path, $"api/evidence/{f.Sha256}"));
    }

    /// <summary>The key the copy is checked against: given once, out of band, and never changed after.</summary>
    static NoteVerifier PinKey(string dir, string? key)
    {
        NoteVerifier? given = null;
        if (key is not null)
        {
            try
            {
                given = NoteKeys.ParseVerifier(key.Trim());
            }
            catch (FormatException e)
            {
                throw new ValidationException("--key", e.Message);
            }
        }
        if (!MirrorFolder.Exists(dir))
        {
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                throw new ValidationException("--out", $"{dir} is neither empty nor a mirror's folder");
            }
            return given ?? throw new ValidationException("--key",
                "is required for a new mirror: the log's verifier key, obtained out of band (a key fetched from the log it checks would prove nothing)");
        }
        var pinned = MirrorFolder.Open(dir, "--out").LogKey;
        if (given is not null && given.ToString() != pinned.ToString())
        {
            throw new ValidationException("--key", $"is not the key this mirror was made with ({pinned})");
        }
        return pinned;
    }
}
