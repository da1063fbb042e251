using System.Text.Json;
using Automation.Agents;

namespace Automation.Api.Contracts;

/// <summary>A task leased to an agent.</summary>
/// <param name="TaskId">The task id (opaque): heartbeat and report with it.</param>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="StepId">The step.</param>
/// <param name="Attempt">The attempt (1-based).</param>
/// <param name="Capability">The capability.</param>
/// <param name="Priority">Its priority, 0–9.</param>
/// <param name="Input">The step's input, templates rendered.</param>
/// <param name="IdempotencyKey"><c>{workflowId}:{stepId}</c>, the same for every attempt: de-duplicate side effects with it.</param>
/// <param name="EnqueuedAt">When it was queued.</param>
/// <param name="LeasedAt">When the lease began.</param>
/// <param name="Deadlines">When it must be reported, and the next heartbeat.</param>
public sealed record AgentTaskResponse(
    string TaskId,
    string WorkflowId,
    string StepId,
    int Attempt,
    string Capability,
    int Priority,
    JsonElement Input,
    string IdempotencyKey,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset? LeasedAt,
    TaskDeadlinesResponse Deadlines)
{
    /// <summary>Maps a leased task.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The API record.</returns>
    public static AgentTaskResponse From(AgentTaskRecord task) => new(
        task.TaskId, task.WorkflowId, task.StepId, task.Attempt, task.Capability, task.Options.Priority, task.Input, task.IdempotencyKey,
        task.EnqueuedAt, task.LeasedAt, new TaskDeadlinesResponse(task.RunBy, task.HeartbeatBy));
}
