namespace Automation.Events;

/// <summary>An <c>http</c> step waits for its service (Unhealthy, or its breaker open) instead of spending an attempt.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepWaitingForService")]
public sealed record StepWaitingForService(
    long Sequence,
    DateTimeOffset Timestamp,
    [property: Id(0)] string StepId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Service,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset Until)
    : WorkflowEvent(Sequence, Timestamp);
