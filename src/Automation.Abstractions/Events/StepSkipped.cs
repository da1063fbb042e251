namespace Automation.Events;

/// <summary>The step never ran: its condition was false, its branch was not taken, every dependency was skipped, or the workflow failed first.</summary>
/// <remarks><see cref="Reason"/> is <see langword="null"/> in events recorded before reasons existed.</remarks>
[GenerateSerializer, Immutable, Alias("automation.StepSkipped")]
public sealed record StepSkipped(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string StepId, [property: Id(1)] string? Reason = null)
    : WorkflowEvent(Sequence, Timestamp);
