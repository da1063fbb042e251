using Automation.Services;

namespace Automation.Persistence;

/// <summary>Monitored services' history in PostgreSQL: recent probes, per-minute aggregates and transitions, written in batches by the silo.</summary>
public interface IServiceHealthStore
{
    /// <summary>Appends probe results, aggregates and transitions in one transaction; aggregates of a minute already stored are merged.</summary>
    /// <param name="probes">Probe results.</param>
    /// <param name="minutes">Closed minutes.</param>
    /// <param name="transitions">Transitions.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the rows are durable.</returns>
    Task AppendAsync(IReadOnlyList<ServiceProbeRecord> probes, IReadOnlyList<ServiceMinute> minutes, IReadOnlyList<ServiceTransition> transitions, CancellationToken cancellationToken = default);

    /// <summary>Reads a service's history.</summary>
    /// <param name="service">The service.</param>
    /// <param name="probes">At most this many recent probes.</param>
    /// <param name="minutesSince">Aggregates from this time on.</param>
    /// <param name="transitionsSince">Transitions from this time on (plus the latest one before it, which gives the status at that time).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Recent probes (newest first), minutes (oldest first), transitions (newest first).</returns>
    Task<(IReadOnlyList<ProbeResult> Probes, IReadOnlyList<ServiceMinute> Minutes, IReadOnlyList<ServiceTransition> Transitions)> ReadAsync(
        string service, int probes, DateTimeOffset minutesSince, DateTimeOffset transitionsSince, CancellationToken cancellationToken = default);

    /// <summary>Deletes old rows: probes beyond the newest <paramref name="keepProbes"/> of each of <paramref name="services"/> or older than <paramref name="probesBefore"/>, aggregates before <paramref name="minutesBefore"/>, transitions before <paramref name="transitionsBefore"/>.</summary>
    /// <param name="services">Services whose probe count to cap.</param>
    /// <param name="keepProbes">Probes kept per service.</param>
    /// <param name="probesBefore">Older probes go.</param>
    /// <param name="minutesBefore">Older aggregates go.</param>
    /// <param name="transitionsBefore">Older transitions go.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>A task that completes when done.</returns>
    Task PruneAsync(IReadOnlyCollection<string> services, int keepProbes, DateTimeOffset probesBefore, DateTimeOffset minutesBefore, DateTimeOffset transitionsBefore, CancellationToken cancellationToken = default);

    /// <summary>Deletes every row of a service.</summary>
    /// <param name="service">The service.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when done.</returns>
    Task DeleteAsync(string service, CancellationToken cancellationToken = default);
}
