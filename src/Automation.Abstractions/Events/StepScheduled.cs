namespace Automation.Events;

/// <summary>The step's dependencies completed and it was durably dispatched.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepScheduled")]
public sealed record StepScheduled(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId)
    : WorkflowEvent(Sequence, Timestamp);
