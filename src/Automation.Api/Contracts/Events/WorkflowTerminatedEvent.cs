namespace Automation.Api.Contracts.Events;

/// <summary>The workflow was terminated on request: running steps stopped, the others never ran.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Reason">Why, as given to the terminate request.</param>
public sealed record WorkflowTerminatedEvent(long Sequence, DateTimeOffset Timestamp, string? Reason)
    : HistoryEvent(Sequence, Timestamp);
