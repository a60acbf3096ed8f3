namespace Truce.Ledger.Entries;

/// <summary>
/// The UTC form of RFC 3339 that entries use (<c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c>), read and written directly: the
/// general .NET parser and formatter cost about a microsecond each, and every entry's envelope, and most bodies,
/// carry times that are read on every append and every rebuild.
/// </summary>
public static class Rfc3339
{
    /// <summary>Reads <c>yyyy-MM-ddTHH:mm:ssZ</c> with 0 to 7 fractional digits; false for anything else.</summary>
    public static bool TryParseUtc(string s, out DateTimeOffset t)
    {
        t = default;
        if (s.Length < 20 || s[^1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        long ticks = 0;
        if (s.Length > 20)
        {
            // Fractional seconds: '.' then 1 to 7 digits before the 'Z'.
            var digits = s.Length - 21;
            if (s[19] != '.' || digits is < 1 or > 7 || !Digits(s, 20, digits, out var fraction))
            {
                return false;
            }
            ticks = fraction;
            for (var i = digits; i < 7; i++)
            {
                ticks *= 10;
            }
        }
        t = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
        return true;
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (milliseconds, truncated), the form an envelope's time takes.</summary>
    public static string FormatUtcMillis(DateTimeOffset t) => string.Create(24, t.UtcDateTime, static (span, d) =>
    {
        Put(span, 0, 4, d.Year);
        span[4] = '-';
        Put(span, 5, 2, d.Month);
        span[7] = '-';
        Put(span, 8, 2, d.Day);
        span[10] = 'T';
        Put(span, 11, 2, d.Hour);
        span[13] = ':';
        Put(span, 14, 2, d.Minute);
        span[16] = ':';
        Put(span, 17, 2, d.Second);
        span[19] = '.';
        Put(span, 20, 3, d.Millisecond);
        span[23] = 'Z';
    });

    static void Put(Span<char> span, int at, int count, int value)
    {
        for (var i = at + count - 1; i >= at; i--)
        {
            span[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    static bool Digits(string s, int at, int count, out int value)
    {
        value = 0;
        for (var i = at; i < at + count; i++)
        {
            var c = s[i] - '0';
            if ((uint)c > 9)
            {
                return false;
            }
            value = value * 10 + c;
        }
        return true;
    }
}
