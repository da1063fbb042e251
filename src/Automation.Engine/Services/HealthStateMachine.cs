using System.Globalization;
using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>
/// The health state machine of a monitored service, with no I/O: <c>Unknown → Healthy ↔ Degraded ↔ Unhealthy</c> by
/// consecutive failures and passes and a latency threshold; a maintenance window shows Maintenance until its end; a
/// dependency that is Unhealthy or Impacted shows Impacted, unless the service's own probes say Unhealthy. The probe
/// status is kept beside the shown status, so both can be displayed.
/// </summary>
public static class HealthStateMachine
{
    /// <summary>Applies one probe result.</summary>
    /// <param name="state">The state before.</param>
    /// <param name="probe">The result.</param>
    /// <param name="thresholds">The service's thresholds.</param>
    /// <param name="maintenance">The maintenance window, if any.</param>
    /// <param name="impactedBy">Dependencies that are Unhealthy or Impacted now.</param>
    /// <param name="now">The time.</param>
    /// <returns>The new state and the change of the shown status, if any.</returns>
    public static HealthStep Apply(HealthState state, ProbeResult probe, HealthThresholds thresholds, MaintenanceWindow? maintenance, IReadOnlyList<string> impactedBy, DateTimeOffset now)
    {
        var failures = probe.Passed ? 0 : state.ConsecutiveFailures + 1;
        var passes = probe.Passed ? state.ConsecutivePasses + 1 : 0;
        var slow = probe.Passed && thresholds.LatencyDegradedMs is { } limit && probe.LatencyMs > limit;
        var (probeStatus, probeReason) = NextProbeStatus(state.ProbeStatus, probe, thresholds, failures, passes, slow);
        var next = state with { ProbeStatus = probeStatus, ConsecutiveFailures = failures, ConsecutivePasses = passes };
        return Settle(state, next, maintenance, impactedBy, now, probeReason);
    }

    /// <summary>Re-evaluates the shown status without a probe (a maintenance window was set, cleared or ended; dependencies changed).</summary>
    /// <param name="state">The state before.</param>
    /// <param name="maintenance">The maintenance window, if any.</param>
    /// <param name="impactedBy">Dependencies that are Unhealthy or Impacted now.</param>
    /// <param name="now">The time.</param>
    /// <returns>The new state and the change of the shown status, if any.</returns>
    public static HealthStep Reevaluate(HealthState state, MaintenanceWindow? maintenance, IReadOnlyList<string> impactedBy, DateTimeOffset now) =>
        Settle(state, state, maintenance, impactedBy, now, null);

    /// <summary>Whether a shown status counts as up for uptime (Healthy, Degraded, Impacted).</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> when up.</returns>
    public static bool IsUp(ServiceStatus status) => status is ServiceStatus.Healthy or ServiceStatus.Degraded or ServiceStatus.Impacted;

    /// <summary>Whether a dependency in this shown status makes its dependents Impacted.</summary>
    /// <param name="status">The dependency's status.</param>
    /// <returns><see langword="true"/> for Unhealthy and Impacted.</returns>
    public static bool Impacts(ServiceStatus status) => status is ServiceStatus.Unhealthy or ServiceStatus.Impacted;

    private static (ServiceStatus Status, string? Reason) NextProbeStatus(
        ServiceStatus current, ProbeResult probe, HealthThresholds t, int failures, int passes, bool slow)
    {
        var detail = string.IsNullOrEmpty(probe.Detail) ? "" : ": " + probe.Detail;
        if (!probe.Passed)
        {
            if (failures >= t.UnhealthyAfter)
            {
                return (ServiceStatus.Unhealthy, current == ServiceStatus.Unhealthy ? null
                    : $"{Count(failures, "consecutive failure")} (unhealthyAfter {t.UnhealthyAfter}){detail}");
            }

            if (failures >= t.DegradedAfter && current is ServiceStatus.Healthy or ServiceStatus.Unknown)
            {
                return (ServiceStatus.Degraded, $"{Count(failures, "consecutive failure")} (degradedAfter {t.DegradedAfter}){detail}");
            }

            return (current, null);
        }

        var latency = probe.LatencyMs.ToString("0.#", CultureInfo.InvariantCulture);
        var slowReason = $"probe took {latency} ms (latencyDegradedMs {t.LatencyDegradedMs})";
        switch (current)
        {
            case ServiceStatus.Unknown:
                return slow ? (ServiceStatus.Degraded, "first probe passed but " + slowReason) : (ServiceStatus.Healthy, "first probe passed");
            case ServiceStatus.Healthy:
                return slow ? (ServiceStatus.Degraded, slowReason) : (current, null);
            case ServiceStatus.Degraded:
                return passes >= t.RecoverAfter && !slow
                    ? (ServiceStatus.Healthy, $"{Count(passes, "consecutive pass", "es")} (recoverAfter {t.RecoverAfter})")
                    : (current, null);
            case ServiceStatus.Unhealthy:
                if (passes < t.RecoverAfter)
                {
                    return (current, null);
                }

                var recovered = $"{Count(passes, "consecutive pass", "es")} (recoverAfter {t.RecoverAfter})";
                return slow ? (ServiceStatus.Degraded, recovered + " but " + slowReason) : (ServiceStatus.Healthy, recovered);
            default:
                return (current, null);
        }
    }

    private static HealthStep Settle(HealthState before, HealthState next, MaintenanceWindow? maintenance, IReadOnlyList<string> impactedBy, DateTimeOffset now, string? probeReason)
    {
        var inMaintenance = maintenance is not null && now < maintenance.Until;
        var impacted = next.ProbeStatus != ServiceStatus.Unhealthy && impactedBy.Count > 0;
        var shown = inMaintenance ? ServiceStatus.Maintenance : impacted ? ServiceStatus.Impacted : next.ProbeStatus;
        next = next with { ImpactedBy = [.. impactedBy], Status = shown };
        if (shown == before.Status)
        {
            return new HealthStep(next, null);
        }

        string reason;
        if (inMaintenance)
        {
            reason = "maintenance until " + maintenance!.Until.ToString("O", CultureInfo.InvariantCulture) + (maintenance.Reason is { Length: > 0 } r ? ": " + r : "");
        }
        else if (impacted)
        {
            reason = "dependency unhealthy: " + string.Join(", ", impactedBy);
        }
        else if (before.Status == ServiceStatus.Maintenance && probeReason is null)
        {
            reason = "maintenance ended; probe status " + shown;
        }
        else if (before.Status == ServiceStatus.Impacted && probeReason is null)
        {
            reason = "dependencies recovered; probe status " + shown;
        }
        else
        {
            reason = probeReason ?? "probe status " + shown;
        }

        return new HealthStep(next with { StatusSince = now }, new HealthChange(before.Status, shown, reason));
    }

    private static string Count(int n, string noun, string plural = "s") => n == 1 ? $"1 {noun}" : $"{n} {noun}{plural}";
}
