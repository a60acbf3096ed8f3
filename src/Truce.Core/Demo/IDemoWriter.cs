using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Modules;

namespace Truce.Core.Demo;

/// <summary>
/// What a module's demo data is written through (SPEC §4): entries signed by the demo parties, whose keys the demo
/// deployment holds, submitted exactly as any write is. Every demo body says it is synthetic.
/// </summary>
public interface IDemoWriter
{
    IModuleHost Host { get; }

    /// <summary>The moment the demo is loaded (from the deployment's clock): the demo's recent history is relative to it.</summary>
    DateTimeOffset Now { get; }

    IProgress<string>? Progress { get; }

    /// <summary>Signs <paramref name="body"/> with <paramref name="party"/>'s key and submits it; returns its index.</summary>
    Task<long> SubmitAsAsync(string party, string kind, JsonNode body, DateTimeOffset time,
        Visibility visibility = Visibility.Public, IReadOnlyList<string>? to = null);
}
