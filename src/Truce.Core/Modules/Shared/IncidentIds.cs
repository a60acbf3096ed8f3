using System.Globalization;

namespace Truce.Core.Modules.Shared;

/// <summary>
/// How an incident is named everywhere: <c>I-606</c>, where 606 is the log index of the entry that made it. Every
/// answer writes that form; every body and query that names an incident takes it or the bare number, so a client can
/// paste what it was shown. Here in Core because other modules name incidents too (an ordnance find's incidents).
/// </summary>
public static class IncidentIds
{
    public const string Prefix = "I-";

    public static string Format(long id) => Prefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>"I-606", "i-606" or "606"; null for anything else (a sign, spaces, digits beyond a long).</summary>
    public static long? Parse(string text)
    {
        var digits = text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? text[Prefix.Length..] : text;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
