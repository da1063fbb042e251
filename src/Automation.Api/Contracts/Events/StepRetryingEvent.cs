namespace Automation.Api.Contracts.Events;

/// <summary>An attempt failed; the next one runs at nextAttemptAt.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Attempt">The attempt that failed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="NextAttemptAt">When the next attempt runs.</param>
public sealed record StepRetryingEvent(long Sequence, DateTimeOffset Timestamp, string StepId, int Attempt, ErrorInfo Error, DateTimeOffset NextAttemptAt)
    : HistoryEvent(Sequence, Timestamp);
