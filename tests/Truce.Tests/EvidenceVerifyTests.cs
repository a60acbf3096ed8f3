using System.Text.Json.Nodes;
using Truce.Evidence;
using Truce.Server;
using Truce.Tests.VisibilityDifferential;

namespace Truce.Tests;

/// <summary><c>truce verify --evidence</c> run as an auditor would, on a deployment's own blob folder.</summary>
[Collection("processes")]
public sealed class EvidenceVerifyTests
{
    [Fact]
    public async Task Verify_passes_the_stored_files_and_fails_one_whose_bytes_changed_on_disk()
    {
        await using var t = await TestDeployment.CreateAsync("truce-evidence-verify");
        var store = t.Deployment.Ledger.Module<EvidenceModule>()!.Store!;
        var shas = new List<string>();
        foreach (var text in new[] { "first", "second" })
        {
            var stored = store.Write(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% SYNTHETIC {text} report\n%%EOF\n"));
            await t.Deployment.SubmitAsAsync("az", EvidenceKinds.Add, new JsonObject
            {
                ["sha256"] = stored.Sha256,
                ["type"] = stored.Type,
                ["size"] = stored.Size,
                ["collected"] = new JsonObject { ["by"] = "patrol (synthetic)", ["at"] = "2021-02-28T10:00:00Z" },
                ["synthetic"] = true,
            }, t.Clock.GetUtcNow());
            shas.Add(stored.Sha256);
        }
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        var blobs = Path.Combine(t.Dir, "blobs");
        string[] verify = ["verify", "--log", app.Urls.First() + "/log/", "--key", t.Deployment.Ledger.LogKey.ToString(), "--evidence", blobs];

        var (code, output, err) = await CliProcess.RunAsync(verify);
        Assert.True(code == 0, err);
        Assert.All(shas, sha => Assert.Contains($"SHA-256 {sha}", output, StringComparison.Ordinal));

        var path = store.PathOf(shas[1]);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^3] ^= 0x20;
        await File.WriteAllBytesAsync(path, bytes);
        (code, output, err) = await CliProcess.RunAsync(verify);
        Assert.Equal(1, code);
        var failure = Assert.Single(err.Split('\n'), l => l.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.StartsWith($"FAIL {path}: ALTERED: named {shas[1]} (entry ", failure, StringComparison.Ordinal);
        Assert.EndsWith($"but its bytes hash to {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}", failure, StringComparison.Ordinal);
        Assert.Contains($"SHA-256 {shas[0]}", output, StringComparison.Ordinal);
    }
}
