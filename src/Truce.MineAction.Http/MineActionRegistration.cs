using Truce.Http;

namespace Truce.MineAction.Http;

/// <summary>The mine-action module as a deployment runs it: the module, its endpoints and the export formats its import reads back.</summary>
public static class MineActionRegistration
{
    public static ModuleRegistration Module { get; } = new("mine-action", () => new MineActionModule(), app => app.MapMineAction())
    {
        Exports = MineExportFormats.All,
    };
}
