namespace Automation.Services;

/// <summary>The health of a monitored service.</summary>
public enum ServiceStatus
{
    /// <summary>Not probed yet, or not enough probes to decide.</summary>
    Unknown = 0,

    /// <summary>Probes pass within the latency threshold.</summary>
    Healthy = 1,

    /// <summary>Some probes fail (fewer in a row than the unhealthy threshold) or probes are slow.</summary>
    Degraded = 2,

    /// <summary>At least the unhealthy threshold of probes failed in a row.</summary>
    Unhealthy = 3,

    /// <summary>In a maintenance window set through the API: probes run and are recorded, the status is held.</summary>
    Maintenance = 4,

    /// <summary>Its own probes pass, but a dependency is Unhealthy (or itself Impacted).</summary>
    Impacted = 5,
}
