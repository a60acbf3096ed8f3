using Truce.Core.Modules;

namespace Truce.MineAction;

/// <summary>
/// Mine action as a ledger module (docs/MINEACTION.md): minefield records and handovers, hazards and land release,
/// ordnance, accidents and victims, and the hazard index behind the safety queries. In memory; at start-up it loads
/// its snapshot, if one fits the log, and replays the entries after it (otherwise the whole log).
/// </summary>
public sealed class MineActionModule() : InMemoryModule<MineActionBook>("mine-action", MineActionKinds.All, new MineActionBook()), ISnapshotModule
{
    public int SnapshotFormat => MineActionBook.SnapshotFormat;

    public void Save(SnapshotWriter to) => Read(b =>
    {
        b.Save(to);
        return true;
    });

    public void Load(SnapshotReader from) => Write(b => b.Load(from));
}
