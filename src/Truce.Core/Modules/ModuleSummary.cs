namespace Truce.Core.Modules;

/// <summary>
/// What a module tells one reader about its state on the home page (and the dashboard): counts that say what they
/// count, and where to read more. Data, not markup, so the page that shows it escapes every string a party wrote.
/// </summary>
public sealed record ModuleSummary(string Title, IReadOnlyList<string> Text, IReadOnlyList<SummaryLink> Links)
{
    public SummaryTable? Table { get; init; }
}

public sealed record SummaryLink(string Text, string Href);

public sealed record SummaryTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<SummaryCell>> Rows);

/// <summary>A cell; <paramref name="Note"/> qualifies it in smaller type (e.g. "draft").</summary>
public sealed record SummaryCell(string Text, string? Note = null);
