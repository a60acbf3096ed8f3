using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Ledger.Entries;

namespace Truce.Ledger.Tests;

/// <summary>The direct time writer and reader must agree with .NET's general ones exactly, over every year an
/// envelope can hold.</summary>
public class Rfc3339Tests
{
    static DateTimeOffset RandomTime(int seed)
    {
        // Any instant from year 1 to 9999, seen from any offset (the UTC form must not depend on it).
        var rng = new Random(seed);
        var utc = rng.NextInt64(TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay);
        return new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(rng.Next(-56, 57) * 15));
    }

    [Property(MaxTest = 2000)]
    public Property Writing_agrees_with_the_general_formatter(int seed)
    {
        var t = RandomTime(seed);
        var expected = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return (Rfc3339.FormatUtcMillis(t) == expected).Label(expected);
    }

    [Property(MaxTest = 2000)]
    public Property Reading_what_was_written_gives_the_time_to_the_millisecond(int seed)
    {
        var t = RandomTime(seed);
        var text = Rfc3339.FormatUtcMillis(t);
        var truncated = new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        return (Rfc3339.TryParseUtc(text, out var back) && back == truncated && back.Offset == TimeSpan.Zero).Label(text);
    }

    [Theory]
    [InlineData("2021-06-12T08:30:00+02:00")] // an offset
    [InlineData("2021-06-12 08:30:00Z")]
    [InlineData("2021-02-29T08:30:00Z")] // no such day
    [InlineData("2021-06-12T24:00:00Z")]
    [InlineData("2021-06-12T08:30:00.Z")]
    [InlineData("2021-06-12T08:30:00.12345678Z")] // more than 7 digits
    [InlineData("２021-06-12T08:30:00Z")] // not an ASCII digit
    public void Other_forms_are_not_read(string text) => Assert.False(Rfc3339.TryParseUtc(text, out _));

    [Theory]
    [InlineData("2021-06-12T08:30:00Z", "must be written with exactly three fractional digits")]
    [InlineData("2021-06-12T08:30:00.1234Z", "must be written with exactly three fractional digits")]
    [InlineData("2021-06-12T10:30:00.000+02:00", "must be an RFC 3339 UTC time")]
    public void An_envelope_time_in_another_form_is_refused_naming_the_field(string time, string problem)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(new
        {
            v = 1,
            log = "example.org/log",
            kind = "note",
            party = "p",
            key = "k1",
            time,
            cid = "c1",
            body = new string('0', 64),
            vis = "public",
        });
        var e = Assert.Throws<EnvelopeException>(() => EnvelopeParser.Parse(json));
        Assert.Equal("envelope.time", e.Field);
        Assert.StartsWith(problem, e.Problem);
    }
}
