using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Notes;

namespace Truce.Cli.Commands;

/// <summary>Shared options and the one rule of CLI errors: bad input gives one line on stderr and a non-zero exit.</summary>
static class Cli
{
    /// <summary>The clock every command reads (a command over an open deployment reads the deployment's).</summary>
    public static TimeProvider Time { get; set; } = TimeProvider.System;

    public static string DefaultData => Environment.GetEnvironmentVariable("TRUCE_DATA") ?? Path.Combine(Environment.CurrentDirectory, ".data");

    public static Option<string> Data() => new("--data") { Description = "The deployment's data folder", DefaultValueFactory = _ => DefaultData };

    /// <summary>
    /// --store: a PostgreSQL database for the deployment's log, views and credentials (a postgres:// URL or an Npgsql
    /// connection string); once given, the folder remembers it (store.json, 0600). Without it, the store the folder
    /// names, or truce.db in it.
    /// </summary>
    public static Option<string?> Store() => new("--store")
    {
        Description = "PostgreSQL: a postgres:// URL or an Npgsql connection string; the data folder remembers it",
    };

    /// <summary>Makes an existing folder use the --store given, if any.</summary>
    public static void UseStore(string dir, string? store)
    {
        if (store is null)
        {
            return;
        }
        if (!Server.Hosting.Deployment.Exists(dir))
        {
            throw new ValidationException("--data", $"{dir} holds no Truce deployment (run 'truce init' first)");
        }
        Server.Hosting.DeploymentStore.Remember(dir, Server.Hosting.DeploymentStore.Parse(store));
    }

    public static Option<string> Urls() => new("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };

    public static Command Command(string name, string description, Func<ParseResult, CancellationToken, Task> action, params Option[] options)
    {
        var c = new Command(name, description);
        foreach (var o in options)
        {
            c.Options.Add(o);
        }
        c.SetAction(async (pr, ct) =>
        {
            try
            {
                await action(pr, ct);
                return 0;
            }
            catch (Exception e) when (e is ValidationException or RefusedException or FormatException or IOException or NoteVerificationException
                                          or HttpRequestException or UnauthorizedAccessException or InvalidDataException)
            {
                Console.Error.WriteLine($"truce {name}: {e.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
            catch (VerificationFailed)
            {
                return 1;
            }
        });
        return c;
    }

    /// <summary>
    /// Posts <paramref name="body"/> as JSON to a running server with a bearer token; a refusal becomes one line naming
    /// <paramref name="field"/>, the status, and the field and detail the server named. Returns the answer as text (a
    /// command may print it) and as JSON.
    /// </summary>
    public static async Task<(string Text, JsonElement Json)> PostAsync(string url, string token, string path, object body, string field, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var resp = await http.PostAsJsonAsync(path, body, ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        JsonElement answer;
        try
        {
            answer = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new ValidationException(field, $"{(int)resp.StatusCode}: the answer from {url} is not JSON (is it a Truce server?)");
        }
        if (!resp.IsSuccessStatusCode)
        {
            var named = answer.TryGetProperty("field", out var f) ? $"{f.GetString()}: " : "";
            throw new ValidationException(field, $"{(int)resp.StatusCode} {named}{(answer.TryGetProperty("detail", out var dt) ? dt.GetString() : answer.ToString())}");
        }
        return (text, answer);
    }

    /// <summary>A one-line progress bar on stderr for long work; silent when stderr is not a terminal.</summary>
    public sealed class ProgressBar(string label) : IProgress<(long Done, long Total)>
    {
        long _last = -1;

        public void Report((long Done, long Total) value)
        {
            var pct = value.Total == 0 ? 100 : value.Done * 100 / value.Total;
            if (pct == _last)
            {
                return;
            }
            _last = pct;
            var bar = new string('#', (int)(pct / 4)).PadRight(25, '.');
            Console.Error.Write($"\r{label} [{bar}] {pct,3}% ({value.Done}/{value.Total})");
            if (value.Done >= value.Total)
            {
                Console.Error.WriteLine();
            }
        }
    }
}

/// <summary>The verification failed and its problems were printed: exit 1 with nothing more to say.</summary>
sealed class VerificationFailed : Exception;
