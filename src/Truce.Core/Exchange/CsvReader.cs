using System.Globalization;
using System.Text;
using Truce.Core.Entries;

namespace Truce.Core.Exchange;

/// <summary>
/// Reads RFC 4180 CSV one record at a time, so a file of any length is read in bounded memory: quoted fields may hold
/// commas, doubled quotes and line breaks; a record ends at CRLF or LF. A field longer than <see cref="MaxFieldChars"/>
/// or a record of more than <see cref="MaxColumns"/> fields is refused, naming the line, since a single unclosed quote
/// would otherwise swallow the rest of the file into one field.
/// </summary>
public sealed class CsvReader(TextReader text, int maxFieldChars = CsvReader.DefaultMaxFieldChars, int maxColumns = CsvReader.DefaultMaxColumns)
{
    public const int DefaultMaxFieldChars = 100_000;
    public const int DefaultMaxColumns = 500;

    readonly StringBuilder _field = new();
    long _line = 1;

    public int MaxFieldChars { get; } = maxFieldChars;
    public int MaxColumns { get; } = maxColumns;

    /// <summary>The physical line (from 1) on which the record last read started.</summary>
    public long RecordLine { get; private set; }

    /// <summary>The next record, or null at the end of the file. A blank line is a record of one empty field.</summary>
    public string[]? Read()
    {
        if (text.Peek() == -1)
        {
            return null;
        }
        RecordLine = _line;
        var record = new List<string>();
        _field.Clear();
        var quoted = false;
        var wasQuoted = false;
        int ch;
        while ((ch = text.Read()) != -1)
        {
            var c = (char)ch;
            if (c == '\n')
            {
                _line++;
            }
            if (quoted)
            {
                quoted = InQuotes(c);
                continue;
            }
            switch (c)
            {
                case '"' when _field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    throw Bad("a quote inside an unquoted field (quote the whole field and double the quote)");
                case ',':
                    End(record);
                    wasQuoted = false;
                    break;
                case '\r' when text.Peek() == '\n':
                    break;
                case '\n':
                    End(record);
                    return [.. record];
                default:
                    if (wasQuoted)
                    {
                        throw Bad("text after a closing quote");
                    }
                    Append(c);
                    break;
            }
        }
        if (quoted)
        {
            throw Bad("a quoted field is not closed");
        }
        End(record);
        return [.. record];
    }

    /// <summary>A character inside quotes: "" stands for one quote, and a lone one closes the quotes (false).</summary>
    bool InQuotes(char c)
    {
        if (c != '"')
        {
            Append(c);
            return true;
        }
        if (text.Peek() == '"')
        {
            text.Read();
            Append('"');
            return true;
        }
        return false;
    }

    void Append(char c)
    {
        if (_field.Length >= MaxFieldChars)
        {
            throw Bad(string.Create(CultureInfo.InvariantCulture, $"a field is longer than {MaxFieldChars} characters"));
        }
        _field.Append(c);
    }

    void End(List<string> record)
    {
        if (record.Count >= MaxColumns)
        {
            throw Bad(string.Create(CultureInfo.InvariantCulture, $"a record has more than {MaxColumns} fields"));
        }
        record.Add(_field.ToString());
        _field.Clear();
    }

    ValidationException Bad(string problem) =>
        new("file", string.Create(CultureInfo.InvariantCulture, $"line {RecordLine}: {problem}"));
}
