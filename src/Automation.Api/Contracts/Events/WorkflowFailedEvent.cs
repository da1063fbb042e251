namespace Automation.Api.Contracts.Events;

/// <summary>The workflow failed.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Error">Why it failed.</param>
public sealed record WorkflowFailedEvent(long Sequence, DateTimeOffset Timestamp, ErrorInfo Error)
    : HistoryEvent(Sequence, Timestamp);
