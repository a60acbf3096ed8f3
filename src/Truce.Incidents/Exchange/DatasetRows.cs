using System.Globalization;
using System.Text.Json.Nodes;

namespace Truce.Incidents.Exchange;

/// <summary>One problem with one row of a dataset file: row 1 is the first row after the header.</summary>
public sealed record DatasetRowError(long Row, string Column, string Problem)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"row {Row}: {Column}: {Problem}");
}

/// <summary>A row read as a report body, with the client id derived from the dataset's own id for the row.</summary>
public sealed record DatasetRow(long Row, string Id, string Cid, JsonObject Body);

/// <summary>The cells of one row, by column name, read with the problem named against the column.</summary>
public sealed class DatasetCells(long row, IReadOnlyDictionary<string, int> columns, string[] cells, List<DatasetRowError> errors)
{
    public long Row => row;

    /// <summary>Every column as the dataset wrote it (kept in the report as <c>source.fields</c>).</summary>
    public JsonObject Fields()
    {
        var o = new JsonObject();
        foreach (var (name, i) in columns.OrderBy(c => c.Value))
        {
            o[name] = cells[i];
        }
        return o;
    }

    public void Fail(string column, string problem) => errors.Add(new DatasetRowError(row, column, problem));

    /// <summary>The cell's text, trimmed; null when the column is absent or the cell empty.</summary>
    public string? Text(string column, bool required = false)
    {
        var s = columns.TryGetValue(column, out var i) ? cells[i].Trim() : null;
        if (string.IsNullOrEmpty(s))
        {
            if (required)
            {
                Fail(column, "is required");
            }
            return null;
        }
        return s;
    }

    public double? Number(string column, double min, double max, bool required = false)
    {
        if (Text(column, required) is not { } s)
        {
            return null;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max)
        {
            return v;
        }
        Fail(column, string.Create(CultureInfo.InvariantCulture, $"'{Short(s)}' must be a number from {min} to {max} (with a '.' for decimals)"));
        return null;
    }

    public int? Code(string column, int min, int max, bool required = false)
    {
        var v = Number(column, min, max, required);
        if (v is { } n && n != Math.Floor(n))
        {
            Fail(column, string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}"));
            return null;
        }
        return v is null ? null : (int)v.Value;
    }

    /// <summary>A calendar date in one of <paramref name="formats"/> (a date-time's time of day is ignored).</summary>
    public DateOnly? Date(string column, string[] formats, bool required = false)
    {
        if (Text(column, required) is not { } s)
        {
            return null;
        }
        var day = s.Length > 10 && s[10] is ' ' or 'T' && DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d0) ? d0
            : DateOnly.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        if (day is null || day.Value.Year is < 1900 or > 2200)
        {
            Fail(column, $"'{Short(s)}' must be a date ({string.Join(", ", formats)}) within the years 1900 to 2200");
            return null;
        }
        return day;
    }

    static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
