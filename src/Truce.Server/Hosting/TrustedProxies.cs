using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Truce.Core.Entries;
using IPNetwork = System.Net.IPNetwork;

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
            // A chain of proxies, each named or in a named network: the header is read from the right, the address each
            // proxy saw, and stops at the first address that is not a named proxy, so entries a client puts before its own
            // are never reached. At most as many hops are read as proxies may be named.
            o.ForwardLimit = MaxProxies;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in d.TrustedProxies)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>At most this many proxies or networks may be named, and at most this many hops of the header are read.</summary>
    public const int MaxProxies = 32;

    /// <summary>The widest network that may be named: a /8 (IPv4) or /32 (IPv6). Wider is a typo or "trust anyone", which
    /// would let any client name a fresh address for each request.</summary>
    const int MinPrefixV4 = 8, MinPrefixV6 = 32;

    /// <summary>The proxies deployment.json names; a value that is not a list of addresses and networks stops the
    /// deployment opening, naming the setting and the entry.</summary>
    public static IReadOnlyList<IPNetwork> Of(JsonElement config)
    {
        if (!config.TryGetProperty("trustedProxies", out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        const string field = "deployment.json trustedProxies";
        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() > MaxProxies)
        {
            throw new ValidationException(field, $"must be a list of at most {MaxProxies} IP addresses or networks");
        }
        var list = new List<IPNetwork>();
        foreach (var e in p.EnumerateArray())
        {
            list.Add(e.ValueKind == JsonValueKind.String && Network(e.GetString()!) is { } n
                ? n : throw new ValidationException(field, $"{e.GetRawText()} is not an IP address (four dotted decimals, or IPv6) or a network of one (such an address, '/' and a prefix length of at least {MinPrefixV4} for IPv4 or {MinPrefixV6} for IPv6, the bits after it zero)"));
        }
        return list;
    }

    /// <summary>An address, or a network as its first address and prefix length ("10.0.0.0/16"), each written in full.</summary>
    static IPNetwork? Network(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            return Address(text) is { } single ? new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128) : null;
        }
        var prefixText = text[(slash + 1)..];
        if (Address(text[..slash]) is not { } first || prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit))
        {
            return null;
        }
        var (min, max) = first.AddressFamily == AddressFamily.InterNetwork ? (MinPrefixV4, 32) : (MinPrefixV6, 128);
        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        if (prefix < min || prefix > max)
        {
            return null;
        }
        // Bits set after the prefix ("10.0.0.1/16"): which network was meant is a guess.
        var bytes = first.GetAddressBytes();
        for (var bit = prefix; bit < 8 * bytes.Length; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return null;
            }
        }
        return new IPNetwork(first, prefix);
    }

    /// <summary>An address written in full: the parser also takes "10.1" for 10.0.0.1 and hex forms, and a typo should
    /// stop the deployment opening rather than trust another host. An IPv4-mapped IPv6 form is refused too: a peer
    /// arriving that way is compared as IPv4, so it would never match.</summary>
    static IPAddress? Address(string text) =>
        text.Length <= 45 && IPAddress.TryParse(text, out var a) && !a.IsIPv4MappedToIPv6
        && (text.Contains(':') || (text.Count(c => c == '.') == 3 && text.All(c => char.IsAsciiDigit(c) || c == '.')))
            ? a : null;
}
