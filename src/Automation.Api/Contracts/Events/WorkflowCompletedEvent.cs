namespace Automation.Api.Contracts.Events;

/// <summary>Every step completed; the output is in the workflow.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
public sealed record WorkflowCompletedEvent(long Sequence, DateTimeOffset Timestamp)
    : HistoryEvent(Sequence, Timestamp);
