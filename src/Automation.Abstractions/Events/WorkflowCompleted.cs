namespace Automation.Events;

/// <summary>Every step completed; the output is in the workflow state.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowCompleted")]
public sealed record WorkflowCompleted(long Sequence, DateTimeOffset Timestamp)
    : WorkflowEvent(Sequence, Timestamp);
