using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Automation.Api.Health;

/// <summary>
/// Cluster membership for <c>/health/details</c>: every silo the membership table knows with its status; healthy with
/// at least one active silo, degraded when a silo is joining or shutting down.
/// </summary>
/// <param name="grains">The cluster client.</param>
internal sealed class MembershipHealthCheck(IGrainFactory grains) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            var active = hosts.Count(h => h.Value == SiloStatus.Active);
            var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["activeSilos"] = active };
            foreach (var (silo, status) in hosts.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal))
            {
                data["silo " + silo.ToParsableString()] = status.ToString();
            }

            if (active == 0)
            {
                return HealthCheckResult.Unhealthy("No active silo.", data: data);
            }

            return hosts.Values.Any(s => s is SiloStatus.Joining or SiloStatus.Created or SiloStatus.ShuttingDown or SiloStatus.Stopping)
                ? HealthCheckResult.Degraded($"{active} active silo(s); others are joining or leaving.", data: data)
                : HealthCheckResult.Healthy($"{active} active silo(s).", data);
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Cluster unreachable.", ex);
        }
    }
}
