using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Truce.Tests;

/// <summary>
/// 'truce serve' (or 'truce demo') as a separate process on a loopback port, with its output kept for the failure
/// message. Optionally started through bash with SIGXFSZ ignored, so that a file-size limit set later makes writes
/// fail (EFBIG) instead of killing it, or with a given umask.
/// </summary>
sealed class ServerProcess : IDisposable
{
    readonly StringBuilder _output = new();

    ServerProcess(Process process, int port)
    {
        Process = process;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public Process Process { get; }
    public int Port { get; }
    public Uri BaseUri { get; }

    /// <summary>What the server printed so far (for assertion messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static ServerProcess Start(string data, bool ignoreFileSizeSignal = false, string command = "serve", string? umask = null, string[]? args = null)
    {
        var port = FreePort();
        string[] serve = [CliProcess.Dll, command, "--data", data, "--urls", $"http://127.0.0.1:{port}",
            .. command == "demo" && !Server.Hosting.Deployment.Exists(data) ? TestStore.Args() : [], .. args ?? []];
        // exec keeps the pid: the limit is set on, and the kill goes to, the server itself.
        var shell = (ignoreFileSizeSignal ? "trap '' XFSZ; " : "") + (umask is null ? "" : $"umask {umask}; ");
        var psi = shell.Length > 0
            ? new ProcessStartInfo("bash", ["-c", shell + "exec dotnet \"$@\"", "bash", .. serve])
            : new ProcessStartInfo("dotnet", serve);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        var p = Process.Start(psi)!;
        var s = new ServerProcess(p, port);
        p.OutputDataReceived += (_, e) => s.Append(e.Data);
        p.ErrorDataReceived += (_, e) => s.Append(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return s;
    }

    void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public HttpClient Client(string? token = null)
    {
        var c = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            c.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
        return c;
    }

    public async Task WaitUpAsync()
    {
        using var http = Client();
        // A minute: start-up replays the log, and a loaded CI machine (or a database server) makes that slow.
        for (int i = 0; i < 600; i++)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {Process.ExitCode}: {Output}");
            }
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the server did not come up: {Output}");
    }

    bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
        Process.Dispose();
    }
}

/// <summary>RLIMIT_FSIZE of another process of ours, through prlimit(2): no root needed to lower it or to lift it back to the hard limit.</summary>
static class FileSizeLimit
{
    [StructLayout(LayoutKind.Sequential)]
    struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    const int RlimitFsize = 1;

    [DllImport("libc", SetLastError = true, EntryPoint = "prlimit")]
    static extern int PrLimit(int pid, int resource, ref RLimit newLimit, out RLimit oldLimit);

    [DllImport("libc", SetLastError = true, EntryPoint = "prlimit")]
    static extern int PrLimitGet(int pid, int resource, IntPtr newLimit, out RLimit oldLimit);

    /// <summary>Sets the soft limit (null: as high as the hard limit allows); the hard limit is left alone.</summary>
    public static void Set(int pid, long? bytes)
    {
        if (PrLimitGet(pid, RlimitFsize, IntPtr.Zero, out var current) != 0)
        {
            throw new InvalidOperationException($"prlimit({pid}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        var wanted = new RLimit { Current = bytes is { } b ? (ulong)b : current.Max, Max = current.Max };
        if (PrLimit(pid, RlimitFsize, ref wanted, out _) != 0)
        {
            throw new InvalidOperationException($"prlimit({pid}, RLIMIT_FSIZE, {bytes}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
