using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Automation.Api.Health;

/// <summary>
/// The reminder service's table for <c>/health/details</c>: readable, with the number of reminders of this service
/// (a running workflow, retry or timeout keeps one; the silos read the same table).
/// </summary>
/// <param name="dataSource">The shared data source.</param>
/// <param name="cluster">The cluster options (service id).</param>
internal sealed class RemindersHealthCheck(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM orleansreminderstable WHERE serviceid = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
            var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return HealthCheckResult.Healthy("Reminder table readable.", new Dictionary<string, object> { ["reminders"] = count });
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("Reminder table unreadable.", ex);
        }
    }
}
