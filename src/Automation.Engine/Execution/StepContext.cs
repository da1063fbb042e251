using System.Text.Json;

namespace Automation.Engine.Execution;

/// <summary>What a handler gets for one attempt.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Attempt">The 1-based attempt number.</param>
/// <param name="With">The rendered arguments.</param>
/// <param name="ScheduledAt">When the step was durably dispatched.</param>
public sealed record StepContext(string WorkflowId, string StepId, int Attempt, JsonElement With, DateTimeOffset ScheduledAt)
{
    private readonly string? _idempotencyKey;

    /// <summary>
    /// The idempotency key this attempt sends: <c>{workflowId}:{stepId}:{attempt}</c>, unless the caller sets one that
    /// every attempt shares (alert deliveries do, so a receiver can drop a retry it already accepted).
    /// </summary>
    public string IdempotencyKey
    {
        get => _idempotencyKey ?? TaskKeys.IdempotencyKey(WorkflowId, StepId, Attempt);
        init => _idempotencyKey = value;
    }
}
