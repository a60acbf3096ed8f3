using System.Diagnostics;

namespace Truce.Tests;

/// <summary>The built CLI run as a separate process, as a party or an operator would run it.</summary>
static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "truce.dll");

    public static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunProcessAsync(new ProcessStartInfo("dotnet", [Dll, .. OnTestStore(args)]));

    /// <summary>A command that makes a deployment ('init') makes it on the run's <see cref="TestStore"/>.</summary>
    public static string[] OnTestStore(string[] args) => args is ["init", ..] && !args.Contains("--store") ? [.. args, .. TestStore.Args()] : args;

    /// <summary>As <see cref="RunAsync(string[])"/>, with the process's umask set first (through bash).</summary>
    public static Task<(int Code, string Out, string Err)> RunWithUmaskAsync(string umask, params string[] args) =>
        RunProcessAsync(new ProcessStartInfo("bash", ["-c", $"umask {umask}; exec dotnet \"$@\"", "bash", Dll, .. args]));

    static async Task<(int Code, string Out, string Err)> RunProcessAsync(ProcessStartInfo psi)
    {
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output, await err);
    }
}
