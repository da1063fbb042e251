namespace Automation.Api.Contracts.Events;

/// <summary>The step failed for good.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Attempt">The last attempt.</param>
/// <param name="Error">Why it failed.</param>
public sealed record StepFailedEvent(long Sequence, DateTimeOffset Timestamp, string StepId, int Attempt, ErrorInfo Error)
    : HistoryEvent(Sequence, Timestamp);
