using System.Diagnostics;

namespace Truce.Tests;

/// <summary>
/// The load driver's 'mixed' mode as a process: the real server over the demo data under signed writes, map and list
/// reads, safety queries and log reads at a steady rate, for 15 s after 3 s of warm-up (10 minutes in the nightly profile). Zero errors,
/// and the server's resident memory at the end within the driver's bound of its memory after warm-up.
/// </summary>
[Collection("processes")]
public class MixedLoadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_mixed_load_gets_no_errors_and_the_server_memory_stays_bounded()
    {
        var nightly = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly";
        var (seconds, warmUp) = nightly ? (600, 60) : (15, 3);
        var driver = Path.Combine(AppContext.BaseDirectory, "Truce.LoadDriver.dll");
        var psi = new ProcessStartInfo("dotnet", [driver, "mixed", "--seconds", $"{seconds}", "--warm-up-seconds", $"{warmUp}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + warmUp + 180));
        try
        {
            await p.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"the mixed load did not finish in time: {await stdout}");
        }
        var text = await stdout;
        output.WriteLine(text);
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {text}\n{await err}");
        var result = text.Split('\n').Single(l => l.StartsWith("RESULT mixed:", StringComparison.Ordinal));
        Assert.Contains("; 0 errors;", result);
        Assert.Contains(": ok)", result);
    }
}
