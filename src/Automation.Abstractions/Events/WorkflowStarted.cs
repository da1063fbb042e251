namespace Automation.Events;

/// <summary>The workflow was started with a pinned definition version.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowStarted")]
public sealed record WorkflowStarted(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string Definition, [property: Id(1)] int Version)
    : WorkflowEvent(Sequence, Timestamp);
