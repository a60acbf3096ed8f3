using System.Diagnostics;

namespace Truce.Tests;

/// <summary>
/// clients/python, a client written from docs/PROTOCOL.md alone, against the real CLI and server as processes: a
/// deployment fresh from 'truce init', then every kind's example in the replay order, the refusals, and the read-back
/// checks of check_protocol.py. It needs Debian's python3-nacl for /usr/bin/python3 (scripts/test installs it).
/// </summary>
[Collection("processes")]
public class PythonClientTests
{
    const string Python = "/usr/bin/python3";

    [Fact]
    public async Task The_python_client_written_from_the_protocol_document_passes_its_check()
    {
        var nacl = File.Exists(Python)
            ? await RunAsync(Python, ["-c", "import nacl.signing"], TimeSpan.FromSeconds(30))
            : (Code: -1, Out: "", Err: $"{Python} does not exist");
        Assert.True(nacl.Code == 0,
            $"{Python} cannot import nacl: run scripts/test, which installs python3-nacl\n{nacl.Out}{nacl.Err}");

        var root = Directory.CreateTempSubdirectory("truce-pyclient").FullName;
        var data = Path.Combine(root, "data");
        try
        {
            var init = await CliProcess.RunAsync("init", "--origin", "example.truce.invalid/log", "--data", data);
            Assert.True(init.Code == 0, $"truce init: {init.Out}{init.Err}");
            using var server = ServerProcess.Start(data);
            await server.WaitUpAsync();

            var script = Path.Combine(RepoRoot(), "clients", "python", "check_protocol.py");
            var run = await RunAsync(Python, [script, server.BaseUri.ToString(), data], TimeSpan.FromMinutes(3));
            var output = $"check_protocol.py exited with {run.Code}\n{run.Out}{run.Err}\n--- server ---\n{server.Output}";
            Assert.True(run.Code == 0, output);
            var summary = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            Assert.Matches(@"^[1-9][0-9]* accepted, [1-9][0-9]* refused as expected, 0 unexpected$", summary);
            Assert.DoesNotContain("UNEXPECTED", run.Out, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    static async Task<(int Code, string Out, string Err)> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            return (-1, await output, $"{await err}\n{file} did not finish in {timeout}");
        }
        return (p.ExitCode, await output, await err);
    }

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Truce.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("no Truce.sln above " + AppContext.BaseDirectory);
    }
}
