namespace Automation.Agent.Protocol;

/// <summary>A heartbeat's answer: the lease is gone (409 or 404), or the server's answer.</summary>
internal sealed record HeartbeatOutcome(bool LeaseLost, bool CancelRequested, TaskDeadlines? Deadlines);
