using Truce.Core.Modules;

namespace Truce.MineAction;

/// <summary>
/// Mine action as a ledger module (docs/MINEACTION.md): minefield records and handovers, hazards and land release,
/// ordnance, accidents and victims, and the hazard index behind the safety queries. In memory, replayed at start.
/// </summary>
public sealed class MineActionModule() : InMemoryModule<MineActionBook>("mine-action", MineActionKinds.All, new MineActionBook());
