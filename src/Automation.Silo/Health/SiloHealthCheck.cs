using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Automation.Silo.Health;

/// <summary>Ready when this silo is an active member of the cluster.</summary>
internal sealed class SiloHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("Silo active in the cluster.")
            : HealthCheckResult.Unhealthy($"Silo status is {status}."));
    }
}
