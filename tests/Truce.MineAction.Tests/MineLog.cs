using Truce.Tests.Shared;

namespace Truce.MineAction.Tests;

sealed class MineLog() : ModuleLog<MineActionBook>(() => new MineActionBook())
{
    public MineActionBook Replay(params long[] erased) => Replay(() => new MineActionBook(), erased);

    /// <summary>The book of this reader's audience class.</summary>
    public MineActionBook For(Core.Access.Reader reader) => Replay(() => new MineActionBook(), reader);
}
