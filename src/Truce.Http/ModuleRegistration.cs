using Truce.Core.Modules;

namespace Truce.Http;

/// <summary>
/// A module as a deployment runs it, in one place: <see cref="Create"/> makes the domain module (its entry kinds,
/// checks, books, feature layers, home summary, demo data and snapshot: <see cref="IModule"/>), and
/// <see cref="MapEndpoints"/> adds its HTTP endpoints. The server's composition lists registrations; nothing else in
/// the server names a module.
/// </summary>
/// <param name="Create">A new module, for each deployment opened (a process may open several: tests, the CLI).</param>
public sealed record ModuleRegistration(string Name, Func<IModule> Create, Action<IEndpointRouteBuilder> MapEndpoints)
{
    /// <summary>Export formats the module adds for its collections (<c>GET /api/export/{collection}?format=…</c>, <c>truce
    /// export</c>); one named like a standard format (geojson, csv, hxl) replaces it for that collection.</summary>
    public IReadOnlyList<CollectionExport> Exports { get; init; } = [];
}
