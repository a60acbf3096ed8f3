namespace Truce.Core.Exchange;

/// <summary>Writes RFC 4180 CSV: records end in CRLF; a field holding a comma, a quote or a line break is quoted, with
/// its quotes doubled.</summary>
public sealed class CsvWriter(TextWriter text)
{
    static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    public void Write(IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var f in fields)
        {
            if (!first)
            {
                text.Write(',');
            }
            first = false;
            Field(f ?? "");
        }
        text.Write("\r\n");
    }

    void Field(string f)
    {
        if (f.IndexOfAny(NeedsQuotes) < 0)
        {
            text.Write(f);
            return;
        }
        text.Write('"');
        text.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
        text.Write('"');
    }
}
