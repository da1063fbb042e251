namespace Automation.Agent.Protocol;

/// <summary>The body of <c>POST /api/v1/tasks/{taskId}/fail</c>.</summary>
internal sealed record FailTaskRequest(string AgentId, TaskError Error, bool Retryable);
