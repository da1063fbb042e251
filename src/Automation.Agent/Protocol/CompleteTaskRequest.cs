using System.Text.Json;

namespace Automation.Agent.Protocol;

/// <summary>The body of <c>POST /api/v1/tasks/{taskId}/complete</c>.</summary>
internal sealed record CompleteTaskRequest(string AgentId, JsonElement Output);
