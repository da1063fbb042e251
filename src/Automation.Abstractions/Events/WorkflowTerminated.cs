namespace Automation.Events;

/// <summary>The workflow was terminated on request: running steps stopped, the others never ran.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowTerminated")]
public sealed record WorkflowTerminated(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string? Reason)
    : WorkflowEvent(Sequence, Timestamp);
