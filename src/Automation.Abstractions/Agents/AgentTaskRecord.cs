using System.Text.Json;
using Automation.Definitions;

namespace Automation.Agents;

/// <summary>One attempt of an agent step as its queue partition keeps it (a row of <c>automation_agent_tasks</c>): queued, leased, or finished with a result.</summary>
/// <param name="TaskId">The task id, <c>{capability}~{partition}~{random}</c>.</param>
/// <param name="Capability">The capability.</param>
/// <param name="Partition">The queue partition.</param>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="StepId">The step.</param>
/// <param name="Attempt">The attempt (1-based).</param>
/// <param name="Input">The rendered input.</param>
/// <param name="Options">Priority and deadlines.</param>
/// <param name="EnqueuedAt">When it was queued.</param>
[GenerateSerializer, Immutable, Alias("automation.AgentTaskRecord")]
public sealed record AgentTaskRecord(
    [property: Id(0)] string TaskId,
    [property: Id(1)] string Capability,
    [property: Id(2)] int Partition,
    [property: Id(3)] string WorkflowId,
    [property: Id(4)] string StepId,
    [property: Id(5)] int Attempt,
    [property: Id(6)] JsonElement Input,
    [property: Id(7)] AgentStepOptions Options,
    [property: Id(8)] DateTimeOffset EnqueuedAt)
{
    /// <summary>The agent holding the lease; <see langword="null"/> while queued.</summary>
    [Id(9)] public string? AgentId { get; init; }

    /// <summary>When the current lease began.</summary>
    [Id(10)] public DateTimeOffset? LeasedAt { get; init; }

    /// <summary>When the latest heartbeat arrived (or the lease began); not written to storage on each heartbeat.</summary>
    [Id(11)] public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>The outcome once finished; re-sent to the workflow when it asks for the attempt again.</summary>
    [Id(12)] public AgentTaskResult? Result { get; init; }

    /// <summary>Whether the workflow no longer wants the attempt (a heartbeat learned it): the next heartbeat says so, reports get 409.</summary>
    [Id(13)] public bool CancelRequested { get; init; }

    /// <summary>The attempt's idempotency key, the same for every attempt of the step.</summary>
    public string IdempotencyKey => AgentNames.IdempotencyKey(WorkflowId, StepId);

    /// <summary>The time by which a leased task must be reported; <see langword="null"/> when not leased.</summary>
    public DateTimeOffset? RunBy => LeasedAt + Options.RunTimeout;

    /// <summary>The time by which the next heartbeat must arrive; <see langword="null"/> when not leased or the step has no heartbeat timeout.</summary>
    public DateTimeOffset? HeartbeatBy => Options.HeartbeatTimeout is { } gap && (HeartbeatAt ?? LeasedAt) is { } last ? last + gap : null;

    /// <summary>Whether it waits for a lease.</summary>
    public bool IsQueued => Result is null && AgentId is null;

    /// <summary>Whether an agent holds it.</summary>
    public bool IsLeased => Result is null && AgentId is not null;
}
