using Truce.Http;

namespace Truce.Mandate.Http;

/// <summary>The mandate module as a deployment runs it: the module and its endpoints.</summary>
public static class MandateRegistration
{
    public static ModuleRegistration Module { get; } = new("mandate", () => new MandateModule(), app => app.MapMandate());
}
