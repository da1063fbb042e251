namespace Automation.Api.Contracts;

/// <summary>Answer to <c>POST /api/v1/agents</c>.</summary>
/// <param name="AgentId">The agent's id: use it to poll, heartbeat and report.</param>
/// <param name="HeartbeatInterval">How often to poll or heartbeat, as an ISO 8601 duration (e.g. <c>PT10S</c>); silent for 3 × this, the agent is unhealthy and its tasks are queued again.</param>
/// <param name="HeartbeatIntervalSeconds">The same interval in seconds.</param>
public sealed record RegisterAgentResponse(string AgentId, string HeartbeatInterval, int HeartbeatIntervalSeconds);
