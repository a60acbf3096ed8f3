using Truce.Core.Entries;

namespace Truce.Server.Hosting;

/// <summary>One writer per deployment: a file lock in the data folder for SQLite (<see cref="WriterLock"/>), a
/// lease in the database for PostgreSQL, where several servers may share one log (<see cref="PostgresWriterLock"/>).</summary>
public interface IWriterLock : IDisposable
{
    bool Held { get; }

    /// <summary>Takes the lock for this process, or refuses naming the process that holds it.</summary>
    /// <param name="holder">What this process is, for the message another one will show (e.g. "truce serve at URL").</param>
    void Take(string holder);

    /// <summary>Takes it if no one holds it; false if another process does.</summary>
    /// <param name="url">Where this process takes writes, for the servers that forward them.</param>
    bool TryTake(string holder, string? url);

    /// <summary>Whether this process still holds it (a lease goes with its database session).</summary>
    bool StillHeld();

    /// <summary>Where the writer takes writes, if it said.</summary>
    string? WriterUrl();
}

/// <summary>
/// One writer per deployment. The process that appends to a deployment's log keeps its sequencer's state in memory
/// (the tree's size and root, the client ids in flight), so a second process appending to the same files leaves the
/// first unable to store anything and blind to what was added. The writer holds <c>writer.lock</c> in the data folder
/// (an exclusive lock the operating system drops with the process) and says who it is in <c>writer.txt</c>; any other
/// process that would write is refused, naming the holder. A server takes it when it starts; a CLI command when it
/// first writes, so reading a served folder stays possible.
/// </summary>
public sealed class WriterLock(string dir) : IWriterLock
{
    FileStream? _held;

    public bool Held => _held is not null;

    /// <summary>Takes the lock for this process (once), or refuses naming the process that holds it.</summary>
    /// <param name="holder">What this process is, for the message another one will show (e.g. "truce serve at URL").</param>
    public void Take(string holder)
    {
        if (_held is not null)
        {
            if (holder != _holder)
            {
                Say(holder); // a demo that loaded its data then serves: named by what it does now
            }
            return;
        }
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            _held = new FileStream(Path.Combine(dir, "writer.lock"), options);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_held.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite); // an older one keeps its mode otherwise
            }
        }
        catch (IOException)
        {
            var who = File.Exists(Who) ? File.ReadAllText(Who).Trim() : "another process";
            throw new RefusedException(RefusalKind.Conflict,
                $"{dir} is being written by {who}: send writes through it (e.g. --server URL), or stop it first; a second writer would corrupt what it holds in memory");
        }
        Say(holder);
    }

    string? _holder;

    /// <summary>One folder, one machine: a process that cannot take it refuses (no forwarding between processes).</summary>
    public bool TryTake(string holder, string? url)
    {
        try
        {
            Take(holder);
            return true;
        }
        catch (RefusedException)
        {
            return false;
        }
    }

    public bool StillHeld() => Held;

    public string? WriterUrl() => null;

    void Say(string holder)
    {
        _holder = holder;
        PrivateFiles.WriteText(Who, $"pid {Environment.ProcessId} ({holder})");
    }

    string Who => Path.Combine(dir, "writer.txt");

    public void Dispose()
    {
        if (_held is null)
        {
            return;
        }
        try
        {
            File.Delete(Who);
        }
        catch (IOException)
        {
        }
        _held.Dispose();
        _held = null;
    }

    /// <summary>What a CLI process is, for the message: its command line.</summary>
    public static string ThisCommand() => "truce " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Take(2));
}
