using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Truce.Tests;

/// <summary>
/// /openapi/v1.json from the real server over the demo data: it passes Redocly's linter (tests/tools, installed by
/// `npm ci --prefix tests/tools`, which scripts/test runs), describes every operation fully, and states what the
/// endpoints really answer.
/// </summary>
public sealed partial class OpenApiTests(ServerFixture f) : IClassFixture<ServerFixture>
{
    static readonly string Root = RepoRoot();
    static readonly string Redocly = Path.Combine(Root, "tests", "tools", "node_modules", ".bin", "redocly");

    /// <summary>Reads that cannot fail on anything the caller sends, so declare no 4xx (redocly.yaml turns that rule off for them).</summary>
    static readonly string[] No4xx = ["get /healthz", "get /log/checkpoint", "get /log/key", "get /api/parties", "get /api/layers", "get /api/deployment"];

    async Task<string> DocumentText()
    {
        using var c = f.Client();
        var r = await c.GetAsync("openapi/v1.json");
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {text}");
        return text;
    }

    [Fact]
    public async Task The_description_passes_the_redocly_linter()
    {
        Assert.True(File.Exists(Redocly), $"the OpenAPI linter is not installed: run `npm ci --prefix tests/tools` (looked for {Redocly})");
        var file = Path.Combine(Path.GetTempPath(), $"truce-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await DocumentText());
        try
        {
            var (code, output) = await Lint(file);
            Assert.True(code == 0, $"redocly lint exited {code}:\n{output}");
            // Warnings do not fail the linter; here they do, or they would pile up unread.
            Assert.False(Warnings().IsMatch(output), $"redocly lint warned:\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    static async Task<(int Code, string Output)> Lint(string file)
    {
        var psi = new ProcessStartInfo(Redocly, ["lint", "--config", Path.Combine(Root, "tests", "tools", "redocly.yaml"), "--max-problems", "1000", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        // No telemetry and no update check: the test must not reach the network, and its output stays plain.
        psi.Environment["REDOCLY_TELEMETRY"] = "off";
        psi.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        psi.Environment["NO_COLOR"] = "1";
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"could not run {Redocly} ({e.Message}): it needs Node.js 20.19 or later on the PATH; then `npm ci --prefix tests/tools`");
            throw;
        }
        using (p)
        {
            var err = p.StandardError.ReadToEndAsync();
            var output = await p.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await p.WaitForExitAsync(timeout.Token);
            return (p.ExitCode, output + await err);
        }
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_a_tag_its_bodies_and_its_errors()
    {
        using var doc = JsonDocument.Parse(await DocumentText());
        var ops = Operations(doc.RootElement).ToList();
        Assert.True(ops.Count >= 45, $"only {ops.Count} operations described");
        var problems = new List<string>();
        foreach (var (name, op) in ops)
        {
            if (!op.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString()))
            {
                problems.Add($"{name}: no operationId");
            }
            if (!op.TryGetProperty("summary", out var s) || string.IsNullOrWhiteSpace(s.GetString()))
            {
                problems.Add($"{name}: no summary");
            }
            if (!op.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0)
            {
                problems.Add($"{name}: no tag");
            }
            var responses = op.GetProperty("responses").EnumerateObject().ToList();
            // Every endpoint here answers with a body on success; none is a bare 204.
            if (!responses.Any(r => r.Name.StartsWith('2') && HasSchema(r.Value)))
            {
                problems.Add($"{name}: no 2xx answer with a schema");
            }
            if (name.StartsWith("post ", StringComparison.Ordinal) && !(op.TryGetProperty("requestBody", out var body) && HasSchema(body)))
            {
                problems.Add($"{name}: no request body with a schema");
            }
            if (!No4xx.Contains(name) && !responses.Any(r => r.Name.StartsWith('4') && HasSchema(r.Value)))
            {
                problems.Add($"{name}: no 4xx problem declared");
            }
            if (!op.TryGetProperty("security", out _))
            {
                problems.Add($"{name}: does not say whether it takes a token");
            }
        }
        var ids = ops.Select(o => o.Op.TryGetProperty("operationId", out var id) ? id.GetString() : null).OfType<string>().ToList();
        problems.AddRange(ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => $"operationId {g.Key} is used {g.Count()} times"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    static IEnumerable<(string Name, JsonElement Op)> Operations(JsonElement doc) =>
        doc.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => ($"{m.Name} {p.Name}", m.Value)));

    static bool HasSchema(JsonElement withContent) =>
        withContent.TryGetProperty("content", out var content) && content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _));

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Truce.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("no Truce.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"You have \d+ warnings?")]
    private static partial Regex Warnings();
}
