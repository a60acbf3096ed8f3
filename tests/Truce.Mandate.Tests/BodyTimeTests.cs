using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Truce.Core.Entries;

namespace Truce.Mandate.Tests;

/// <summary>Body times: the direct reader of the common <c>…Z</c> form must agree with the general parser exactly, and
/// every other form still goes through the general one.</summary>
public class BodyTimeTests
{
    static DateTimeOffset? Read(string text, out IReadOnlyList<FieldError> errors)
    {
        var r = new BodyReader();
        var t = r.Root(JsonSerializer.SerializeToElement(new { time = text })).Time("time");
        errors = r.Errors;
        return t;
    }

    [Property(MaxTest = 1000)]
    public Property The_fast_form_agrees_with_the_general_parser(int seed)
    {
        var rng = new Random(seed);
        var t = new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks((long)(rng.NextDouble() * TimeSpan.FromDays(300 * 365).Ticks));
        var format = rng.Next(4) switch { 0 => "yyyy-MM-dd'T'HH:mm:ss'Z'", 1 => "yyyy-MM-dd'T'HH:mm:ss.f'Z'", 2 => "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", _ => "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'" };
        var text = t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
        return (Read(text, out _) == expected).Label(text);
    }

    [Theory]
    [InlineData("2021-06-12T08:30:00Z", "2021-06-12T08:30:00.0000000+00:00")]
    [InlineData("2021-06-12T08:30:00.5Z", "2021-06-12T08:30:00.5000000+00:00")]
    [InlineData("2021-06-12T10:30:00+02:00", "2021-06-12T08:30:00.0000000+00:00")] // an offset: the general parser
    [InlineData("2021-06-12", "2021-06-12T00:00:00.0000000+00:00")] // a date: midnight UTC
    [InlineData("2020-02-29T23:59:59Z", "2020-02-29T23:59:59.0000000+00:00")]
    public void Accepted_forms(string text, string expected) =>
        Assert.Equal(expected, Read(text, out _)!.Value.ToString("o", CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("2021-02-29T00:00:00Z")]
    [InlineData("2021-13-01T00:00:00Z")]
    [InlineData("2021-06-12T24:00:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2021-06-12T08:30:00.Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    [InlineData("2021-06-1xT08:30:00Z")]
    public void Refused_forms_name_the_field(string text)
    {
        Assert.Null(Read(text, out var errors));
        Assert.Equal("body.time", Assert.Single(errors).Field);
    }
}
