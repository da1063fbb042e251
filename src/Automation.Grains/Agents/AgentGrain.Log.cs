using Microsoft.Extensions.Logging;

namespace Automation.Grains.Agents;

internal sealed partial class AgentGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} ({Name}) registered for {Capabilities}")]
    private partial void LogRegistered(string agentId, string name, string capabilities);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} draining with {Leases} tasks held")]
    private partial void LogDraining(string agentId, int leases);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} removed")]
    private partial void LogRemoved(string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} is unhealthy: its {Leases} tasks are queued again")]
    private partial void LogUnhealthy(string agentId, int leases);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}: liveness check failed")]
    private partial void LogLivenessFailed(Exception ex, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId}: a queue partition failed to lease; answering with the tasks leased so far")]
    private partial void LogLeaseFailed(Exception ex, string agentId);
}
