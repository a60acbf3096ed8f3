using Truce.Core.Demo;

namespace Truce.Evidence.Demo;

/// <summary>The evidence module's synthetic demo data (SPEC §4).</summary>
static class DemoEvidence
{
    public static Task LoadAsync(IDemoWriter demo, EvidenceModule module) => Task.CompletedTask;
}
