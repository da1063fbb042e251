namespace Automation.Events;

/// <summary>The step never ran because the workflow ended first.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepSkipped")]
public sealed record StepSkipped(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId)
    : WorkflowEvent(Sequence, Timestamp);
