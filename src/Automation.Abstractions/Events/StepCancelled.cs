namespace Automation.Events;

/// <summary>The step was stopped by a cancellation.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepCancelled")]
public sealed record StepCancelled(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId)
    : WorkflowEvent(Sequence, Timestamp);
