namespace Automation.Agent.Protocol;

/// <summary>When a leased task must be reported (<c>runBy</c>) and heartbeat next (<c>heartbeatBy</c>, if the step has a heartbeat timeout).</summary>
internal sealed record TaskDeadlines(DateTimeOffset? RunBy, DateTimeOffset? HeartbeatBy);
