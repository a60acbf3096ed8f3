namespace Truce.Tests.VisibilityDifferential;

/// <summary>
/// A clock that stands still unless a test moves it. The server refuses entries dated more than five minutes after
/// its clock and expires tokens by it, so a random log dated by a fixed clock is admitted the same way on every run.
/// </summary>
/// <remarks>TokenExpiryTests' clock is shifted from the system's and moves with it, so it cannot be reused here.</remarks>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
