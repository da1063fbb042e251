using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/tasks/{taskId}/fail</c>. Unknown properties are rejected.</summary>
/// <param name="AgentId">The agent holding the task (required).</param>
/// <param name="Error">What went wrong.</param>
/// <param name="Retryable">Whether the step's retry policy may try again; default true, false makes the failure final.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FailTaskRequest(string? AgentId = null, TaskErrorRequest? Error = null, bool? Retryable = null);
