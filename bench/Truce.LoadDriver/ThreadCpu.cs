using System.Globalization;

namespace Truce.LoadDriver;

/// <summary>
/// CPU seconds used so far by the threads with a given name (Linux /proc), to tell the single writer's share of
/// an append from the callers'. Clock ticks are 10 ms: fine over rounds of seconds. Zero where /proc is absent.
/// </summary>
static class ThreadCpu
{
    public static double Seconds(string name)
    {
        const string tasks = "/proc/self/task";
        if (!Directory.Exists(tasks))
        {
            return 0;
        }
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != name)
                {
                    continue;
                }
                // Fields after the ")" that closes the name: state is the 3rd field, utime the 14th, stime the 15th.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }
        return ticks / 100.0;
    }
}
