namespace Automation.Api.Contracts.Events;

/// <summary>The workflow was cancelled.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Reason">Why, as given to the cancel request.</param>
public sealed record WorkflowCancelledEvent(long Sequence, DateTimeOffset Timestamp, string? Reason)
    : HistoryEvent(Sequence, Timestamp);
