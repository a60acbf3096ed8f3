using Truce.Core.Parties;

namespace Truce.Core.Modules;

/// <summary>
/// What a module sees of the deployment around it when it answers a reader: the other modules (through the shared
/// contracts in <see cref="Shared"/>, never by their types: no module references another), the deployment's clock,
/// and the registry of parties.
/// </summary>
public interface IModuleHost
{
    IReadOnlyList<IModule> Modules { get; }

    TimeProvider Time { get; }

    T WithRegistry<T>(Func<Registry, T> read);
}
