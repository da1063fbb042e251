using System.Net;
using Microsoft.Extensions.Options;

namespace Automation.Hosting;

/// <summary>Checks <see cref="ClusterEndpointOptions"/> at start-up; each failure names the setting.</summary>
public sealed class ClusterEndpointOptionsValidator : IValidateOptions<ClusterEndpointOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = ClusterEndpointOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{section}:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{section}:ServiceId must not be empty.");
        }

        if (!IPAddress.TryParse(options.AdvertisedIp, out _))
        {
            failures.Add($"{section}:AdvertisedIp must be an IP address (was '{options.AdvertisedIp}').");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            failures.Add($"{section}:SiloPort must be 1 to 65535 (was {options.SiloPort}).");
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            failures.Add($"{section}:GatewayPort must be 1 to 65535 (was {options.GatewayPort}).");
        }

        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{section}:SiloPort and {section}:GatewayPort must differ (both {options.SiloPort}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
