using Automation.Workflows;

namespace Automation.Events;

/// <summary>The workflow failed.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowFailed")]
public sealed record WorkflowFailed(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] StepError Error)
    : WorkflowEvent(Sequence, Timestamp);
