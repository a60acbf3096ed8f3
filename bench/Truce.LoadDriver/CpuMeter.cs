using System.Diagnostics;

namespace Truce.LoadDriver;

/// <summary>
/// Wall time and this process's CPU time over one timed section. Another engineer's builds share these cores, so
/// beside each rate the driver prints CPU µs per item: what the work itself cost, whatever else ran meanwhile.
/// </summary>
readonly struct CpuMeter
{
    readonly long _start;
    readonly TimeSpan _cpu;

    CpuMeter(long start, TimeSpan cpu)
    {
        _start = start;
        _cpu = cpu;
    }

    public static CpuMeter Start() => new(Stopwatch.GetTimestamp(), Process.GetCurrentProcess().TotalProcessorTime);

    public Reading Stop(long items) =>
        new(items, Stopwatch.GetElapsedTime(_start).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds);
}

/// <summary>One timed section: items per wall second, and CPU microseconds per item.</summary>
readonly record struct Reading(long Items, double Seconds, double CpuSeconds)
{
    public double Rate => Items / Seconds;
    public double CpuMicrosPerItem => CpuSeconds * 1e6 / Items;

    /// <summary>How many cores the process kept busy: below the machine's count, something else had them.</summary>
    public double CoresUsed => CpuSeconds / Seconds;

    public override string ToString() => $"{Stats.Rate(Rate)} ({CpuMicrosPerItem:0.0} CPU µs each, {CoresUsed:0.00} cores)";
}
