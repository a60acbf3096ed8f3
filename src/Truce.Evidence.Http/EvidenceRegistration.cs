using Truce.Http;

namespace Truce.Evidence.Http;

/// <summary>The evidence module as a deployment runs it: the module and its endpoints.</summary>
public static class EvidenceRegistration
{
    public static ModuleRegistration Module { get; } = new("evidence", () => new EvidenceModule(), app => app.MapEvidence());
}
