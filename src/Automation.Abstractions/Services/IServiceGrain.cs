using Orleans.Concurrency;

namespace Automation.Services;

/// <summary>
/// One monitored service, keyed by its name: probes it on its interval with a grain timer (a reminder re-activates it
/// after a silo loss or a cluster restart), runs its health state machine and records transitions. Its history
/// (probes, per-minute aggregates, transitions) goes to PostgreSQL in batches, not into grain state.
/// </summary>
[Alias("automation.IServiceGrain")]
public interface IServiceGrain : IGrainWithStringKey
{
    /// <summary>Registers or replaces the service; a replaced probe restarts the consecutive counts but keeps the status.</summary>
    /// <param name="spec">The registration (already validated field by field).</param>
    /// <param name="actor">Who asks.</param>
    /// <returns>The service, or errors about <c>dependsOn</c> (unknown service, cycle) with nothing registered.</returns>
    [Alias("Put")]
    Task<PutServiceResult> PutAsync(ServiceSpec spec, string? actor);

    /// <summary>Reads the service.</summary>
    /// <returns>The service, or <see langword="null"/> when none is registered under this name.</returns>
    [Alias("Get"), AlwaysInterleave]
    Task<ServiceSnapshot?> GetAsync();

    /// <summary>Deletes the service, its reminder and its history; refused while other services depend on it.</summary>
    /// <returns>The outcome.</returns>
    [Alias("Delete")]
    Task<DeleteServiceResult> DeleteAsync();

    /// <summary>Sets (or replaces) a maintenance window.</summary>
    /// <param name="until">When it ends (in the future).</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who asks.</param>
    /// <returns>The service, or <see langword="null"/> when there is none.</returns>
    [Alias("SetMaintenance")]
    Task<ServiceSnapshot?> SetMaintenanceAsync(DateTimeOffset until, string? reason, string? actor);

    /// <summary>Ends the maintenance window now, if there is one.</summary>
    /// <returns>The service, or <see langword="null"/> when there is none.</returns>
    [Alias("ClearMaintenance")]
    Task<ServiceSnapshot?> ClearMaintenanceAsync();

    /// <summary>Reads the health history from PostgreSQL, with uptime over 24 h and 7 d.</summary>
    /// <returns>The report, or <see langword="null"/> when there is no such service.</returns>
    [Alias("GetHealth"), AlwaysInterleave]
    Task<ServiceHealthReport?> GetHealthAsync();

    /// <summary>
    /// Feeds outcomes of <c>http</c> step calls into the service's circuit breaker (a silo reports at most once a
    /// second per service); the breaker opens from these as well as from probes.
    /// </summary>
    /// <param name="counts">The outcomes since the silo's previous report.</param>
    /// <returns>The service's gate now, or <see langword="null"/> when it is not registered.</returns>
    [Alias("ReportCalls")]
    Task<ServiceGate?> ReportCallsAsync(ServiceCallCounts counts);
}
