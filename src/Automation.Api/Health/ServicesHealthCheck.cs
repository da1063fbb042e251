using Automation.Services;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Automation.Api.Health;

/// <summary>
/// Monitored dependencies for <c>/health/details</c>: the count of registered services by status and the names of
/// those Unhealthy; degraded when any is Unhealthy or Degraded (the system itself still works).
/// </summary>
/// <param name="grains">The cluster client.</param>
internal sealed class ServicesHealthCheck(IGrainFactory grains) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var names = await grains.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).ListAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            var snapshots = (await Task.WhenAll(names.Select(n => grains.GetGrain<IServiceGrain>(n).GetAsync())).WaitAsync(TimeSpan.FromSeconds(3), cancellationToken))
                .OfType<ServiceSnapshot>().ToList();
            var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["services"] = snapshots.Count };
            foreach (var group in snapshots.GroupBy(s => s.Status).OrderBy(g => g.Key))
            {
                data[group.Key.ToString()] = group.Count();
            }

            var unhealthy = snapshots.Where(s => s.Status == ServiceStatus.Unhealthy).Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
            if (unhealthy.Count > 0)
            {
                data["unhealthy"] = unhealthy;
            }

            return unhealthy.Count > 0 || snapshots.Any(s => s.Status == ServiceStatus.Degraded)
                ? HealthCheckResult.Degraded($"{unhealthy.Count} monitored service(s) unhealthy.", data: data)
                : HealthCheckResult.Healthy($"{snapshots.Count} monitored service(s), none unhealthy.", data);
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Monitored services unreadable.", ex);
        }
    }
}
