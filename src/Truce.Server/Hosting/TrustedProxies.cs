using Microsoft.AspNetCore.HttpOverrides;

namespace Truce.Server.Hosting;

/// <summary>Which peers may say whom they forward for (<see cref="Deployment.TrustedProxies"/>): the client address the
/// public form's limit counts against, behind a reverse proxy.</summary>
static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<Deployment>((o, d) =>
        {
            // Only the proxies the deployment names: ASP.NET Core would otherwise believe any loopback peer, and with no
            // proxy or network listed, anyone at all. So with none named the header is not read.
            o.ForwardedHeaders = d.TrustedProxies.Count > 0 ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;
            // A chain of proxies, each named: the header is read from the right, one address per named proxy at most,
            // and stops at the first address that is not a named proxy, so entries a client puts before its own are
            // never reached.
            o.ForwardLimit = Math.Max(1, d.TrustedProxies.Count);
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in d.TrustedProxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        return services;
    }
}
