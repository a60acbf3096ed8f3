using System.Text;
using Truce.Ledger.Entries;

namespace Truce.Ledger.Tests;

public class CanonicalJsonTests
{
    static string C(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));

    [Theory]
    // RFC 8785 §3.2.2.3 and appendix B examples.
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("333333333.33333329", "333333333.3333333")]
    [InlineData("1E30", "1e+30")]
    [InlineData("4.50", "4.5")]
    [InlineData("2e-3", "0.002")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("0.0000001", "1e-7")]
    [InlineData("0.000000000000000000000000001", "1e-27")]
    [InlineData("-5e-324", "-5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("9007199254740992", "9007199254740992")]
    [InlineData("295147905179352830000", "295147905179352830000")]
    public void Numbers_are_written_as_ECMAScript_does(string input, string expected) => Assert.Equal(expected, C(input));

    [Fact]
    public void Objects_are_sorted_by_UTF16_code_units_and_strings_escaped_minimally()
    {
        var input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        var expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        Assert.Equal(expected, C(input));
        Assert.Equal("{\"a\":[1,\"\\u001f\\\"\\\\/\",true,null]}", C("{ \"a\" : [ 1.0, \"\\u001F\\\"\\\\\\/\", true, null ] }"));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "$.a")]
    [InlineData("[\"\\ud800\"]", "$[0]")]
    [InlineData("{\"x\":1e999}", "$.x")]
    [InlineData("{", "$")]
    public void Input_JCS_cannot_represent_is_refused_naming_where(string input, string where)
    {
        var e = Assert.Throws<CanonicalJsonException>(() => C(input));
        Assert.StartsWith(where, e.Message);
    }
}
