using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Truce.Core.Entries;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>A closed demo deployment with a run of notes at its end, compacted so that every page of the file is in use.</summary>
public sealed class PristineDeployment : IAsyncLifetime
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("truce-pristine").FullName;
    public string Data => Path.Combine(Dir, "data");
    public long Size { get; private set; }
    /// <summary>A note well before the tail that start-up checks.</summary>
    public long Note { get; private set; }

    public async Task InitializeAsync()
    {
        await using (var d = await DemoLoader.CreateAsync(Data))
        {
            for (int i = 0; i < 40; i++)
            {
                var index = await d.SubmitAsAsync("az", EntryKinds.Note, new JsonObject { ["text"] = $"synthetic note {i}" }, DateTimeOffset.UtcNow);
                Note = i == 0 ? index : Note;
            }
            Size = d.Ledger.Sequencer.Size;
        }
        using var c = new SqliteConnection($"Data Source={Path.Combine(Data, "truce.db")};Pooling=False");
        c.Open();
        using var vacuum = c.CreateCommand();
        vacuum.CommandText = "VACUUM";
        vacuum.ExecuteNonQuery();
    }

    /// <summary>A fresh copy of the deployment to damage.</summary>
    public string Copy()
    {
        var to = Path.Combine(Directory.CreateTempSubdirectory("truce-damaged").FullName, "data");
        foreach (var file in Directory.GetFiles(Data, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(Data, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Dir, true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A damaged store is refused, not served: a truncated or overwritten file, or rows changed behind the log's back with
/// the file still valid SQLite. The server refuses to start with one line naming the problem; a body that no longer
/// matches its digest (or is gone) is refused on its own while the rest is served.
/// </summary>
[Collection("processes")]
public class CorruptionTests(PristineDeployment pristine, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PristineDeployment>
{
    /// <summary>Changes one row of a closed deployment's database behind the log's back.</summary>
    internal static void Sql(string data, string sql, params (string, object)[] args)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(data, "truce.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    static T Scalar<T>(string data, string sql)
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(data, "truce.db")};Pooling=False;Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (T)cmd.ExecuteScalar()!;
    }

    /// <summary>Runs 'truce serve' on the damaged copy: it must exit non-zero with one line on stderr, never serve.</summary>
    async Task<string> RefusesToServe(string data)
    {
        var psi = new ProcessStartInfo("dotnet", [CliProcess.Dll, "serve", "--data", data, "--urls", $"http://127.0.0.1:{ServerProcess.FreePort()}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"the server started on a damaged store: {await stdout}");
        }
        var lines = (await err).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(p.ExitCode != 0, $"exit code 0 on a damaged store: {await stdout}");
        Assert.True(lines.Length == 1 && lines[0].StartsWith("truce serve: ", StringComparison.Ordinal), $"not one line: {await err}");
        Directory.Delete(Path.GetDirectoryName(data)!, true);
        output.WriteLine(lines[0]);
        return lines[0];
    }

    [Fact]
    public async Task A_truncated_database_is_refused()
    {
        var data = pristine.Copy();
        using (var f = new FileStream(Path.Combine(data, "truce.db"), FileMode.Open))
        {
            f.SetLength(f.Length * 6 / 10 / 4096 * 4096);
        }
        Assert.Contains("is damaged", await RefusesToServe(data));
    }

    [Fact]
    public async Task A_page_overwritten_in_the_middle_of_the_file_is_refused()
    {
        var data = pristine.Copy();
        var path = Path.Combine(data, "truce.db");
        var bytes = await File.ReadAllBytesAsync(path);
        var page = bytes.Length / 4096 / 2;
        Array.Fill(bytes, (byte)0x5A, page * 4096, 4096);
        await File.WriteAllBytesAsync(path, bytes);
        Assert.Contains("is damaged", await RefusesToServe(data));
    }

    [Fact]
    public async Task A_changed_tree_hash_is_refused_against_the_signed_checkpoint()
    {
        var data = pristine.Copy();
        var level = 63 - long.LeadingZeroCount(pristine.Size); // the largest complete subtree on the tree's edge
        Sql(data, "UPDATE log_nodes SET hash = zeroblob(32) WHERE id = $id", ("$id", ((1L << (int)level) - 1) << 6 | level)); // node (level, 0), keyed as SqliteLogStore keys it
        var line = await RefusesToServe(data);
        Assert.Contains($"the signed checkpoint of size {pristine.Size}", line);
    }

    [Fact]
    public async Task A_changed_envelope_at_the_end_of_the_log_is_refused()
    {
        var data = pristine.Copy();
        var last = pristine.Size - 1;
        var leaf = Encoding.UTF8.GetString(Scalar<byte[]>(data, $"SELECT leaf FROM log_leaves WHERE idx = {last}"));
        var changed = leaf.Replace("\"party\":\"az\"", "\"party\":\"am\"", StringComparison.Ordinal);
        Assert.NotEqual(leaf, changed);
        Sql(data, "UPDATE log_leaves SET leaf = $l WHERE idx = $i", ("$l", Encoding.UTF8.GetBytes(changed)), ("$i", last));
        Assert.Contains($"stored entry {last} is not the one the signed checkpoint covers", await RefusesToServe(data));
    }

    [Fact]
    public async Task A_checkpoint_changed_without_the_log_key_is_refused()
    {
        var data = pristine.Copy();
        var note = Scalar<string>(data, "SELECT note FROM log_checkpoints ORDER BY size DESC LIMIT 1");
        var lines = note.Split('\n');
        lines[2] = Convert.ToBase64String(new byte[32]);
        Sql(data, "UPDATE log_checkpoints SET note = $n WHERE size = $s", ("$n", string.Join('\n', lines)), ("$s", pristine.Size));
        Assert.Contains("the latest stored checkpoint does not verify with the log's key", await RefusesToServe(data));
    }

    [Fact]
    public async Task A_changed_or_missing_body_of_a_module_entry_is_refused_at_replay()
    {
        var hazard = Scalar<long>(pristine.Data, "SELECT idx FROM v_entries WHERE kind = 'hazard' ORDER BY idx LIMIT 1");
        var data = pristine.Copy();
        var body = Encoding.UTF8.GetString(Scalar<byte[]>(data, $"SELECT body FROM log_bodies WHERE idx = {hazard}"));
        Sql(data, "UPDATE log_bodies SET body = $b WHERE idx = $i", ("$b", Encoding.UTF8.GetBytes(body.Replace("CHA", "SHA", StringComparison.Ordinal) + " ")), ("$i", hazard));
        Assert.Contains($"entry {hazard}'s stored body does not match the digest its envelope commits to", await RefusesToServe(data));

        data = pristine.Copy();
        Sql(data, "DELETE FROM log_bodies WHERE idx = $i", ("$i", hazard));
        Assert.Contains($"entry {hazard}'s body is missing from the store", await RefusesToServe(data));
    }

    /// <summary>
    /// The served public bodies are part of what verify checks over HTTP: a body the server cannot read (its store is
    /// damaged, so it answers 500) is a failure naming the entry, never an entry quietly skipped and an OK.
    /// </summary>
    [Fact]
    public async Task Verify_over_http_fails_naming_each_public_body_the_server_cannot_read()
    {
        var data = pristine.Copy();
        var note = pristine.Note;
        Sql(data, "UPDATE log_bodies SET body = $b WHERE idx = $i", ("$b", Encoding.UTF8.GetBytes("""{"text":"a rewritten note"}""")), ("$i", note));
        Sql(data, "DELETE FROM log_bodies WHERE idx = $i", ("$i", note + 1));
        using (var server = ServerProcess.Start(data))
        {
            await server.WaitUpAsync();
            using var http = server.Client();
            var key = (await http.GetStringAsync("log/key")).Trim();
            var (code, stdout, stderr) = await CliProcess.RunAsync("verify", "--log", new Uri(server.BaseUri, "log/").ToString(), "--key", key);
            output.WriteLine(stderr);
            Assert.True(code == 1, $"exit {code}: {stdout}{stderr}");
            Assert.DoesNotContain("OK", stdout);
            var failures = stderr.Split('\n').Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, failures.Count);
            Assert.StartsWith($"FAIL entry {note}: the body could not be read: GET {server.BaseUri}api/entries/{note} answered 500", failures[0]);
            Assert.Contains($"entry {note}'s stored body does not match the digest its envelope commits to", failures[0]);
            Assert.StartsWith($"FAIL entry {note + 1}: the body could not be read", failures[1]);
            Assert.Contains($"entry {note + 1}'s body is missing from the store", failures[1]);
            Assert.Contains($"truce verify: 2 problem(s) in the log of size {pristine.Size}", stderr);
        }
        Directory.Delete(Path.GetDirectoryName(data)!, true);
    }

    [Fact]
    public async Task A_changed_or_missing_note_body_is_refused_on_its_own_and_the_rest_is_served()
    {
        var data = pristine.Copy();
        var note = pristine.Note;
        Sql(data, "UPDATE log_bodies SET body = $b WHERE idx = $i", ("$b", Encoding.UTF8.GetBytes("""{"text":"a rewritten note"}""")), ("$i", note));
        Sql(data, "DELETE FROM log_bodies WHERE idx = $i", ("$i", note + 1));
        await using (var d = Deployment.Open(data))
        {
            var app = TruceServer.Build(d, "http://127.0.0.1:0", quiet: true);
            await app.StartAsync();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
                foreach (var (index, problem) in new[] { (note, "stored body does not match the digest"), (note + 1, "body is missing from the store") })
                {
                    using var r = await http.GetAsync($"api/entries/{index}");
                    var text = await r.Content.ReadAsStringAsync();
                    Assert.True(r.StatusCode == HttpStatusCode.InternalServerError, text);
                    Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
                    Assert.Contains($"entry {index}'s {problem}", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
                    Assert.DoesNotContain("a rewritten note", text);
                }
                using var next = await http.GetAsync($"api/entries/{note + 2}");
                Assert.Equal(HttpStatusCode.OK, next.StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/incidents")).StatusCode);
            }
            finally
            {
                await app.DisposeAsync();
            }
        }
        Directory.Delete(Path.GetDirectoryName(data)!, true);
    }
}
