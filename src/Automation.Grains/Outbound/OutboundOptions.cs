namespace Automation.Grains.Outbound;

/// <summary>
/// Which addresses the silo may connect to on behalf of users: service probes (http, tcp), notification deliveries
/// (webhook, Slack, email) and <c>http</c> workflow steps. Bound from <c>Automation:Outbound</c>; enforced when the
/// connection is made, on the address actually dialled (see ADR 0019).
/// </summary>
public sealed class OutboundOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Outbound";

    /// <summary>
    /// Allows loopback, private (RFC 1918, CGNAT, IPv6 unique-local), link-local and other non-public addresses. Default
    /// <see langword="false"/>: a user who may register a probe or a channel must not reach the silo's own network.
    /// Cloud metadata addresses stay refused even then.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Always allowed: CIDR ranges (<c>10.20.0.0/16</c>, <c>::1/128</c>), single addresses (<c>127.0.0.1</c>) or host names
    /// (<c>hooks.internal.example</c>, or <c>*.internal.example</c> for its subdomains). A host name allows whatever it
    /// resolves to, except a cloud metadata address: that is allowed only when listed as a single address.
    /// </summary>
    public IList<string> Allow { get; } = [];
}
