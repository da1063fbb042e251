namespace Automation.Hosting.Tls;

/// <summary>Which side of the Orleans connections a node is on; decides the key usages its certificate needs.</summary>
public enum ClusterTlsRole
{
    /// <summary>A silo accepts connections (server authentication) and opens them to other silos (client authentication).</summary>
    Silo,

    /// <summary>An Orleans client such as the API only opens connections to gateways (client authentication).</summary>
    Client,
}
