using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Truce.MineAction.Queries;
using Truce.Server;
using Truce.Server.Endpoints;

namespace Truce.Tests;

/// <summary>A request's work stops when its client goes away, and after the server's budget (docs/SECURITY.md, Bad input).</summary>
public class RequestBudgetTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    /// <summary>A zig-zag route inside the demo's recorded area, of legs some 200 km long (400 pieces of 500 m each).</summary>
    static JsonObject LongRoute(int legs = 12)
    {
        var coordinates = new JsonArray();
        for (int i = 0; i <= legs; i++)
        {
            coordinates.Add(new JsonArray(45.0 + i * 2.4 / legs, i % 2 == 0 ? 39.0 : 40.8));
        }
        return new JsonObject { ["geometry"] = new JsonObject { ["type"] = "LineString", ["coordinates"] = coordinates }, ["bufferM"] = 50 };
    }

    [Fact]
    public async Task A_request_over_the_budget_is_stopped_with_a_503_naming_the_budget_and_the_server_goes_on()
    {
        // A zero budget is spent before the work starts: deterministic, where a timer could fire after a fast route.
        await using var app = TruceServer.Build(fx.Deployment, "http://127.0.0.1:0", quiet: true, budget: TimeSpan.Zero);
        await app.StartAsync();
        using var tight = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
        var size = fx.Deployment.Ledger.Sequencer.Size;

        var stopped = await tight.PostAsJsonAsync("api/safety", LongRoute(legs: 2000));

        var text = await stopped.Content.ReadAsStringAsync();
        Assert.True(stopped.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)stopped.StatusCode}: {text}");
        Assert.Equal("application/problem+json", stopped.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Too much work", problem.GetProperty("title").GetString());
        Assert.Contains("stopped after 0 s", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(stopped.Headers.Contains("Retry-After"));

        using var normal = fx.Client();
        var answered = await normal.PostAsJsonAsync("api/safety", LongRoute());
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.True(JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement.GetProperty("lengthM").GetDouble() > 1_000_000);
        Assert.Equal(size, fx.Deployment.Ledger.Sequencer.Size);
    }

    [Fact]
    public async Task When_the_client_goes_away_the_work_stops_and_nothing_is_answered()
    {
        using var client = new CancellationTokenSource();
        var ctx = new DefaultHttpContext { RequestAborted = client.Token };
        ctx.Response.Body = new MemoryStream();
        var module = fx.Deployment.Ledger.Module<MineAction.MineActionModule>()!;
        var request = SafetyRequest.Read(JsonSerializer.SerializeToElement(LongRoute()));
        var pieces = 0;
        var mapping = new ErrorMapping(c =>
        {
            client.Cancel(); // the client hangs up while the route is being walked
            module.Read(Core.Access.Reader.Anonymous, b => request.Ask(b, fx.Deployment.Ledger.Area, stop: c.RequestAborted));
            pieces++;
            return Task.CompletedTask;
        }, NullLogger<ErrorMapping>.Instance, TimeSpan.FromMinutes(1));

        await mapping.InvokeAsync(ctx);

        Assert.Equal(0, pieces);
        Assert.Equal(0, ctx.Response.Body.Length);
        Assert.False(ctx.Response.HasStarted);
    }
}
