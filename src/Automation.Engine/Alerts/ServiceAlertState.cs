using Automation.Services;

namespace Automation.Engine.Alerts;

/// <summary>A service's current statuses, as the reconcile reads them.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Status">The shown status.</param>
/// <param name="ProbeStatus">The status from its own probes.</param>
public sealed record ServiceAlertState(string Name, ServiceStatus Status, ServiceStatus ProbeStatus);
