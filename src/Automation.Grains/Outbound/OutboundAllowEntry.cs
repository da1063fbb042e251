using System.Net;

namespace Automation.Grains.Outbound;

/// <summary>One parsed <see cref="OutboundOptions.Allow"/> entry: a network, or a host name (exact, or <c>*.suffix</c>).</summary>
/// <param name="Network">The range, for an address or CIDR entry.</param>
/// <param name="Host">The lower-case host name, for a name entry (without the <c>*.</c> of a wildcard).</param>
/// <param name="Subdomains">Whether the name entry was a wildcard.</param>
internal readonly record struct OutboundAllowEntry(IPNetwork? Network, string? Host, bool Subdomains)
{
    /// <summary>Whether the entry is one address (a /32 or /128): only such an entry allows a metadata address.</summary>
    public bool IsSingleAddress => Network is { } n && n.PrefixLength == (n.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);

    /// <summary>Parses an entry.</summary>
    /// <param name="text">The configured text.</param>
    /// <param name="entry">The entry.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string? text, out OutboundAllowEntry entry)
    {
        entry = default;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            return false;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            var normalized = OutboundAddressPolicy.Normalize(address);
            entry = new(new IPNetwork(normalized, normalized.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128), null, false);
            return true;
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            if (!IPNetwork.TryParse(value, out var network))
            {
                return false;
            }

            entry = new(network, null, false);
            return true;
        }

        var wildcard = value.StartsWith("*.", StringComparison.Ordinal);
        var host = (wildcard ? value[2..] : value).TrimEnd('.').ToLowerInvariant();
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return false;
        }

        entry = new(null, host, wildcard);
        return true;
    }

    /// <summary>Whether the entry names <paramref name="host"/>.</summary>
    /// <param name="host">The lower-case host name being connected to.</param>
    /// <returns>Whether it matches.</returns>
    public bool MatchesHost(string host) =>
        Host is { } h && (Subdomains ? host.EndsWith("." + h, StringComparison.Ordinal) : host == h);
}
