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
    /// <summary>The idempotency key of this attempt.</summary>
    public string IdempotencyKey => TaskKeys.IdempotencyKey(WorkflowId, StepId, Attempt);
}
