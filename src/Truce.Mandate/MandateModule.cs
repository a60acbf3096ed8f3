using Truce.Core.Modules;

namespace Truce.Mandate;

/// <summary>
/// Movements and the mandate as a ledger module (docs/MANDATE.md): agreements and drafts, corridors, checkpoints,
/// notices, consents, transits, activities, and the compliance flags derived from them. In memory, one book per
/// audience class, replayed at start; each entry read once and applied through its kind (<see cref="MandateKinds"/>).
/// </summary>
public sealed class MandateModule() : InMemoryModule<MandateBook>(MandateKinds.Declared, () => new MandateBook());
