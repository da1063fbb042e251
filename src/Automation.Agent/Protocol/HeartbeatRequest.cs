using System.Text.Json;

namespace Automation.Agent.Protocol;

/// <summary>The body of <c>POST /api/v1/tasks/{taskId}/heartbeat</c>.</summary>
internal sealed record HeartbeatRequest(string AgentId, int? Progress, JsonElement? Details);
