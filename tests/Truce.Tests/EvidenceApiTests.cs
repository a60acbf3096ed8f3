using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Evidence;
using Truce.Server;
using Truce.Tests.VisibilityDifferential;

namespace Truce.Tests;

/// <summary>Files by content through the real server: upload, the entry, the bytes for those who may see it, integrity.</summary>
[Collection(Alone.Name)]
public sealed class EvidenceApiTests
{
    static byte[] Jpeg(int size = 4000)
    {
        var b = new byte[size];
        new Random(size).NextBytes(b);
        (b[0], b[1], b[2], b[3]) = (0xFF, 0xD8, 0xFF, 0xE0);
        return b;
    }

    static HttpClient Client(Microsoft.AspNetCore.Builder.WebApplication app, TestDeployment t, string? party) => new()
    {
        BaseAddress = new Uri(app.Urls.First()),
        DefaultRequestHeaders = { Authorization = party is null ? null : new AuthenticationHeaderValue("Bearer", t.Deployment.ReadSecret($"{party}-admin.token")) },
    };

    static async Task<JsonElement> UploadAsync(HttpClient c, byte[] bytes, string? type = null)
    {
        using var content = new ByteArrayContent(bytes);
        if (type is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
        }
        using var resp = await c.PostAsync("/api/evidence", content);
        var body = await resp.Content.ReadFromJsonAsync<JsonElement>();
        return resp.StatusCode == HttpStatusCode.Created ? body : throw new HttpRequestException($"{(int)resp.StatusCode} {body}");
    }

    static JsonObject AddBody(JsonElement up) => new()
    {
        ["sha256"] = up.GetProperty("sha256").GetString(),
        ["type"] = up.GetProperty("type").GetString(),
        ["size"] = up.GetProperty("size").GetInt64(),
        ["collected"] = new JsonObject { ["by"] = "patrol (synthetic)", ["at"] = "2021-02-28T10:00:00Z" },
        ["synthetic"] = true,
    };

