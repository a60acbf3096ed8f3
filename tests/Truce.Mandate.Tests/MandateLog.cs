using Truce.Tests.Shared;

namespace Truce.Mandate.Tests;

/// <summary>Entries fed to a mandate book in log order, as the module would; and a replay of them (a rebuild).</summary>
sealed class MandateLog() : ModuleLog<MandateBook>(() => new MandateBook())
{
    public MandateBook Replay() => Replay(() => new MandateBook());

    /// <summary>The book of this reader's audience class.</summary>
    public MandateBook For(Core.Access.Reader reader) => Replay(() => new MandateBook(), reader);
}
