namespace Automation.Events;

/// <summary>Someone approved or rejected a waiting approval step.</summary>
[GenerateSerializer, Immutable, Alias("automation.ApprovalRecorded")]
public sealed record ApprovalRecorded(
    long Sequence,
    DateTimeOffset Timestamp,
    [property: Id(0)] string StepId,
    [property: Id(1)] bool Approved,
    [property: Id(2)] string By,
    [property: Id(3)] string? Comment)
    : WorkflowEvent(Sequence, Timestamp);
