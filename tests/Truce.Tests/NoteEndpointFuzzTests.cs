using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Truce.Ledger.Notes;
using Truce.Tests.Shared;

namespace Truce.Tests;

/// <summary>
/// Everything that takes a signed note from outside, fed mutated valid notes and random bytes: POST /log/cosign
/// through the real server (a 4xx problem naming the problem, or the cosignature taken; never a 5xx, never a hang), and
/// 'truce verify --since FILE' as a process (one line naming --since and a non-zero exit, or a clean pass).
/// </summary>
public class NoteEndpointFuzzTests(ServerFixture f, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    static readonly bool Nightly = Environment.GetEnvironmentVariable("TRUCE_TEST_PROFILE") == "nightly";

    static readonly string?[] ContentTypes = [null, "text/plain", "application/json", "multipart/form-data; boundary=x", "application/octet-stream", "text/plain; charset=latin1"];

    [Fact]
    public async Task Cosign_answers_every_mutated_note_with_a_4xx_problem_or_takes_it()
    {
        var cases = Nightly ? 10_000 : 600;
        var witness = NoteKeys.ParseSigner(f.Deployment.ReadSecret("az-witness.key")!);
        var current = SignedNote.Parse(f.Deployment.Ledger.Sequencer.CheckpointNote);
        var valid = current.With([Cosignature.Sign(witness, current.Text, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds())]).Serialize();
        using var http = f.Client();
        http.Timeout = TimeSpan.FromSeconds(30);
        var statuses = new SortedDictionary<int, int>();
        var rng = new Random(2020_11_10);
        for (int i = 0; i < cases; i++)
        {
            var kind = rng.Next(NoteMutations.Kinds);
            var body = NoteMutations.Mutate(valid, kind, rng.Next());
            using var content = new ByteArrayContent(body);
            if (ContentTypes[rng.Next(ContentTypes.Length)] is { } type)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
            // Over the 1 MiB limit the server answers 413 before reading: "Expect: 100-continue" lets the client hear it
            // rather than write into a closed connection.
            using var request = new HttpRequestMessage(HttpMethod.Post, "log/cosign") { Content = content };
            request.Headers.ExpectContinue = body.Length > Server.TruceServer.MaxRequestBytes;
            using var r = await http.SendAsync(request);
            var status = (int)r.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(status is 200 or (>= 400 and < 500), $"{NoteMutations.Name(kind)}: {status} {text}");
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
                var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString();
                Assert.False(string.IsNullOrWhiteSpace(detail), text);
                Assert.DoesNotContain("   at ", text);
            }
        }
        output.WriteLine($"{cases} mutated notes posted to /log/cosign: " + string.Join(", ", statuses.Select(s => $"{s.Value} × {s.Key}")));
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 3, "the mutations reached too few of the endpoint's refusals");
    }

    [Fact]
    public async Task Verify_since_names_a_bad_saved_checkpoint_in_one_line()
    {
        var dir = Directory.CreateTempSubdirectory("truce-since").FullName;
        var key = SpecLogWriter.Write(dir, "example.org/fuzzed-log", 40);
        var verifier = NoteKeys.ParseVerifier(key);
        var valid = await File.ReadAllTextAsync(Path.Combine(dir, "checkpoint"));
        var saved = Path.Combine(dir, "saved");
        int[] kinds = Nightly ? [.. Enumerable.Range(0, NoteMutations.Kinds), .. Enumerable.Range(0, NoteMutations.Kinds)] : [0, 1, 5, 6, 7, 8, 9, 12, 15];
        var rng = new Random(1110);
        int refused = 0, passed = 0;
        foreach (var kind in kinds)
        {
            var bytes = NoteMutations.Mutate(valid, kind, rng.Next());
            await File.WriteAllBytesAsync(saved, bytes);
            bool opens;
            try
            {
                opens = SignedCheckpoint.Open(Encoding.UTF8.GetString(bytes), verifier).Note.Text == SignedNote.Parse(valid).Text;
            }
            catch (Exception e) when (e is FormatException or NoteVerificationException)
            {
                opens = false;
            }
            var (code, stdout, stderr) = await CliProcess.RunAsync("verify", "--generic", "--log", dir, "--key", key, "--since", saved);
            if (opens)
            {
                Assert.True(code == 0, $"{NoteMutations.Name(kind)}: {stderr}");
                passed++;
                continue;
            }
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(code == 1 && lines.Length == 1 && lines[0].StartsWith("truce verify: --since: ", StringComparison.Ordinal),
                $"{NoteMutations.Name(kind)}: exit {code}, {stdout} {stderr}");
            refused++;
        }
        output.WriteLine($"{kinds.Length} mutated saved checkpoints through 'truce verify --since': {refused} named in one line, {passed} still valid");
        Directory.Delete(dir, true);
    }
}
