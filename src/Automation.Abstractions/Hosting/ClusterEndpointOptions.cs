namespace Automation.Hosting;

/// <summary>
/// The silo's place in the cluster, bound from the configuration section <c>Orleans</c> (environment variables
/// <c>Orleans__ClusterId</c>, <c>Orleans__SiloPort</c>, …). The API reads <see cref="ClusterId"/> and
/// <see cref="ServiceId"/> only. In Kubernetes the silo advertises its pod IP instead of <see cref="AdvertisedIp"/>.
/// </summary>
public sealed class ClusterEndpointOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Orleans";

    /// <summary>The cluster id; silos and API instances of one deployment share it. Default <c>automation</c>.</summary>
    public string ClusterId { get; set; } = "automation";

    /// <summary>The service id; stays the same across deployments of one system (grain state is keyed by it). Default <c>automation</c>.</summary>
    public string ServiceId { get; set; } = "automation";

    /// <summary>The IP address other silos and clients reach this silo at. Default <c>127.0.0.1</c>.</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The gateway port API instances connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Whether to listen on every address rather than <see cref="AdvertisedIp"/> only (behind NAT). Default false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
