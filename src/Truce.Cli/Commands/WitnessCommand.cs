using System.CommandLine;
using System.Text;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Ledger.Crypto;
using Truce.Ledger.Notes;
using Truce.Ledger.Verification;

namespace Truce.Cli.Commands;

/// <summary>
/// A party's witness: makes its key, then checks the log's checkpoints for consistency and cosigns them. A fork or a
/// rollback is refused with a non-zero exit and a line saying which; the state file keeps the checkpoint it had
/// cosigned, the evidence to hold against the log.
/// </summary>
static class WitnessCommand
{
    public static Command Create()
    {
        var witness = new Command("witness", "Run a witness: check that the log only grows, and cosign its checkpoints");
        witness.Subcommands.Add(Key());
        witness.Subcommands.Add(Run());
        return witness;
    }

    static Command Key()
    {
        var name = new Option<string>("--name") { Description = "The witness's name, e.g. witness.party-a.example", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the private key (mode 0600)", Required = true };
        return Cli.Command("key", "Make a witness key; prints the verifier key to register for the party", (pr, ct) =>
        {
            var n = pr.GetValue(name)!;
            if (!NoteKeys.IsValidName(n))
            {
                throw new ValidationException("--name", "must be a key name: no spaces and no '+'");
            }
            var path = pr.GetValue(output)!;
            if (File.Exists(path))
            {
                throw new ValidationException("--out", $"{path} exists; a witness key is never overwritten");
            }
            var seed = Ed25519.NewSeed();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var f = new StreamWriter(path, Encoding.UTF8, options))
            {
                f.Write(NoteKeys.SignerKey(n, seed));
            }
            Console.WriteLine(NoteKeys.CosignatureVerifierKey(n, Ed25519.PublicKeyOf(seed)));
            return Task.CompletedTask;
        }, name, output);
    }

    static Command Run()
    {
        var log = new Option<string>("--log") { Description = "The log's URL (…/log/)", Required = true };
        var key = new Option<string>("--key") { Description = "The log's verifier key", Required = true };
        var witnessKey = new Option<string>("--witness-key") { Description = "The witness's private key file", Required = true };
        var state = new Option<string>("--state") { Description = "The file holding the last checkpoint this witness cosigned", Required = true };
        var interval = new Option<int>("--interval") { Description = "Seconds between rounds (at most a day); 0 runs one round", DefaultValueFactory = _ => 0 };
        return Cli.Command("run", "Check the log's latest checkpoint against the last one cosigned, cosign it and send the cosignature", async (pr, ct) =>
        {
            var every = Interval(pr.GetValue(interval));
            var logKey = LogKey(pr.GetValue(key)!);
            NoteSigner signer;
            try
            {
                signer = NoteKeys.ParseSigner((await File.ReadAllTextAsync(pr.GetValue(witnessKey)!, ct)).Trim());
            }
            catch (FormatException e)
            {
                throw new ValidationException("--witness-key", e.Message);
            }
            var w = new Witness(logKey, signer);
            var target = pr.GetValue(log)!;
            var baseUri = new Uri(target.EndsWith('/') ? target : target + "/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var statePath = pr.GetValue(state)!;
            do
            {
                var previous = File.Exists(statePath) ? await File.ReadAllTextAsync(statePath, ct) : null;
                var latest = await http.GetStringAsync(new Uri(baseUri, "checkpoint"), ct);
                var proof = await ProofAsync(http, baseUri, logKey, previous, latest, ct);
                NoteSignature cosig;
                try
                {
                    cosig = w.Check(previous, latest, proof, Cli.Time.GetUtcNow());
                }
                catch (WitnessException e)
                {
                    Console.Error.WriteLine($"truce witness: REFUSED {e.Message}");
                    throw new VerificationFailed();
                }
                // Remember the checkpoint before anything else: it is what later checkpoints must be consistent with.
                await File.WriteAllTextAsync(statePath, latest, ct);
                var cosigned = SignedNote.Parse(latest).With([cosig]).Serialize();
                using var resp = await http.PostAsync(new Uri(baseUri, "cosign"), new StringContent(cosigned, Encoding.UTF8, "text/plain"), ct);
                var size = SignedCheckpoint.Open(latest, logKey).Checkpoint.Size;
                Console.WriteLine(resp.IsSuccessStatusCode
                    ? $"cosigned size {size} as {w.Name}"
                    : $"checked size {size}; the log did not take the cosignature: {(int)resp.StatusCode} {await resp.Content.ReadAsStringAsync(ct)}");
                if (every > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(every), ct);
                }
            }
            while (every > 0 && !ct.IsCancellationRequested);
        }, log, key, witnessKey, state, interval);
    }

    static NoteVerifier LogKey(string text)
    {
        try
        {
            return NoteKeys.ParseVerifier(text.Trim());
        }
        catch (FormatException e)
        {
            throw new ValidationException("--key", e.Message);
        }
    }

    /// <summary>Checked before the first round, not when the wait is due: Task.Delay refuses more than about 49 days.</summary>
    static int Interval(int seconds) => seconds is >= 0 and <= 86_400 ? seconds
        : throw new ValidationException("--interval", "must be 0 to 86400 seconds");

    static async Task<IReadOnlyList<byte[]>> ProofAsync(HttpClient http, Uri baseUri, NoteVerifier logKey, string? previous, string latest, CancellationToken ct)
    {
        if (previous is null)
        {
            return [];
        }
        var (from, to) = (SignedCheckpoint.Open(previous, logKey).Checkpoint.Size, SignedCheckpoint.Open(latest, logKey).Checkpoint.Size);
        if (from == 0 || from >= to)
        {
            return [];
        }
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(baseUri, $"proof/consistency?from={from}&to={to}"), ct));
        return [.. doc.RootElement.GetProperty("hashes").EnumerateArray().Select(h => h.GetBytesFromBase64())];
    }
}
