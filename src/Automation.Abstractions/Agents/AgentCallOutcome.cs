namespace Automation.Agents;

/// <summary>How an agent's call turned out.</summary>
public enum AgentCallOutcome
{
    /// <summary>Done (or a repeat of a report already accepted).</summary>
    Ok = 0,

    /// <summary>No agent with that id.</summary>
    AgentNotFound = 1,

    /// <summary>The caller does not own the agent.</summary>
    Forbidden = 2,

    /// <summary>The agent is draining: no new leases.</summary>
    Draining = 3,

    /// <summary>No task with that id.</summary>
    TaskNotFound = 4,

    /// <summary>The agent does not hold the task (expired, reassigned, cancelled, finished by another report).</summary>
    NotHeld = 5,
}
