using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Evidence;
using Truce.Evidence.Blobs;
using Truce.Evidence.PublicCopies;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

/// <summary><c>truce evidence add</c> and <c>get</c>: a file stored by content and put on the ledger, and its bytes back.</summary>
static class EvidenceCommands
{
    public static Command Create()
    {
        var evidence = new Command("evidence", "Files stored by their SHA-256, their digests on the ledger: add, get");
        evidence.Subcommands.Add(Add());
        evidence.Subcommands.Add(Get());
        return evidence;
    }

    sealed class AddOptions
    {
        public Argument<string> File { get; } = new("file") { Description = "The file (photo, video, document, scanned map)" };
        public Option<string> Data { get; } = Cli.Data();
        public Option<string> Party { get; } = new("--party") { Description = "The party that adds it", Required = true };
        public Option<string> Visibility { get; } = new("--visibility") { Description = "public, mission, party or restricted", DefaultValueFactory = _ => "public" };
        public Option<string[]> To { get; } = new("--to") { Description = "For restricted files: the parties that may read it", AllowMultipleArgumentsPerToken = true };
        public Option<string?> By { get; } = new("--by") { Description = "Who collected it (default: the party)" };
        public Option<string?> At { get; } = new("--at") { Description = "When it was collected, RFC 3339 (default: now)" };
        public Option<double?> Lat { get; } = new("--lat") { Description = "Where it was collected: latitude" };
        public Option<double?> Lon { get; } = new("--lon") { Description = "Where it was collected: longitude" };
        public Option<string?> Place { get; } = new("--place") { Description = "Where it was collected, in words" };
        public Option<string?> Description { get; } = new("--description") { Description = "What it shows" };
        public Option<bool> PublicCopy { get; } = new("--public-copy") { Description = "Also add a public copy of the image with its metadata (EXIF, XMP, IPTC, GPS) stripped" };
        public Option<bool> Synthetic { get; } = new("--synthetic") { Description = "Label the entry synthetic (demo and test data)" };
        public Through Through { get; } = new();

        public Option[] All => [Data, Party, Visibility, To, By, At, Lat, Lon, Place, Description, PublicCopy, Synthetic, .. Through.All];
    }

    static Command Add()
    {
        var o = new AddOptions();
        var c = Cli.Command("add", "Store a file by its SHA-256 and sign an evidence.add entry for it (and, with --public-copy, for a copy without metadata)", async (pr, ct) =>
        {
            var path = pr.GetValue(o.File)!;
            if (!File.Exists(path))
            {
                throw new ValidationException("file", $"{path} does not exist");
            }
            var visibility = Visibilities.Parse(pr.GetValue(o.Visibility)!) ?? throw new ValidationException("--visibility", "must be public, mission, party or restricted");
            await using var d = Deployment.Open(pr.GetValue(o.Data)!, Cli.Time);
            var party = pr.GetValue(o.Party)!;
            var collected = Collected(pr, o, party);
            // The copy is made before anything is stored: a file that cannot be stripped adds nothing.
            var copy = pr.GetValue(o.PublicCopy) ? Metadata.Strip(path) : null;
            await using var file = File.OpenRead(path);
            var stored = await StoreAsync(pr, o, d, party, file, ct);
            var index = await o.Through.SubmitAsync(pr, d, party, EvidenceKinds.Add, Body(pr, o, stored, collected, Path.GetFileName(path), null), visibility, ct, pr.GetValue(o.To));
            Console.WriteLine($"{stored.Sha256} {stored.Type} {stored.Size} bytes: entry {index}");
            if (copy is not null)
            {
                var c = await StoreAsync(pr, o, d, party, new MemoryStream(copy, writable: false), ct);
                var at = await o.Through.SubmitAsync(pr, d, party, EvidenceKinds.Add, Body(pr, o, c, collected, "public-copy-" + Path.GetFileName(path), stored.Sha256), Core.Access.Visibility.Public, ct);
                Console.WriteLine($"{c.Sha256} {c.Type} {c.Size} bytes, public copy without metadata: entry {at}");
            }
        }, o.All);
        c.Arguments.Add(o.File);
        return c;
    }

