using Truce.Core.Modules;

namespace Truce.Server.Pages;

/// <summary>What the home page shows one reader: everything in it is text, which the page escapes.</summary>
public sealed record HomeModel(
    string Name,
    bool Synthetic,
    IReadOnlyList<HomeParty> Parties,
    IReadOnlyList<ModuleSummary> Summaries,
    IReadOnlyList<HomeEntry> Latest,
    long Size,
    IReadOnlyList<string> Cosigners,
    string CheckpointNote,
    string Origin,
    string LogKey)
{
    /// <summary>The situation reports published (report.publish entries the reader may see), latest first.</summary>
    public IReadOnlyList<HomePublished> Published { get; init; } = [];
}

public sealed record HomeParty(string Id, string Kind, IReadOnlyList<(string Language, string Name)> Names, IReadOnlyList<(string Id, long? RevokedAt)> Keys);

public sealed record HomeEntry(long Index, string Kind, string Party, string Time, string Visibility);

/// <summary>A published situation report: its entry, period, file digest and the log size it was made from.</summary>
public sealed record HomePublished(long Index, string Party, string Period, string Start, string End, string MediaType, string Sha256, long LogSize);
