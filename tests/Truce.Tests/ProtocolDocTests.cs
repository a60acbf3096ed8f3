using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Core.Services;
using Truce.Ledger.Crypto;
using Truce.Ledger.Entries;
using Truce.Ledger.Merkle;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>
/// docs/PROTOCOL.md is what clients in other languages are written from, so it is held to the code: every entry kind a
/// deployment declares has a section of its own, every JSON block parses, the worked example's bytes are the ones the
/// code computes, the replay table gives each kind the roles it declares, and the examples, replayed in the order of
/// their entry numbers on a deployment fresh from <c>truce init</c>, are each admitted at the index the document gives,
/// signed with the keys and submitted with the roles their captions name.
/// </summary>
public sealed partial class ProtocolDocTests
{
    const string Origin = "example.truce.invalid/log";

    static readonly string[] Doc = File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "PROTOCOL.md"));

    /// <summary>One example of the replay: its caption (who submits it, with which audience) and its JSON block.</summary>
    sealed record Example(int Entry, string? Kind, string Party, string Role, string Vis, string[] To, string? Key, string Json, int Line);

    [GeneratedRegex(@"^#{2,6} `([a-z0-9.-]+)`$")]
    private static partial Regex KindHeading();

    [GeneratedRegex(@"^#{1,6} ")]
    private static partial Regex AnyHeading();

    [GeneratedRegex(@"^Entry (\d+) — `([^`]+)` as `([^`]+)`, `([a-z]+)`((?: to `[^`]+`(?:, `[^`]+`)*)?)((?:, key `k[0-9a-f]{16}`)?)(?:; [^:]*)?:$")]
    private static partial Regex Caption();

    [GeneratedRegex(@"^\| `([a-z0-9-]+)` \| `([0-9a-f]{64})` \| `([^`]+)` \| `(k[0-9a-f]{16})` \|$")]
    private static partial Regex KeyRow();

    [GeneratedRegex(@"^\| (\d+)(?:–(\d+))? \| `([a-z0-9.-]+)` \| [^|]* \| ([^|]*) \| [^|]* \|$")]
    private static partial Regex ReplayRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Quoted();

    [Fact]
    public void Every_declared_entry_kind_has_a_section_and_every_section_a_declared_kind()
    {
        var declared = DeclaredKinds().Keys.ToHashSet();
        var documented = Doc.Select(l => KindHeading().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Empty(declared.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(declared).Order(StringComparer.Ordinal));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact]
    public void Every_json_block_parses_and_every_kind_section_shows_one()
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, _, text) in Blocks().Where(b => b.Lang == "json"))
        {
            try
            {
                using var _ = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                Assert.Fail($"docs/PROTOCOL.md line {start + 1}: the JSON block does not parse: {e.Message}");
            }
            if (KindHeading().Match(Doc.Take(start).Last(l => AnyHeading().IsMatch(l))) is { Success: true } kind)
            {
                shown.Add(kind.Groups[1].Value);
            }
        }
        Assert.Empty(DeclaredKinds().Keys.Except(shown).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_worked_example_is_what_the_code_computes()
    {
        var request = Examples().Single(e => e.Json.Contains("\"envelope\"", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(request.Json);
        var env = EnvelopeParser.Parse(doc.RootElement.GetProperty("envelope"));
        var text = Blocks().Where(b => b.Lang == "text").Select(b => b.Text).ToList();
        var all = string.Join('\n', Doc);

        var canonical = CanonicalJson.Canonicalize(doc.RootElement.GetProperty("body"));
        Assert.Contains(Encoding.UTF8.GetString(canonical), text);
        Assert.Contains($"{canonical.Length} bytes", all);
        var intro = Array.FindIndex(Doc, l => l.StartsWith("The body as the client wrote it", StringComparison.Ordinal));
        var written = Blocks().First(b => b.Start > intro);
        Assert.Equal(canonical, CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(written.Text)));
        Assert.Equal(Envelope.DigestOf(canonical), env.Body);
        Assert.Contains(env.Body, text);

        var signed = env.SignedMessage();
        Assert.Contains(Encoding.UTF8.GetString(signed), text);
        Assert.Contains($"these {signed.Length} bytes", all);
        var key = TestKeys()[env.Party][0];
        Assert.Equal(key.KeyId, env.Key);
        Assert.Contains(Convert.ToHexStringLower(key.Seed), all);
        Assert.Contains(Convert.ToHexStringLower(key.PublicKey), all);
        Assert.Equal(env.Sig, Convert.ToBase64String(Ed25519.Sign(key.Seed, signed)));
        Assert.Contains(env.Sig!, text);
        Assert.Contains(Convert.ToHexStringLower(Hashing.Leaf(env.ToLeaf())), all);

        // The envelope section 3 opens with is the same one.
        var shown = Blocks().First(b => b.Lang == "json" && b.Text.Contains("\"sig\"", StringComparison.Ordinal) && !b.Text.Contains("\"envelope\"", StringComparison.Ordinal));
        using var shownDoc = JsonDocument.Parse(shown.Text);
        Assert.Equal(env.ToLeaf(), EnvelopeParser.Parse(shownDoc.RootElement).ToLeaf());
    }

    [Fact]
    public void The_replay_table_gives_each_example_its_kind_and_each_kind_its_declared_roles()
    {
        var declared = DeclaredKinds();
        var rows = Doc.Select(l => ReplayRow().Match(l)).Where(m => m.Success).Select(m => (
            From: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            To: int.Parse(m.Groups[m.Groups[2].Success ? 2 : 1].Value, System.Globalization.CultureInfo.InvariantCulture),
            Kind: m.Groups[3].Value, Roles: m.Groups[4].Value.Trim())).ToList();
        foreach (var e in Examples())
        {
            var row = rows.SingleOrDefault(r => r.From <= e.Entry && e.Entry <= r.To);
            Assert.True(row.Kind == KindOf(e), $"the replay table lists entry {e.Entry} as {row.Kind ?? "nothing"}, not {KindOf(e)}");
        }
        foreach (var (_, _, kind, cell) in rows.Where(r => r.Roles is not ("" or "—")))
        {
            var roles = cell == "every role" ? Roles.All.ToList() : Quoted().Matches(cell).Select(m => m.Groups[1].Value).ToList();
            Assert.True(declared[kind].SetEquals(roles), $"{kind}: the table says {cell}, the code {string.Join(", ", declared[kind])}");
        }
    }

    [Fact]
    public async Task The_examples_replay_on_a_fresh_deployment_at_the_indexes_they_give()
    {
        var dir = Directory.CreateTempSubdirectory("truce-protocol").FullName;
        try
        {
            await using var d = await Deployment.InitAsync(Path.Combine(dir, "data"), Origin, "protocol examples", synthetic: true);
            var keys = TestKeys();
            keys["mission"] = [d.LoadKey("mission")];
            var examples = Examples().OrderBy(e => e.Entry).ToList();
            Assert.Equal(Enumerable.Range(2, examples.Count), examples.Select(e => e.Entry));
            foreach (var e in examples)
            {
                await SubmitAsync(d, keys, e);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Signs an example as its caption says (or takes the complete request it gives) and submits it as the
    /// member the caption names, with that role only.</summary>
    static async Task SubmitAsync(Deployment d, Dictionary<string, List<SigningKey>> keys, Example e)
    {
        var at = $"docs/PROTOCOL.md line {e.Line}, entry {e.Entry} ({KindOf(e)})";
        var member = e.Party == "mission" && e.Role == Roles.MissionAdmin ? "mission-admin" : $"{e.Party}-{e.Role}";
        var m = d.Ledger.WithRegistry(r => r.FindMember(member));
        Assert.True(m is { Removed: false } && m.Party == e.Party && m.Roles.Contains(e.Role), $"{at}: no member {member} of {e.Party} with the role {e.Role}");
        var caller = new Caller(member, e.Party, new HashSet<string> { e.Role }, d.Ledger.WithRegistry(r => r.IsMissionParty(e.Party)));
        using var doc = JsonDocument.Parse(e.Json);
        JsonElement env, body;
        if (doc.RootElement.TryGetProperty("envelope", out var given))
        {
            (env, body) = (given, doc.RootElement.GetProperty("body"));
        }
        else
        {
            var vis = Visibilities.Parse(e.Vis) ?? throw new InvalidOperationException($"{at}: '{e.Vis}' is no audience");
            Assert.True(vis == Visibility.Public || doc.RootElement.TryGetProperty("nonce", out _), $"{at}: a non-public example carries its nonce");
            var key = keys[e.Party].Single(k => e.Key is null ? k == keys[e.Party][0] : k.KeyId == e.Key);
            (env, body) = EntryBuilder.Build(Origin, e.Kind!, key, JsonNode.Parse(e.Json)!, d.Ledger.Time.GetUtcNow(), vis, e.To.Length > 0 ? e.To : null);
        }
        try
        {
            var appended = await d.Ledger.SubmitAsync(env, body, caller);
            Assert.True(appended.Index == e.Entry && !appended.Duplicate, $"{at}: admitted as entry {appended.Index}");
        }
        catch (Exception x) when (x is ValidationException or RefusedException)
        {
            Assert.Fail($"{at}: refused: {x.Message}");
        }
    }

    static string? KindOf(Example e) => e.Kind ?? JsonNode.Parse(e.Json)?["envelope"]?["kind"]?.GetValue<string>();

    /// <summary>Every kind a deployment declares (the ledger's own and each composed module's), with its roles.</summary>
    static Dictionary<string, IReadOnlySet<string>> DeclaredKinds()
    {
        var kinds = typeof(EntryKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToDictionary(k => k, k => EntryKinds.RolesFor(k) ?? new HashSet<string>(), StringComparer.Ordinal);
        foreach (var module in Server.Composition.Modules.All.Select(m => m.Create()))
        {
            foreach (var (kind, roles) in module.Kinds)
            {
                kinds.Add(kind, roles);
            }
        }
        return kinds;
    }

    /// <summary>The document's test keys by party, in the order of the table (a party's first key signs by default).</summary>
    static Dictionary<string, List<SigningKey>> TestKeys()
    {
        var keys = new Dictionary<string, List<SigningKey>>(StringComparer.Ordinal);
        foreach (var m in Doc.Select(l => KeyRow().Match(l)).Where(m => m.Success))
        {
            var key = new SigningKey(m.Groups[1].Value, Convert.FromHexString(m.Groups[2].Value));
            Assert.Equal(m.Groups[3].Value, Convert.ToBase64String(key.PublicKey));
            Assert.Equal(m.Groups[4].Value, key.KeyId);
            keys.TryAdd(key.Party, []);
            keys[key.Party].Add(key);
        }
        return keys;
    }

    /// <summary>Each caption, with the JSON block that follows it and the kind of the section it stands in.</summary>
    static List<Example> Examples()
    {
        var examples = new List<Example>();
        string? kind = null;
        for (int i = 0; i < Doc.Length; i++)
        {
            if (AnyHeading().IsMatch(Doc[i]))
            {
                kind = KindHeading().Match(Doc[i]) is { Success: true } k ? k.Groups[1].Value : null;
            }
            if (Caption().Match(Doc[i]) is not { Success: true } c)
            {
                continue;
            }
            var block = Blocks().FirstOrDefault(b => b.Start > i);
            Assert.True(block.Lang == "json" && Doc[(i + 1)..(block.Start - 1)].All(string.IsNullOrWhiteSpace), $"docs/PROTOCOL.md line {i + 1}: a caption is followed by its JSON block");
            string[] Names(Group g) => [.. Quoted().Matches(g.Value).Select(m => m.Groups[1].Value)];
            examples.Add(new Example(int.Parse(c.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), kind, c.Groups[2].Value, c.Groups[3].Value,
                c.Groups[4].Value, Names(c.Groups[5]), Names(c.Groups[6]).SingleOrDefault(), block.Text, i + 1));
        }
        return examples;
    }

    /// <summary>The fenced blocks: the line after the opening fence (0-based), the language, the text between the fences.</summary>
    static List<(int Start, string Lang, string Text)> Blocks()
    {
        var blocks = new List<(int, string, string)>();
        for (int i = 0; i < Doc.Length; i++)
        {
            if (!Doc[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }
            var end = Array.FindIndex(Doc, i + 1, l => l == "```");
            blocks.Add((i + 1, Doc[i][3..].Trim(), string.Join('\n', Doc[(i + 1)..end])));
            i = end;
        }
        return blocks;
    }

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
}
