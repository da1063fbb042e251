namespace Automation.Events;

/// <summary>The step completed; its output is in the workflow state.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepCompleted")]
public sealed record StepCompleted(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId, [property: Id(1)] int Attempt)
    : WorkflowEvent(Sequence, Timestamp);