    [Fact]
    public async Task A_file_is_served_to_readers_of_its_entry_and_to_no_one_else_and_its_alteration_shows()
    {
        await using var t = await TestDeployment.CreateAsync("truce-evidence-api");
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var az = Client(app, t, "az");
        using var am = Client(app, t, "am");
        using var pk = Client(app, t, "pk");
        var bytes = Jpeg();
        var up = await UploadAsync(az, bytes, "image/jpeg");
        var sha = up.GetProperty("sha256").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha);
        // Stored but on no entry yet: nobody may read it.
        Assert.Equal(HttpStatusCode.NotFound, (await az.GetAsync($"/api/evidence/{sha}")).StatusCode);
        await t.Deployment.SubmitAsAsync("az", EvidenceKinds.Add, AddBody(up), t.Clock.GetUtcNow(), Visibility.Party);
        Assert.Equal(bytes, await az.GetByteArrayAsync($"/api/evidence/{sha}"));
        Assert.Equal(bytes, await pk.GetByteArrayAsync($"/api/evidence/{sha}")); // the mission sees party entries
        var hidden = await am.GetAsync($"/api/evidence/{sha}");
        var never = await am.GetAsync($"/api/evidence/{new string('0', 64)}");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.StatusCode, never.StatusCode));
        Assert.Equal($"no file {sha} that you may read", (await hidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await t.Deployment.SubmitAsAsync("az", EvidenceKinds.Attach, new JsonObject
        {
            ["sha256"] = sha,
            ["target"] = new JsonObject { ["type"] = "incident", ["id"] = "I-7" },
        }, t.Clock.GetUtcNow(), Visibility.Party);
        async Task<string> Status() => (await az.GetFromJsonAsync<JsonElement>("/api/evidence/attached?type=incident&id=7"))
            .GetProperty("evidence")[0].GetProperty("integrity").GetString()!;
        Assert.Equal("intact", await Status());
        Assert.Equal(0, (await am.GetFromJsonAsync<JsonElement>("/api/evidence/attached?type=incident&id=I-7")).GetProperty("evidence").GetArrayLength());
        var path = Path.Combine(t.Dir, "blobs", sha[..2], sha);
        var altered = File.ReadAllBytes(path);
        altered[100] ^= 0x10;
        File.WriteAllBytes(path, altered);
        Assert.Equal("altered", await Status());
        Assert.Equal("altered", (await az.GetFromJsonAsync<JsonElement>($"/api/evidence/{sha}/record")).GetProperty("integrity").GetString());
        File.Delete(path);
        Assert.Equal("missing", await Status());
    }

    /// <summary>Claims and accidents have no detail view: their lists carry what is attached to each, as the reader may see it.</summary>
    [Fact]
    public async Task The_claims_and_accidents_lists_carry_their_attached_evidence()
    {
        await using var t = await TestDeployment.CreateAsync("truce-evidence-lists");
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var az = Client(app, t, "az");
        using var am = Client(app, t, "am");
        var now = t.Clock.GetUtcNow();
        var claim = await t.Deployment.SubmitAsAsync("az", Truce.Incidents.IncidentKinds.Claim, new JsonObject
        {
            ["actor"] = new JsonObject { ["name"] = "Ministry (synthetic)", ["kind"] = "ministry", ["party"] = "az" },
            ["stance"] = "states",
            ["incidents"] = new JsonArray(),
            ["fact"] = "no heavy weapons near the line (synthetic)",
            ["quote"] = "the statement (synthetic)",
            ["source"] = new JsonObject { ["title"] = "Statement (synthetic)" },
            ["synthetic"] = true,
        }, now);
        await t.Deployment.SubmitAsAsync("mine", Truce.MineAction.MineActionKinds.Accident, new JsonObject
        {
            ["id"] = "ACC-1",
            ["position"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(46.7, 39.8) },
            ["time"] = now.AddHours(-3).ToString("O"),
            ["device"] = "ap-mine",
            ["kind"] = "civilian",
            ["activation"] = "stepped-on",
            ["synthetic"] = true,
        }, now);
        var up = await UploadAsync(az, Jpeg(5000), "image/jpeg");
        var sha = up.GetProperty("sha256").GetString()!;
        await t.Deployment.SubmitAsAsync("az", EvidenceKinds.Add, AddBody(up), now, Visibility.Party);
        foreach (var (type, id) in new[] { ("claim", claim.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("accident", "ACC-1") })
        {
            await t.Deployment.SubmitAsAsync("az", EvidenceKinds.Attach, new JsonObject
            {
                ["sha256"] = sha,
                ["target"] = new JsonObject { ["type"] = type, ["id"] = id },
            }, now, Visibility.Party);
        }
        foreach (var list in new[] { "/api/claims", "/api/mine-accidents" })
        {
            var mine = (await az.GetFromJsonAsync<JsonElement>(list)).GetProperty("items")[0].GetProperty("attachedEvidence");
            Assert.Equal(sha, mine[0].GetProperty("id").GetString());
            Assert.Equal("intact", mine[0].GetProperty("integrity").GetString());
            Assert.Equal(0, (await am.GetFromJsonAsync<JsonElement>(list)).GetProperty("items")[0].GetProperty("attachedEvidence").GetArrayLength());
        }
    }

    [Fact]
    public async Task Unsupported_mislabelled_and_anonymous_uploads_are_refused_with_a_problem_and_store_nothing()
    {
        await using var t = await TestDeployment.CreateAsync("truce-evidence-api");
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var az = Client(app, t, "az");
        using var anonymous = Client(app, t, null);
        async Task<(int, string?, string?)> Refusal(HttpClient c, byte[] bytes, string? type)
        {
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = type is null ? null : new MediaTypeHeaderValue(type);
            using var resp = await c.PostAsync("/api/evidence", content);
            var p = await resp.Content.ReadFromJsonAsync<JsonElement>();
            return ((int)resp.StatusCode, p.TryGetProperty("field", out var f) ? f.GetString() : null, p.GetProperty("detail").GetString());
        }
        var (status, field, detail) = await Refusal(az, "<html><script>alert(1)</script>"u8.ToArray(), "image/jpeg");
        Assert.Equal((400, "body"), (status, field));
        Assert.Contains("no type evidence may be", detail, StringComparison.Ordinal);
        Assert.Equal((400, "Content-Type", "Content-Type: declares image/png, but the bytes are image/jpeg"), await Refusal(az, Jpeg(), "image/png"));
        Assert.Equal(401, (await Refusal(anonymous, Jpeg(), null)).Item1);
        Assert.Empty(Directory.GetFiles(Path.Combine(t.Dir, "blobs"), "*", SearchOption.AllDirectories));
    }

    /// <summary>512 MiB made as they are sent: the server stores them without holding them (allocation bounded).</summary>
    [Fact]
    public async Task An_upload_larger_than_memory_allows_streams_through()
    {
        await using var t = await TestDeployment.CreateAsync("truce-evidence-api");
        await using var app = TruceServer.Build(t.Deployment, "http://127.0.0.1:0", quiet: true);
        await app.StartAsync();
        using var az = Client(app, t, "az");
        az.Timeout = TimeSpan.FromMinutes(5);
        const long size = 512L << 20;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var content = new StreamContent(new GeneratedJpeg(size), 1 << 16);
        using var resp = await az.PostAsync("/api/evidence", content);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        var up = await resp.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(size, up.GetProperty("size").GetInt64());
        var sha = up.GetProperty("sha256").GetString()!;
        Assert.Equal(size, new FileInfo(Path.Combine(t.Dir, "blobs", sha[..2], sha)).Length);
        Assert.True(allocated < 64L << 20, $"{allocated} bytes allocated by client and server together for an upload of {size}");
    }

    /// <summary>A JPEG's leading bytes, then a pattern, made as it is read.</summary>
    sealed class GeneratedJpeg(long length) : Stream
    {
        long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (int i = 0; i < n; i++)
            {
                var p = _position + i;
                buffer[offset + i] = p switch { 0 => 0xFF, 1 => 0xD8, 2 => 0xFF, 3 => 0xE0, _ => (byte)(p * 131 >> 5) };
            }
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
