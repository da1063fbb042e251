using Automation.Services;

namespace Automation.Engine.Alerts;

/// <summary>
/// The de-duplication rule for service alerts: a service wants an alert exactly while its shown status is Unhealthy.
/// Whatever the number of transitions or repeated publishes, the answer only depends on the current status and on
/// whether an unresolved alert exists, so applying it twice changes nothing. Resolving by hand closes the incident: an
/// alert someone resolved while the service is still Unhealthy is not raised again for the same Unhealthy spell; a new
/// alert needs a new transition into Unhealthy (as a resolved PagerDuty incident or a closed Opsgenie alert stays closed).
/// </summary>
public static class ServiceAlertDecision
{
    /// <summary>The rule name of a service's unhealthy alert (the last part of its key).</summary>
    public const string UnhealthyRule = "unhealthy";

    /// <summary>Decides what to do.</summary>
    /// <param name="status">The shown status (Maintenance and Impacted override the probe status).</param>
    /// <param name="probeStatus">The status from the service's own probes.</param>
    /// <param name="hasUnresolved">Whether the service has an unresolved (open or acknowledged) alert.</param>
    /// <param name="closedByUser">Whether the alert of the current Unhealthy spell was resolved by hand.</param>
    /// <returns>The action.</returns>
    public static ServiceAlertAction Decide(ServiceStatus status, ServiceStatus probeStatus, bool hasUnresolved, bool closedByUser = false) => status switch
    {
        ServiceStatus.Unhealthy => hasUnresolved || closedByUser ? ServiceAlertAction.None : ServiceAlertAction.Raise,
        // A maintenance window holds the status: a failing service inside one is recorded as suppressed, and an alert
        // raised before the window is closed (the owner announced the work).
        ServiceStatus.Maintenance when hasUnresolved => ServiceAlertAction.Resolve,
        ServiceStatus.Maintenance when probeStatus == ServiceStatus.Unhealthy => ServiceAlertAction.Suppress,
        // Unknown after a restart is not a recovery: keep what is open until the probes decide.
        ServiceStatus.Unknown => ServiceAlertAction.None,
        _ => hasUnresolved ? ServiceAlertAction.Resolve : ServiceAlertAction.None,
    };
}
