namespace Automation.Events;

/// <summary>A paused workflow was resumed.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowResumed")]
public sealed record WorkflowResumed(long Sequence, DateTimeOffset Timestamp)
    : WorkflowEvent(Sequence, Timestamp);
