using System.Diagnostics;
using System.Globalization;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// A deployment's folder and its backups hold private keys and every body, victims' personal data included
/// (docs/SECURITY.md): folders 0700 and files 0600 whatever the umask, as 'truce init', 'truce demo', 'truce backup' and
/// 'truce restore' make them, and a folder an older version made (0755 and 0644) is tightened when it is opened.
/// </summary>
[Collection("processes")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The umask most systems give a user: without Truce's care, folders 0755 and files 0644.</summary>
    const string Umask = "022";

    /// <summary>The folder and everything in it that is not owner-only, with its mode; empty when all is private.</summary>
    static List<string> NotPrivate(string dir) =>
    [
        .. new[] { dir }.Concat(Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
            .Select(p => (Path: p, Mode: File.GetUnixFileMode(p), Want: Directory.Exists(p) ? Folder : Private))
            .Where(e => e.Mode != e.Want)
            .Select(e => $"{Path.GetRelativePath(dir, e.Path)} {Convert.ToString((int)e.Mode, 8)}"),
    ];

    static void Loosen(string dir)
    {
        const UnixFileMode Shared = UnixFileMode.OtherRead | UnixFileMode.GroupRead;
        File.SetUnixFileMode(dir, Folder | Shared | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        foreach (var p in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(p, Directory.Exists(p) ? Folder | Shared | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : Private | Shared);
        }
    }

    static async Task StopAsync(ServerProcess server)
    {
        using var interrupt = Process.Start("kill", ["-INT", server.Process.Id.ToString(CultureInfo.InvariantCulture)]);
        await interrupt.WaitForExitAsync();
        await server.Process.WaitForExitAsync();
        Assert.True(server.Process.ExitCode == 0, server.Output);
    }

    [Fact]
    public async Task Init_demo_backup_and_restore_make_folders_0700_and_files_0600_under_umask_022()
    {
        var root = Directory.CreateTempSubdirectory("truce-modes").FullName;
        var data = Path.Combine(root, "new", "data"); // its parent is made too (with the umask's mode, as mkdir -p makes it)
        var init = await CliProcess.RunWithUmaskAsync(Umask, "init", "--data", data, "--origin", "modes.truce.invalid/log");
        Assert.True(init.Code == 0, init.Err);
        Assert.Empty(NotPrivate(data));
        Assert.Contains("truce.db", Directory.GetFiles(data).Select(Path.GetFileName));
        Assert.Contains("deployment.json", Directory.GetFiles(data).Select(Path.GetFileName));

        var demo = Path.Combine(root, "demo");
        using (var server = ServerProcess.Start(demo, command: "demo", umask: Umask))
        {
            await server.WaitUpAsync();
            // While it serves, the write-ahead log and its index exist: SQLite gives them the database's mode.
            Assert.True(File.Exists(Path.Combine(demo, "truce.db-wal")) && File.Exists(Path.Combine(demo, "truce.db-shm")));
            Assert.Empty(NotPrivate(demo));

            var backup = Path.Combine(root, "backups", "one");
            var made = await CliProcess.RunWithUmaskAsync(Umask, "backup", "--data", demo, "--out", backup);
            Assert.True(made.Code == 0, made.Err);
            Assert.Empty(NotPrivate(backup));
            Assert.Contains("backup.json", Directory.GetFiles(backup).Select(Path.GetFileName));
            await StopAsync(server);

            var restored = Path.Combine(root, "restored");
            var back = await CliProcess.RunWithUmaskAsync(Umask, "restore", "--from", backup, "--data", restored);
            Assert.True(back.Code == 0, back.Err);
            Assert.Empty(NotPrivate(restored));
        }
        Assert.Empty(NotPrivate(demo));
        Directory.Delete(root, true);
    }

    [Fact]
    public async Task A_deployment_or_backup_an_older_version_left_readable_is_tightened_when_opened_or_restored()
    {
        var root = Directory.CreateTempSubdirectory("truce-modes").FullName;
        var data = Path.Combine(root, "data");
        await (await Deployment.InitAsync(data, "modes.truce.invalid/log", "modes", synthetic: true)).DisposeAsync();
        var backup = Path.Combine(root, "backup");
        DeploymentBackup.Create(data, backup);
        Loosen(data);
        Loosen(backup);
        Assert.Contains("truce.db 644", NotPrivate(data));
        Assert.Contains("keys 755", NotPrivate(backup));

        await using (var d = Deployment.Open(data))
        {
            Assert.True(File.Exists(Path.Combine(data, "truce.db-wal")));
            Assert.Empty(NotPrivate(data));
        }
        Assert.Empty(NotPrivate(data));

        var restored = Path.Combine(root, "restored");
        await DeploymentBackup.RestoreAsync(backup, restored);
        Assert.Empty(NotPrivate(restored));
        Directory.Delete(root, true);
    }
}
