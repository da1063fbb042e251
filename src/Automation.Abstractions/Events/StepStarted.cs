namespace Automation.Events;

/// <summary>An attempt of the step started.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepStarted")]
public sealed record StepStarted(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId, [property: Id(1)] int Attempt)
    : WorkflowEvent(Sequence, Timestamp);
