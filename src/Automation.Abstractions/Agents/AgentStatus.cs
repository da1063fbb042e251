namespace Automation.Agents;

/// <summary>An agent's health.</summary>
public enum AgentStatus
{
    /// <summary>It polled or heartbeated within 3 × the heartbeat interval.</summary>
    Healthy = 0,

    /// <summary>It did not: its tasks were queued again.</summary>
    Unhealthy = 1,

    /// <summary>Deleted: no new leases; it is removed once it holds none.</summary>
    Draining = 2,
}
