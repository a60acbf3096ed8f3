namespace Truce.Core.Modules;

/// <summary>
/// The period a situation report covers, [<see cref="From"/>, <see cref="To"/>), and the period of the same length just
/// before it, which the report compares against.
/// </summary>
public sealed record ReportPeriod(string Kind, DateTimeOffset From, DateTimeOffset To)
{
    public DateTimeOffset PreviousFrom => From - (To - From);

    public bool Contains(DateTimeOffset t) => t >= From && t < To;

    public bool InPrevious(DateTimeOffset t) => t >= PreviousFrom && t < From;
}

/// <summary>One event a module counts in a report (an incident): where, when and of what type. The report counts
/// them by type, area and day, this period against the previous.</summary>
public sealed record ReportEvent(string Id, DateTimeOffset Time, double Lat, double Lon, string Type);

/// <summary>A list in a report, at most <see cref="ReportSection.MaxRows"/> rows; <paramref name="Total"/> says how many
/// there were.</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, int Total);

/// <summary>
/// What a module puts in a situation report for one reader, from that reader's book alone: sentences, events to count
/// (those of the period and of the one before), and lists. Data, not markup: the page escapes every string.
/// </summary>
public sealed record ReportSection(string Title, IReadOnlyList<string> Text)
{
    public const int MaxRows = 200;

    public IReadOnlyList<ReportEvent> Events { get; init; } = [];

    public IReadOnlyList<ReportTable> Tables { get; init; } = [];
}
