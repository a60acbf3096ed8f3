using System.Diagnostics;

namespace Truce.Tests;

/// <summary>The built CLI run as a separate process, as a party or an operator would run it.</summary>
static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "truce.dll");

    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Dll, .. args]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output, await err);
    }
}
