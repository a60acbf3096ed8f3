using Truce.Server.Hosting;

namespace Truce.Server.Endpoints;

/// <summary>
/// On a server that follows another's log (several servers on one PostgreSQL database), a request that would write
/// goes to the writer and its answer comes back as it is: clients may send writes to any server. Reads are answered
/// here, from this server's own state (a POST that only reads too: <see cref="Http.ReadsOnlyMetadata"/>). A mirror's
/// server has no writer to send writes to, and refuses them (405). With no writer to reach (it died, and no one has taken over yet) the answer is
/// 503 with Retry-After; an entry sent again with the same client id is answered as the entry it already is, so a
/// client that retries never logs twice.
/// </summary>
public sealed class WriteForwarding(RequestDelegate next)
{
    /// <summary>Marks a forwarded request: a follower that receives one (the writer it names has just stepped down)
    /// answers 503 instead of forwarding again.</summary>
    public const string Header = "Truce-Forwarded";
    const string ForwardedFor = "X-Forwarded-For";

    static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    public async Task InvokeAsync(HttpContext ctx, Deployment d)
    {
        var method = ctx.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || !d.Ledger.Following
            || ctx.GetEndpoint()?.Metadata.GetMetadata<Http.ReadsOnlyMetadata>() is not null)
        {
            await next(ctx);
            return;
        }
        if (d.MirrorOf is { } upstream)
        {
            // A mirror has no writer to forward to: its upstream may be a static copy, or not take this client's writes.
            ctx.Response.Headers.Allow = "GET, HEAD";
            await ErrorMapping.Problem(ctx, 405, "A read-only mirror", $"this server is a read-only mirror of {upstream}: send writes to the deployment it copies");
            return;
        }
        if (ctx.Request.Headers.ContainsKey(Header) || d.WriterUrl is not { } writer)
        {
            await NoWriter(ctx, "this server follows the log's writer, and no writer has taken over yet");
            return;
        }
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri(writer), ctx.Request.Path + ctx.Request.QueryString));
        if (ctx.Request.ContentLength is > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(ctx.Request.Body);
        }
        CopyHeaders(ctx, request);
        HttpResponseMessage answer;
        try
        {
            answer = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            await NoWriter(ctx, $"the writer at {writer} cannot be reached ({e.Message}); another server takes over within seconds");
            return;
        }
        using (answer)
        {
            ctx.Response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    ctx.Response.Headers[name] = values.ToArray();
                }
            }
            await answer.Content.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
        }
    }

    /// <summary>The client's headers but the hop-by-hop ones, the mark of a forwarded request, and the client as this
    /// server resolved it.</summary>
    static void CopyHeaders(HttpContext ctx, HttpRequestMessage request)
    {
        foreach (var (name, values) in ctx.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        request.Headers.TryAddWithoutValidation(Header, "1");
        // The client as this server resolved it (through a proxy it trusts, or the peer itself), in place of whatever the
        // client said: the writer counts the public form's limit against it when it lists this server as a proxy.
        request.Headers.Remove(ForwardedFor);
        if (ctx.Connection.RemoteIpAddress is { } client)
        {
            request.Headers.TryAddWithoutValidation(ForwardedFor, (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString());
        }
    }

    static Task NoWriter(HttpContext ctx, string detail)
    {
        ctx.Response.Headers.RetryAfter = "1";
        return ErrorMapping.Problem(ctx, 503, "No writer", detail);
    }
}
