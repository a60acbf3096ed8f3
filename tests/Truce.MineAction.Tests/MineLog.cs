using Truce.Tests.Shared;

namespace Truce.MineAction.Tests;

sealed class MineLog() : ModuleLog<MineActionBook>(() => new MineActionBook())
{
    public MineActionBook Replay(params long[] erased) => Replay(() => new MineActionBook(), erased);
}
