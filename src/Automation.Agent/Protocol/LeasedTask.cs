using System.Text.Json;

namespace Automation.Agent.Protocol;

/// <summary>A task a poll leased to the agent.</summary>
internal sealed record LeasedTask(
    string TaskId,
    string WorkflowId,
    string StepId,
    int Attempt,
    string Capability,
    int Priority,
    JsonElement Input,
    string IdempotencyKey,
    DateTimeOffset? EnqueuedAt,
    DateTimeOffset? LeasedAt,
    TaskDeadlines? Deadlines);
