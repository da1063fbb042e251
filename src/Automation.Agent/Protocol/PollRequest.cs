namespace Automation.Agent.Protocol;

/// <summary>The body of <c>POST /api/v1/agents/{agentId}/poll</c>.</summary>
internal sealed record PollRequest(int Max, int WaitSeconds);
