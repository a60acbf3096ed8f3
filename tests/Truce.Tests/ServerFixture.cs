using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Tests;

/// <summary>A real demo deployment (in a temp folder, on the run's <see cref="TestStore"/>) served by the real server on a loopback port.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("truce-it").FullName;
    public Deployment Deployment { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public Uri BaseUri { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Deployment = await DemoLoader.CreateAsync(Dir, store: TestStore.New());
        App = TruceServer.Build(Deployment, "http://127.0.0.1:0", quiet: true);
        await App.StartAsync();
        BaseUri = new Uri(App.Urls.First() + "/");
    }

    public HttpClient Client(string? party = null)
    {
        var c = new HttpClient { BaseAddress = BaseUri };
        if (party is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Deployment.ReadSecret($"{party}-admin.token"));
        }
        return c;
    }

    /// <summary>Signs a body with a demo party's key and submits it over HTTP with that party's token.</summary>
    public async Task<HttpResponseMessage> PostEntryAsync(string party, string kind, JsonObject body, Visibility vis = Visibility.Public, string[]? to = null)
    {
        var (env, b) = EntryBuilder.Build(Deployment.Ledger.Origin, kind, Deployment.LoadKey(party), body, DateTimeOffset.UtcNow, vis, to);
        using var c = Client(party);
        return await c.PostAsJsonAsync("api/entries", new { envelope = env, body = b });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Deployment.DisposeAsync();
        Directory.Delete(Dir, true);
    }
}
