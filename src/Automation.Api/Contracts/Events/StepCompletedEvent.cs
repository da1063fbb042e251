namespace Automation.Api.Contracts.Events;

/// <summary>The step completed; its output is in the workflow.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Attempt">The attempt that completed.</param>
public sealed record StepCompletedEvent(long Sequence, DateTimeOffset Timestamp, string StepId, int Attempt)
    : HistoryEvent(Sequence, Timestamp);
