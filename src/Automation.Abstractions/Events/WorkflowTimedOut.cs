using Automation.Workflows;

namespace Automation.Events;

/// <summary>The workflow did not finish within its definition's <c>timeout</c>.</summary>
[GenerateSerializer, Immutable, Alias("automation.WorkflowTimedOut")]
public sealed record WorkflowTimedOut(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] StepError Error)
    : WorkflowEvent(Sequence, Timestamp);
