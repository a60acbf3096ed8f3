using System.CommandLine;
using Truce.Server.Mirroring;

namespace Truce.Cli.Commands;

/// <summary><c>truce mirror URL --out DIR</c>: a verified copy of another deployment's log, kept in step (docs/SCALING.md).</summary>
static class MirrorCommand
{
    public static Command Create()
    {
        var url = new Argument<string>("url") { Description = "The upstream: a Truce server (e.g. http://127.0.0.1:5080), or a static copy of a log on any web server (another mirror's folder)" };
        var output = new Option<string>("--out") { Description = "The mirror's folder: the log as static tlog-tiles (checkpoint, tile/, bodies/) and mirror.json", Required = true };
        var key = new Option<string?>("--key") { Description = "The log's verifier key (name+id+key), obtained out of band: required for a new mirror, then kept" };
        var token = new Option<string?>("--token") { Description = "An API token: the copy also holds the bodies its party may read (a mirror's server still serves only public views)" };
        var once = new Option<bool>("--once") { Description = "Bring the copy up to date once and stop (default: keep following)" };
        var interval = new Option<int>("--interval") { Description = "Seconds between polls of a static upstream, and between retries", DefaultValueFactory = _ => 10 };
        var c = Cli.Command("mirror", "Copy another deployment's log (tiles, entries, the bodies it may read), verified, and keep it in step", async (pr, ct) =>
        {
            if (pr.GetValue(interval) is < 1 or > 3600)
            {
                throw new Core.Entries.ValidationException("--interval", "must be between 1 and 3600 seconds");
            }
            try
            {
                await MirrorRunner.RunAsync(pr.GetValue(output)!, pr.GetValue(url)!, pr.GetValue(key), pr.GetValue(token), pr.GetValue(once),
                    TimeSpan.FromSeconds(pr.GetValue(interval)), Console.Error, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
        }, output, key, token, once, interval);
        c.Arguments.Add(url);
        return c;
    }
}
