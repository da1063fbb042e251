namespace Automation.Agent.Protocol;

/// <summary>The 200 answer to a heartbeat.</summary>
internal sealed record HeartbeatResponse(bool CancelRequested, TaskDeadlines? Deadlines);
