using System.Text.Json;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

/// <summary>Persisted state of one step inside <see cref="WorkflowState"/>.</summary>
[GenerateSerializer, Alias("automation.grains.StepState")]
public sealed class StepState
{
    /// <summary>The step status.</summary>
    [Id(0)] public StepStatus Status { get; set; } = StepStatus.Pending;

    /// <summary>Attempts that have finished (failed or succeeded).</summary>
    [Id(1)] public int AttemptsFinished { get; set; }

    /// <summary>The output once completed.</summary>
    [Id(2)] public JsonElement? Output { get; set; }

    /// <summary>The last error.</summary>
    [Id(3)] public StepError? Error { get; set; }

    /// <summary>When the step was dispatched; durable timers count from here.</summary>
    [Id(4)] public DateTimeOffset? ScheduledAt { get; set; }

    /// <summary>When the step reached a final status.</summary>
    [Id(5)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the next attempt is dispatched, while <see cref="StepStatus.Retrying"/> (the workflow owns retries).</summary>
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Every failed attempt.</summary>
    [Id(7)] public List<AttemptFailure> Failures { get; set; } = [];

    /// <summary>When a <see cref="StepStatus.Waiting"/> step is woken (its durable timer).</summary>
    [Id(8)] public DateTimeOffset? WakeAt { get; set; }

    /// <summary>What a <see cref="StepStatus.Waiting"/> <c>wait</c> step waits for (a signal or an approval); its timeout is <see cref="WakeAt"/>.</summary>
    [Id(9)] public StepWait? Awaiting { get; set; }

    /// <summary>Attempts that belong to runs before the latest workflow retry: the retry policy counts <see cref="AttemptsFinished"/> minus this.</summary>
    [Id(10)] public int AttemptBase { get; set; }

    /// <summary>The child workflows of a <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step, once it has activated.</summary>
    [Id(11)] public ChildRuns? Children { get; set; }

    /// <summary>
    /// The service an <c>http</c> step waits for (Unhealthy, or its breaker open), from the first deferred dispatch until
    /// an attempt runs; while the step is <see cref="StepStatus.Waiting"/>, <see cref="WakeAt"/> is its next check.
    /// </summary>
    [Id(12)] public ServiceWait? ServiceWait { get; set; }

    /// <summary>
    /// Whether the step is exactly as the workflow's start created it: pending, never dispatched, nothing recorded. The
    /// workflow grain does not write such steps (it recreates them from the definition), so a member added above must
    /// be checked here too (StepStateJsonTests sets every member in turn).
    /// </summary>
    /// <returns><see langword="true"/> when every member has its initial value.</returns>
    public bool IsUntouched() =>
        Status == StepStatus.Pending && AttemptsFinished == 0 && Output is null && Error is null && ScheduledAt is null
        && CompletedAt is null && NextAttemptAt is null && Failures.Count == 0 && WakeAt is null && Awaiting is null
        && AttemptBase == 0 && Children is null && ServiceWait is null;
}
