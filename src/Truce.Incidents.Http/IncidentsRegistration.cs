using Truce.Http;

namespace Truce.Incidents.Http;

/// <summary>The incidents module as a deployment runs it: the module, its endpoints and its export layouts.</summary>
public static class IncidentsRegistration
{
    public static ModuleRegistration Module { get; } = new("incidents", () => new IncidentsModule(), app => app.MapIncidents())
    {
        Exports = IncidentExportFormats.All,
    };
}
