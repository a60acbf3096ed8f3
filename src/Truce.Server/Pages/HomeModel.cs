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
    string LogKey);

public sealed record HomeParty(string Id, string Kind, IReadOnlyList<(string Language, string Name)> Names, IReadOnlyList<(string Id, long? RevokedAt)> Keys);

public sealed record HomeEntry(long Index, string Kind, string Party, string Time, string Visibility);
