namespace Automation.Api.Contracts.Events;

/// <summary>The step's dependencies completed and it was durably dispatched.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="StepId">The step id.</param>
public sealed record StepScheduledEvent(long Sequence, DateTimeOffset Timestamp, string StepId)
    : HistoryEvent(Sequence, Timestamp);