    static JsonObject Collected(ParseResult pr, AddOptions o, string party)
    {
        var collected = new JsonObject
        {
            ["by"] = pr.GetValue(o.By) ?? party,
            ["at"] = pr.GetValue(o.At) ?? Cli.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        if (pr.GetValue(o.Lat) is { } lat && pr.GetValue(o.Lon) is { } lon)
        {
            collected["where"] = new JsonObject { ["lat"] = lat, ["lon"] = lon };
        }
        else if (pr.GetValue(o.Lat) is not null || pr.GetValue(o.Lon) is not null)
        {
            throw new ValidationException("--lat", "give both --lat and --lon");
        }
        if (pr.GetValue(o.Place) is { } place)
        {
            collected["place"] = place;
        }
        return collected;
    }

    static JsonObject Body(ParseResult pr, AddOptions o, StoredBlob stored, JsonObject collected, string name, string? copyOf)
    {
        var body = new JsonObject
        {
            ["sha256"] = stored.Sha256,
            ["type"] = stored.Type,
            ["size"] = stored.Size,
            ["name"] = name,
            ["collected"] = collected.DeepClone(),
        };
        if (pr.GetValue(o.Description) is { } description)
        {
            body["description"] = description;
        }
        if (copyOf is not null)
        {
            body["publicCopyOf"] = copyOf;
        }
        if (pr.GetValue(o.Synthetic))
        {
            body["synthetic"] = true;
        }
        return body;
    }

    /// <summary>Into the folder's blob store, or streamed to the server's <c>POST /api/evidence</c>.</summary>
    static async Task<StoredBlob> StoreAsync(ParseResult pr, AddOptions o, Deployment d, string party, Stream file, CancellationToken ct)
    {
        if (pr.GetValue(o.Through.Server) is not { } url)
        {
            var module = d.Ledger.Module<EvidenceModule>() ?? throw new ValidationException("--data", "this deployment does not run the evidence module");
            return await module.Store!.WriteAsync(file, null, module.MaxBytes, ct);
        }
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new("Bearer", o.Through.TokenFor(pr, d, party));
        using var content = new StreamContent(file);
        using var resp = await http.PostAsync("/api/evidence", content, ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        if (!resp.IsSuccessStatusCode)
        {
            throw new ValidationException("file", $"{(int)resp.StatusCode}{VerifyCommand.Detail(text)}");
        }
        var answer = System.Text.Json.JsonDocument.Parse(text).RootElement;
        return new StoredBlob(answer.GetProperty("sha256").GetString()!, answer.GetProperty("type").GetString()!, answer.GetProperty("size").GetInt64());
    }

    static Command Get()
    {
        var sha = new Argument<string>("sha256") { Description = "The file's SHA-256" };
        var output = new Option<string>("--out") { Description = "Where to write it", Required = true };
        var server = new Option<string>("--server") { Description = "The server to fetch it from (e.g. http://127.0.0.1:5080)", Required = true };
        var token = new Option<string?>("--token") { Description = "An API token (a file, or the token itself); none reads as the public" };
        var c = Cli.Command("get", "Fetch a file's bytes from a server and check them against their SHA-256", async (pr, ct) =>
        {
            var digest = pr.GetValue(sha)!;
            if (!BlobStore.IsDigest(digest))
            {
                throw new ValidationException("sha256", "must be 64 lowercase hex digits");
            }
            using var http = new HttpClient { BaseAddress = new Uri(pr.GetValue(server)!), Timeout = Timeout.InfiniteTimeSpan };
            if (pr.GetValue(token) is { } t)
            {
                http.DefaultRequestHeaders.Authorization = new("Bearer", File.Exists(t) ? (await File.ReadAllTextAsync(t, ct)).Trim() : t);
            }
            using var resp = await http.GetAsync($"/api/evidence/{digest}", HttpCompletionOption.ResponseHeadersRead, ct);
            if (!resp.IsSuccessStatusCode)
            {
                throw new ValidationException("sha256", $"{(int)resp.StatusCode}{VerifyCommand.Detail(await resp.Content.ReadAsStringAsync(ct))}");
            }
            var path = pr.GetValue(output)!;
            await using (var f = File.Create(path))
            {
                await (await resp.Content.ReadAsStreamAsync(ct)).CopyToAsync(f, ct);
            }
            if (BlobStore.Hash(path) != digest)
            {
                throw new InvalidDataException($"the bytes written to {path} do not hash to {digest}");
            }
            Console.WriteLine($"{path}: {new FileInfo(path).Length} bytes, SHA-256 {digest}");
        }, output, server, token);
        c.Arguments.Add(sha);
        return c;
    }
}
