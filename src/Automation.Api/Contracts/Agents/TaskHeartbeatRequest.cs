using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/tasks/{taskId}/heartbeat</c>. Unknown properties are rejected.</summary>
/// <param name="AgentId">The agent holding the task (required).</param>
/// <param name="Progress">Progress, 0–100.</param>
/// <param name="Details">Any JSON shown with the progress on the step, at most 16 KiB.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskHeartbeatRequest(string? AgentId = null, int? Progress = null, JsonElement? Details = null);
