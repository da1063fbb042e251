namespace Automation.Events;

/// <summary>The workflow was cancelled.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowCancelled")]
public sealed record WorkflowCancelled(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string? Reason)
    : WorkflowEvent(Sequence, Timestamp);
