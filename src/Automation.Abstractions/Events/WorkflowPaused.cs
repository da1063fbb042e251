namespace Automation.Events;

/// <summary>The workflow was paused: running steps finish, no new step is dispatched until it is resumed.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowPaused")]
public sealed record WorkflowPaused(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string? Reason)
    : WorkflowEvent(Sequence, Timestamp);
