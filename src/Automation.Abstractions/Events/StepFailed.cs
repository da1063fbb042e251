using Automation.Workflows;

namespace Automation.Events;

/// <summary>The step failed for good.</summary>
[GenerateSerializer, Immutable, Alias("automation.StepFailed")]
public sealed record StepFailed(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId, [property: Id(1)] int Attempt, [property: Id(2)] StepError Error)
    : WorkflowEvent(Sequence, Timestamp);
