using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Outbound;

/// <summary>
/// Decides whether an address may be dialled for a user-directed connection. Public addresses are allowed; loopback,
/// private, link-local and reserved ones need <see cref="OutboundOptions.AllowPrivateNetworks"/> or an allow entry;
/// cloud metadata addresses need an allow entry naming that single address. IPv4 inside IPv6 (mapped, NAT64, 6to4) is
/// judged as the IPv4 address it carries. Pure: no I/O.
/// </summary>
public sealed class OutboundAddressPolicy
{
    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network": 0.0.0.0 reaches the local host
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/3"), // multicast, reserved, broadcast
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("fc00::/7"), // unique-local (fd00:ec2::254 is in here)
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Cloud instance metadata endpoints (AWS IMDS and ECS/EKS credentials, GCP, Azure, Alibaba).</summary>
    public static IReadOnlyList<IPAddress> MetadataAddresses { get; } =
    [
        IPAddress.Parse("169.254.169.254"),
        IPAddress.Parse("169.254.170.2"),
        IPAddress.Parse("169.254.170.23"),
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("fd00:ec2::23"),
        IPAddress.Parse("100.100.100.200"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly bool _allowPrivate;
    private readonly OutboundAllowEntry[] _allow;

    /// <summary>Creates the policy from options.</summary>
    /// <param name="options">The options.</param>
    public OutboundAddressPolicy(IOptions<OutboundOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowPrivate = options.Value.AllowPrivateNetworks;
        _allow = [.. options.Value.Allow.Select(a => OutboundAllowEntry.TryParse(a, out var e) ? e : default).Where(e => e.Network is not null || e.Host is not null)];
    }

    /// <summary>Why <paramref name="address"/> may not be dialled for <paramref name="host"/>, or <see langword="null"/> when it may.</summary>
    /// <param name="host">The host name the user gave (or the address literal).</param>
    /// <param name="address">An address it resolved to.</param>
    /// <returns>The refusal, naming the address and the setting; <see langword="null"/> when allowed.</returns>
    public string? Refusal(string host, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);
        var ip = Normalize(address);
        var name = host.TrimEnd('.').ToLowerInvariant();
        var metadata = MetadataAddresses.Contains(ip);
        foreach (var entry in _allow)
        {
            if (entry.Network is { } network && network.Contains(ip) && (!metadata || entry.IsSingleAddress))
            {
                return null;
            }

            if (entry.Host is not null && entry.MatchesHost(name) && !metadata)
            {
                return null;
            }
        }

        var section = OutboundOptions.SectionName;
        if (metadata)
        {
            return $"address {ip} is a cloud metadata address: it is not allowed by {section} unless {section}:Allow lists that single address.";
        }

        if (!_allowPrivate && NonPublic.Any(n => n.Contains(ip)))
        {
            return $"address {ip} is not allowed by {section}: loopback, private and link-local addresses need {section}:AllowPrivateNetworks "
                + $"or an entry in {section}:Allow.";
        }

        return null;
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), or the address itself; scope ids dropped.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The address to judge.</returns>
    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        return address.ScopeId == 0 ? address : new IPAddress(bytes);
    }
}
