using Truce.Evidence.Http;
using Truce.Http;
using Truce.Incidents.Http;
using Truce.Mandate.Http;
using Truce.MineAction.Http;

namespace Truce.Server.Composition;

/// <summary>
/// The modules this server runs, in the order their demo data loads (the mandate's compliance weighs the incidents'
/// ceasefire violations, so incidents come first; evidence attaches to what the others made, so it comes last). The one place in the server that names a module: everything else
/// reaches modules through <see cref="ModuleRegistration"/> and <see cref="Core.Modules.IModule"/>
/// (tests/Truce.Tests/ArchitectureTests.cs holds this).
/// </summary>
public static class Modules
{
    public static IReadOnlyList<ModuleRegistration> All { get; } =
        [IncidentsRegistration.Module, MandateRegistration.Module, MineActionRegistration.Module, EvidenceRegistration.Module];
}
