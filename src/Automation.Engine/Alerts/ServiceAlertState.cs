using Automation.Services;

namespace Automation.Engine.Alerts;

/// <summary>A service's current statuses, as the reconcile reads them.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Status">The shown status.</param>
/// <param name="ProbeStatus">The status from its own probes.</param>
public sealed record ServiceAlertState(string Name, ServiceStatus Status, ServiceStatus ProbeStatus)
{
    /// <summary>Whether someone resolved the alert of the current Unhealthy spell by hand (no new alert until a new spell).</summary>
    public bool ClosedByUser { get; init; }
}
