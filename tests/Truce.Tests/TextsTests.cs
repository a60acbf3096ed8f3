using System.Text.Json;
using System.Text.RegularExpressions;

namespace Truce.Tests;

/// <summary>
/// Every word the pages and the dashboard's scripts show comes from the resource file (Pages/Texts/en.json), ready for
/// a translation: each key the Razor pages (<c>T["…"]</c>) and the scripts (<c>t('…')</c>) use is in it, and each key
/// in it is used, so a translator translates exactly what is shown.
/// </summary>
public sealed partial class TextsTests
{
    [GeneratedRegex(@"T(?:\[|\.Format\()""(?<key>[a-zA-Z.]+)""[\],]")]
    private static partial Regex RazorKey();

    [GeneratedRegex(@"\bt\('(?<key>[a-zA-Z.]+)'")]
    private static partial Regex ScriptKey();

    [GeneratedRegex(@"t\(`layer\.\$\{")]
    private static partial Regex LayerKey();

    // The forms' keys are made from their declarations: write.field.<name> for each Pick("name"…)/Choice("name"…),
    // write.kind.<kind> for each fieldset's kind, write.vis.<audience> for each audience offered.
    [GeneratedRegex(@"(?:Pick|Choice)\(""(?<key>[a-zA-Z]+)""")]
    private static partial Regex FieldKey();

    [GeneratedRegex(@"data-kind=""(?<key>[a-z.]+)""")]
    private static partial Regex KindKey();

    [Fact]
    public void Every_text_shown_is_in_the_resource_file_and_every_text_there_is_shown()
    {
        var repo = TestStore.RepoRoot();
        var english = JsonSerializer.Deserialize<Dictionary<string, string>>(
            File.ReadAllText(Path.Combine(repo, "src", "Truce.Server", "Pages", "Texts", "en.json")))!;
        var pages = Directory.GetFiles(Path.Combine(repo, "src", "Truce.Server", "Pages"), "*.razor").Select(File.ReadAllText).ToList();
        var scripts = Directory.GetFiles(Path.Combine(repo, "web", "src"), "*.js").Select(File.ReadAllText).ToList();
        var used = pages.SelectMany(p => RazorKey().Matches(p)).Concat(scripts.SelectMany(s => ScriptKey().Matches(s)))
            .Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);
        // Keys made at run time: each layer's name (layer.<id>), from the page's list of layers.
        Assert.Contains(scripts, s => LayerKey().IsMatch(s));
        used.UnionWith(english.Keys.Where(k => k.StartsWith("layer.", StringComparison.Ordinal)));
        var forms = File.ReadAllText(Path.Combine(repo, "src", "Truce.Server", "Pages", "WriteForms.razor"));
        used.UnionWith(FieldKey().Matches(forms).Select(m => "write.field." + m.Groups["key"].Value));
        used.UnionWith(KindKey().Matches(forms).Select(m => "write.kind." + m.Groups["key"].Value));
        Assert.Contains("\"public\", \"mission\", \"party\", \"restricted\"", forms, StringComparison.Ordinal);
        used.UnionWith(["write.vis.public", "write.vis.mission", "write.vis.party", "write.vis.restricted"]);

        var missing = used.Where(k => !english.ContainsKey(k)).ToList();
        var unused = english.Keys.Where(k => !used.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "shown but not in en.json: " + string.Join(", ", missing));
        Assert.True(unused.Count == 0, "in en.json but never shown: " + string.Join(", ", unused));
    }
}
