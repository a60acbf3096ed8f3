namespace Truce.Server.Hosting;

/// <summary>
/// Keeps a server on a shared PostgreSQL database in its role (docs/SCALING.md). A follower follows the log every
/// <see cref="Interval"/> and tries for the writer's lease each time: when the writer has died its lease is free, and
/// the follower takes over (<see cref="Core.Services.LedgerService.TakeOver"/>), so writes stop for about one interval
/// plus the catch-up. A writer checks it still holds its lease, and steps down to following if its session broke. A
/// mirror's server follows its folder the same way, and has no lease to try for.
/// </summary>
public static class WriterElection
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public static async Task RunAsync(Deployment d, string holder, string url, TextWriter log, CancellationToken ct)
    {
        if (!d.Store.Shared && d.MirrorOf is null)
        {
            return; // one folder, one writer: nothing to elect
        }
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Run(() => Step(d, holder, url, log), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting: the next step tries again, and a deposed writer's commits are fenced.
                await log.WriteLineAsync($"writer election: {e.Message}").ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(Interval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    static void Step(Deployment d, string holder, string url, TextWriter log)
    {
        if (d.MirrorOf is not null)
        {
            // A mirror's server never writes: it follows the copy that `truce mirror` keeps, views included.
            d.Ledger.FollowWithViews();
        }
        else if (d.Ledger.Following)
        {
            d.Ledger.Follow();
            if (d.Writer.TryTake(holder, url))
            {
                d.Ledger.TakeOver();
                d.WriterUrl = url;
                log.WriteLine($"took over as the writer at log size {d.Ledger.Sequencer.Size}");
            }
            else
            {
                d.WriterUrl = d.Writer.WriterUrl();
            }
        }
        else if (!d.Writer.StillHeld())
        {
            d.Ledger.StepDown();
            log.WriteLine("lost the writer's lease: following the log from now on");
        }
    }
}
