using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/tasks/{taskId}/complete</c>. Unknown properties are rejected.</summary>
/// <param name="AgentId">The agent holding the task (required).</param>
/// <param name="Output">The step's output: any JSON (the body is at most 1 MiB).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CompleteTaskRequest(string? AgentId = null, JsonElement? Output = null);
