namespace Truce.Server.Hosting;

/// <summary>
/// A deployment's folder and every backup of it hold private keys, tokens and every body, victims' personal data
/// included: folders are made 0700 and files 0600, whatever the umask, and never readable by others even for a moment.
/// The database's own files are made so by <see cref="Storage.Sqlite.SqliteDatabase"/> and
/// <see cref="Storage.Sqlite.SqliteBackup"/>.
/// </summary>
public static class PrivateFiles
{
    const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates a folder as 0700, or tightens an existing one; missing parents are made as mkdir -p makes them.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnlyFolder);
        Tighten(path, OwnerOnlyFolder);
    }

    /// <summary>Writes a file that only the owner may read, replacing any earlier one (and its mode).</summary>
    public static void WriteText(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }
        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            // A file that existed keeps its mode through FileMode.Create: tightened before anything is written.
            File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnlyFile);
        }
        // No byte-order mark: a token file is used as `Authorization: Bearer $(cat FILE)`, and a key file is read by other tools.
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(content);
    }

    /// <summary>Copies a file to a new one that only the owner may read.</summary>
    public static void Copy(string from, string to)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }
        using var source = File.OpenRead(from);
        using var target = new FileStream(to, options);
        source.CopyTo(target);
    }

    /// <summary>
    /// A deployment folder as older versions made it (0755 folders, 0644 files under the usual umask): the folder, keys/
    /// and its files, deployment.json and backup.json are tightened when it is opened (the database's files by
    /// <see cref="Storage.Sqlite.SqliteDatabase"/>).
    /// </summary>
    public static void TightenDeployment(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Tighten(dir, OwnerOnlyFolder);
        var keys = Path.Combine(dir, "keys");
        if (Directory.Exists(keys))
        {
            Tighten(keys, OwnerOnlyFolder);
            foreach (var key in Directory.EnumerateFiles(keys))
            {
                Tighten(key, OwnerOnlyFile);
            }
        }
        foreach (var name in new[] { "deployment.json", "backup.json", "writer.lock", "writer.txt" })
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                Tighten(path, OwnerOnlyFile);
            }
        }
    }

    static void Tighten(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            if ((File.GetUnixFileMode(path) & ~mode) != 0)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Only the owner may change a mode: a folder another account owns (a shared parent, root's) is left as it is.
        }
    }
}
