using System.Runtime;
using System.Runtime.InteropServices;

namespace Truce.LoadDriver;

/// <summary>What a figure was measured on, printed at the head of every run.</summary>
static class MachineInfo
{
    public static void Print()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        Console.WriteLine($"# machine: {cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} cores, " +
            $"{memory:0.0} GiB; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}; " +
            $"GC {(GCSettings.IsServerGC ? "server" : "workstation")}");
        Console.WriteLine($"# load average before the run: {LoadAverage()}");
    }

    /// <summary>The other engineer's builds share these cores: the load average says how noisy a run was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
