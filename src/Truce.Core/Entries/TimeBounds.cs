namespace Truce.Core.Entries;

/// <summary>
/// The years a time given to Truce may fall in, in an entry's body or a query: wide enough for any record a ceasefire
/// keeps, and far enough from the calendar's ends (years 1 and 9999) that a window, a term or its renewals added to
/// such a time stay representable.
/// </summary>
public static class TimeBounds
{
    public const int FirstYear = 1900;
    public const int LastYear = 2200;

    /// <summary>The year as written (before conversion to UTC), as bodies have always been checked: a stored entry
    /// admitted under this rule reads the same on every replay.</summary>
    public static bool Holds(DateTimeOffset t) => t.Year is >= FirstYear and <= LastYear;
}
