namespace Truce.Core.Services;

public sealed partial class LedgerService
{
    /// <summary>Completed, and replaced, each time a batch reaches the modules: what a long poll waits on.</summary>
    TaskCompletionSource _grown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The log size the modules and views reflect: what a read answers as of.</summary>
    public long AppliedSize => _projector.ModulesAt;

    /// <summary>Whether an erase entry, whoever may see it, is at or after this log index: if not, no reader has one
    /// to be told of, and the store need not be asked.</summary>
    public bool MayHaveErasuresFrom(long index) => _projector.LastErasure >= index;

    /// <summary>
    /// Waits until the modules reflect a log longer than <paramref name="size"/>, or <paramref name="max"/> has passed;
    /// true if the log grew.
    /// </summary>
    public async Task<bool> WaitBeyondAsync(long size, TimeSpan max, CancellationToken stop)
    {
        var deadline = _time.GetUtcNow() + max;
        while (AppliedSize <= size)
        {
            var grown = Volatile.Read(ref _grown).Task;
            if (AppliedSize > size)
            {
                break;
            }
            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }
            try
            {
                await grown.WaitAsync(left, _time, stop);
            }
            catch (TimeoutException)
            {
                return AppliedSize > size;
            }
        }
        return true;
    }

    void Grew() => Interlocked.Exchange(ref _grown, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
