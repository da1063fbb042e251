namespace Automation.Agent.Protocol;

/// <summary>The answer to <c>POST /api/v1/agents</c>.</summary>
internal sealed record RegisterAgentResponse(string AgentId, string? HeartbeatInterval, double? HeartbeatIntervalSeconds);
