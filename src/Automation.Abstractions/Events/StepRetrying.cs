using Automation.Workflows;

namespace Automation.Events;

/// <summary>An attempt failed; the next one runs at NextAttemptAt.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepRetrying")]
public sealed record StepRetrying(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId, [property: Id(1)] int Attempt, [property: Id(2)] StepError Error, [property: Id(3)] DateTimeOffset NextAttemptAt)
    : WorkflowEvent(Sequence, Timestamp);
