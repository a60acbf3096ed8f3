namespace Truce.Tests;

/// <summary>
/// Bad option values, as an operator might type them, through the built CLI: one line on stderr naming the option and
/// a non-zero exit, never a stack trace. The option parser reads "NaN", "Infinity" and "1e400" as doubles, and no JSON
/// request can carry those.
/// </summary>
public class CliBadInputTests
{
    [Theory]
    [InlineData("truce safe: --point", "safe", "--point", "NaN,NaN")]
    [InlineData("truce safe: --point", "safe", "--point", "1e400,0")]
    [InlineData("truce safe: --point", "safe", "--point", "39.8,Infinity")]
    [InlineData("truce safe: --point", "safe", "--point", "91,46")]
    [InlineData("truce safe: --buffer", "safe", "--point", "39.8,46.8", "--buffer", "NaN")]
    [InlineData("truce safe: --buffer", "safe", "--point", "39.8,46.8", "--buffer", "-Infinity")]
    [InlineData("truce safe: --buffer", "safe", "--point", "39.8,46.8", "--buffer", "1e400")]
    [InlineData("truce safe: --geometry", "safe", "--geometry", "NOT-JSON")]
    [InlineData("truce run: --interval", "witness", "run", "--log", "http://127.0.0.1:9/log/", "--key", "k", "--witness-key", "k", "--state", "s", "--interval", "2147483647")]
    public async Task A_bad_option_value_is_one_line_naming_the_option(string expected, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("truce-cli-bad").FullName;
        try
        {
            var notJson = Path.Combine(dir, "geometry.json");
            await File.WriteAllTextAsync(notJson, "{\"type\": Point");
            string[] run = [.. args.Select(a => a == "NOT-JSON" ? notJson : a), .. args[0] == "safe" ? new[] { "--data", Path.Combine(dir, "none") } : []];
            var (code, _, err) = await CliProcess.RunAsync(run);
            Assert.Equal(1, code);
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1 && lines[0].StartsWith(expected, StringComparison.Ordinal), err);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
