namespace Truce.Core.Modules;

/// <summary>
/// A module whose state can be saved and loaded again, so that start-up replays only the entries logged after the
/// snapshot instead of the whole log (a hundred thousand imported hazards take seconds to parse and project again).
/// </summary>
/// <remarks>
/// A snapshot is a cache of state that stays a pure function of the log: loading one must give exactly the state a
/// replay of the same entries gives (each module's tests hold it to that, and <c>truce rebuild</c> reports any
/// difference), and whenever none fits the log, start-up replays everything as before (<see cref="Services.Snapshots"/>).
/// </remarks>
public interface ISnapshotModule : IModule
{
    /// <summary>Changes whenever what <see cref="Save"/> writes changes: a snapshot of another format is not loaded.</summary>
    int SnapshotFormat { get; }

    /// <summary>Saves the books, by the same description <see cref="Load"/> runs (<see cref="SnapshotIo"/>).</summary>
    void Save(SnapshotWriter to);

    /// <summary>Loads a snapshot into reset state; throws <see cref="InvalidDataException"/> when it cannot.</summary>
    void Load(SnapshotReader from);
}
