using Truce.Core.Modules;

namespace Truce.Incidents;

/// <summary>
/// The incidents capability as a ledger module: reports, correlation, verification, claims, restrictions of
/// movement, hotline, mission places. State lives in memory, one book per audience class (rebuilt from the log at
/// start-up).
/// </summary>
public sealed class IncidentsModule() : InMemoryModule<IncidentBook>("incidents", IncidentKinds.All, () => new IncidentBook());
